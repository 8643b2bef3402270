from django.urls import path

from maillage.maturity import hub_views, views

app_name = "maturity"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<slug:slug>/", views.organisation_maturity, name="organisation"),
    path("organisations/<slug:slug>/start/", views.start, name="start"),
    path("assessments/<int:pk>/", views.results, name="results"),
    path("assessments/<int:pk>/report.pdf", views.results_download, name="results_pdf"),
    path("assessments/<int:pk>/review/", views.review, name="review"),
    path("assessments/<int:pk>/discard/", views.discard, name="discard"),
    path("assessments/<int:pk>/<str:dimension>/", views.step, name="step"),
    path("follows/<int:pk>/end/", views.end_follow, name="end_follow"),
    path("hubs/<slug:slug>/", hub_views.hub, name="hub"),
    path("hubs/<slug:slug>/follows/", hub_views.follow, name="follow"),
    path("hubs/<slug:slug>/edih-export.csv", hub_views.edih_export, name="edih_export"),
    path("hubs/<slug:slug>/import/", hub_views.result_import, name="result_import"),
    path(
        "hubs/<slug:slug>/import/jobs/<int:job_id>/",
        hub_views.result_import_job,
        name="result_import_job",
    ),
]
