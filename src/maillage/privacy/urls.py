from django.contrib.auth.decorators import login_required
from django.urls import path

from maillage.privacy import views

app_name = "privacy"

# Under /accounts/me/ (see the project's urls.py).
urlpatterns = [
    path("data/", views.my_data, name="my_data"),
    path("export.json", views.export_json, name="export_json"),
    path("consents/<int:contact_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("delete/", views.account_delete, name="account_delete"),
    path("password/", login_required(views.PasswordChangeView.as_view()), name="password_change"),
]
