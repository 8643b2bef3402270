import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client, RequestFactory

from maillage.accounts.models import AffiliationClaim
from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPS = ("ecosystem", "marketplace", "events", "accounts")


def test_admin_registers_every_model_of_the_apps() -> None:
    missing = [
        model._meta.label
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.auto_created and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model",
    [m for app in APPS for m in apps.get_app_config(app).get_models() if m in admin.site._registry],
    ids=lambda m: m._meta.label,
)
def test_admin_changelist_and_search_render(client: Client, cast: Cast, model) -> None:
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "alice"}).status_code == 200
    # Read-only admins (a claim is answered through its service) refuse the add page.
    request = RequestFactory().get(f"{url}add/")
    request.user = admin_user
    addable = admin.site._registry[model].has_add_permission(request)
    assert client.get(f"{url}add/").status_code == (200 if addable else 403)


def test_claims_are_read_only_in_the_admin() -> None:
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    claims = admin.site._registry[AffiliationClaim]
    assert not claims.has_add_permission(request)
    assert not claims.has_change_permission(request)


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_admin_refused_to_non_admins(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    response = client.get("/admin/ecosystem/organisation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_user_change_page_by_email(client: Client, cast: Cast) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/accounts/user/{cast.alice.pk}/change/")
    assert response.status_code == 200
    assert "alice@example.org" in response.content.decode()
