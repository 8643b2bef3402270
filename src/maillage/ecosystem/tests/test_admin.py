import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

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
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "alice"}).status_code == 200
    assert client.get(f"{url}add/").status_code == 200


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
