from django.urls import path

from maillage.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("labels/<slug:slug>/", views.label_detail, name="label_detail"),
    path("applications/<int:pk>/review/", views.review, name="review"),
    path("<slug:slug>/", views.entry_detail, name="entry_detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
]
