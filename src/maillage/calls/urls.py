from django.urls import path

from maillage.calls.views import browse, consortia, manage

app_name = "calls"

urlpatterns = [
    path("", browse.call_list, name="call_list"),
    # Before the call routes, so these words are never taken for a call's slug.
    path("for-you/", browse.calls_for_you, name="calls_for_you"),
    path("new/", manage.call_create, name="call_create"),
    path("import/", manage.call_import, name="call_import"),
    path("import/<int:job_id>/", manage.call_import_job, name="call_import_job"),
    path("consortia/", consortia.consortium_list, name="consortium_list"),
    path("consortia/<int:consortium_id>/", consortia.consortium_detail, name="consortium"),
    path("consortia/<int:consortium_id>/wanted/", consortia.wanted_add, name="wanted_add"),
    path(
        "consortia/<int:consortium_id>/wanted/<int:wanted_id>/remove/",
        consortia.wanted_remove,
        name="wanted_remove",
    ),
    path("consortia/<int:consortium_id>/invite/", consortia.invite, name="invite"),
    path(
        "consortia/<int:consortium_id>/invitations/<int:partner_id>/accept/",
        consortia.invitation_answer,
        {"answer": "accept"},
        name="invitation_accept",
    ),
    path(
        "consortia/<int:consortium_id>/invitations/<int:partner_id>/decline/",
        consortia.invitation_answer,
        {"answer": "decline"},
        name="invitation_decline",
    ),
    path("<slug:slug>/", browse.call_detail, name="call_detail"),
    path("<slug:slug>/edit/", manage.call_edit, name="call_edit"),
    path("<slug:slug>/interest/", manage.interest_express, name="interest_express"),
    path("<slug:slug>/interest/withdraw/", manage.interest_withdraw, name="interest_withdraw"),
    path("<slug:slug>/interests/", manage.interest_table, name="interest_table"),
    path("<slug:slug>/consortia/new/", consortia.consortium_create, name="consortium_create"),
]
