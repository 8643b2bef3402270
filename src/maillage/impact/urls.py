from django.urls import path

from maillage.impact.views import history, links, organisers

app_name = "impact"

urlpatterns = [
    # -- signed links from the e-mails (no login) ---------------------------------------------
    path("rate/<int:request_id>/<str:token>/", links.rate, name="rate"),
    path("wave/<str:token>/", links.wave, name="wave"),
    path("links/renew/", links.renew, name="renew"),
    path("unsubscribe/<str:token>/", links.unsubscribe_page, name="unsubscribe"),
    # -- a company's own history (login) ------------------------------------------------------
    path("history/", history.history, name="history"),
    path("history/subscription/", history.subscription, name="subscription"),
    path("history/<int:invitation_id>/", history.invitation, name="history_invitation"),
    path("history/<int:invitation_id>/rate/<int:request_id>/", history.rate, name="history_rate"),
    path(
        "organisations/<slug:slug>/history/",
        history.organisation_history,
        name="organisation_history",
    ),
    # -- organisers -----------------------------------------------------------------------------
    path("events/<slug:slug>/follow-up/", organisers.follow_up, name="follow_up"),
    path("reports/", organisers.report_index, name="report_index"),
    path("reports/<slug:slug>/", organisers.report_page, name="report"),
    path("reports/<slug:slug>/kpis.json", organisers.report_json_file, name="report_json"),
    path("reports/<slug:slug>/files/", organisers.report_start, name="report_start"),
    path("reports/<slug:slug>/files/<int:job_id>/", organisers.report_job, name="report_job"),
    path(
        "reports/<slug:slug>/files/<int:job_id>/download/",
        organisers.report_download,
        name="report_download",
    ),
]
