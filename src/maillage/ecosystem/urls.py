from django.urls import path

from maillage.ecosystem import claim_views, export_views, invitations, views
from maillage.ecosystem.imports import views as import_views

app_name = "ecosystem"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    # Before the detail route, so "new" is never taken for a slug.
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path(
        "organisations/export.csv",
        export_views.organisation_export,
        {"file_format": "csv"},
        name="organisation_export_csv",
    ),
    path(
        "organisations/export.xlsx",
        export_views.organisation_export,
        {"file_format": "xlsx"},
        name="organisation_export_xlsx",
    ),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/logo/", views.organisation_logo, name="organisation_logo"),
    path("organisations/<slug:slug>/contacts/new/", views.contact_edit, name="contact_create"),
    path(
        "organisations/<slug:slug>/contacts/<int:contact_id>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path("map/", views.network_map, name="network_map"),
    path("invitations/", invitations.invitation_list, name="invitations"),
    path("organisations/<slug:slug>/join/", claim_views.claim_create, name="claim_create"),
    path("claims/", claim_views.claim_list, name="claims"),
    path("claims/<int:claim_id>/answer/", claim_views.claim_answer, name="claim_answer"),
    path(
        "invitations/<int:membership_id>/answer/",
        invitations.invitation_answer,
        name="invitation_answer",
    ),
    path("clusters/<slug:slug>/import/", import_views.member_import, name="member_import"),
    path(
        "clusters/<slug:slug>/import/confirm/",
        import_views.member_import_confirm,
        name="member_import_confirm",
    ),
    path(
        "clusters/<slug:slug>/import/jobs/<int:job_id>/",
        import_views.member_import_job,
        name="member_import_job",
    ),
]
