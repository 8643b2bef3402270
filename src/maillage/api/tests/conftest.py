"""Helpers for the API tests: problem assertions, tokens, a snapshot of what could be written."""

import json
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.api.services import create_api_token
from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.tests.factories import UserFactory

PROBLEM = "application/problem+json"


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """Assert ``response`` is a problem+json with this status and code; return its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


def snapshot() -> tuple[object, ...]:
    """Everything an organisation write could change, to assert that nothing was written."""
    organisations = tuple(
        Organisation.objects.order_by("pk").values_list(
            "pk",
            "name",
            "short_name",
            "kind",
            "enterprise_number",
            "vat_number",
            "country",
            "postcode",
            "city",
            "province",
            "website",
            "size_band",
            "descriptions",
            "slug",
        )
    )
    links = tuple(
        Organisation.domains.through.objects.order_by("pk").values_list(
            "organisation_id", "domain_id"
        )
    )
    memberships = tuple(
        Membership.objects.order_by("pk").values_list("organisation_id", "network_id")
    )
    return organisations, links, memberships


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _fast_hashing_and_english(settings: Any) -> None:
    """Cheap password hashes (the cast has five users); messages asserted in English."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def client() -> Client:
    """The test client, asking for English as a script would with Accept-Language."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def admin(db: None) -> User:
    return UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def token_for(db: None):
    def make(user: User) -> str:
        return create_api_token(user=user, name="test")[1]

    return make


@pytest.fixture
def as_user(client: Client):
    """``as_user(user)``: the test client logged in as ``user`` (None: anonymous)."""

    def login(user: User | None) -> Client:
        if user is not None:
            client.force_login(user)
        return client

    return login
