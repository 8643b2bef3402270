from django.urls import path

from maillage.marketplace import views

app_name = "marketplace"

urlpatterns = [
    path("", views.listing_list, name="listing_list"),
    path("new/", views.listing_create, name="listing_create"),
    path("<int:pk>/", views.listing_detail, name="listing_detail"),
    path("<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("<int:pk>/withdraw/", views.listing_withdraw, name="listing_withdraw"),
]
