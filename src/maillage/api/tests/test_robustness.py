"""Odd input on every list, and a schema whose enums and nullable fields say the truth."""

import json
from typing import Any

import pytest
from django.test import Client

from maillage.api.schemas import MAX_OFFSET
from maillage.conftest import Cast
from maillage.ecosystem.models import Membership, Organisation
from maillage.events.models import MeetingRequest, Registration
from maillage.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(cast: Cast) -> list[str]:
    event = EventFactory()
    return [
        "/api/v1/organisations",
        f"/api/v1/organisations/{cast.alice_org.slug}/contacts",
        "/api/v1/clusters",
        "/api/v1/domains",
        "/api/v1/events",
        f"/api/v1/events/{event.slug}/registrations",
        f"/api/v1/events/{event.slug}/requests",
    ]


@pytest.mark.parametrize("offset", [2**63, 2**63 - 1, MAX_OFFSET + 1, 10**30])
def test_offset_beyond_the_databases_integers_is_422_on_every_list(
    client: Client, cast: Cast, lists: list[str], offset: int
) -> None:
    client.force_login(cast.alice)
    for path in lists:
        response = client.get(path, {"offset": offset})
        assert response.status_code == 422, (path, response.content)
        assert json.loads(response.content)["errors"].keys() == {"offset"}


def test_largest_offset_answers_an_empty_page(client: Client, cast: Cast, lists: list[str]) -> None:
    client.force_login(cast.alice)
    for path in lists:
        response = client.get(path, {"offset": MAX_OFFSET, "limit": 500})
        if path.endswith("/registrations"):
            # The participant list: alice is not registered, which is said before paging.
            assert response.status_code == 403, path
            continue
        assert response.status_code == 200, (path, response.content)
        assert json.loads(response.content)["items"] == []


def _schema(client: Client) -> dict[str, Any]:
    return json.loads(client.get("/api/v1/openapi.json").content)  # type: ignore[no-any-return]


def test_schema_enums_of_roles_and_statuses_are_each_their_own(client: Client, db: None) -> None:
    schemas = _schema(client)["components"]["schemas"]
    assert "Role" not in schemas
    assert schemas["MemberOut"]["properties"]["role"]["enum"] == list(Membership.Role.values)
    registration = schemas["RegistrationOut"]["properties"]
    assert registration["role"]["enum"] == list(Registration.Role.values)
    assert registration["status"]["enum"] == list(Registration.Status.values)
    request = schemas["MeetingRequestOut"]["properties"]
    assert request["status"]["enum"] == list(MeetingRequest.Status.values)
    # Another app's "Kind" (catalogue entries) once replaced the organisations' one.
    for name in ("OrganisationOut", "ClusterOut", "OrganisationRef"):
        kind = schemas[name]["properties"]["kind"]
        assert kind["enum"] == list(Organisation.Kind.values), name


def test_patch_schema_declares_nullable_only_what_accepts_null(client: Client, db: None) -> None:
    patch = _schema(client)["components"]["schemas"]["OrganisationPatch"]["properties"]
    nullable = sorted(
        name
        for name, field in patch.items()
        if any(option.get("type") == "null" for option in field.get("anyOf", []))
    )
    assert nullable == ["size_band"]


@pytest.mark.parametrize("number", [2**63, 10**30])
def test_record_numbers_beyond_the_databases_integers_are_422(
    client: Client, cast: Cast, number: int
) -> None:
    """SQLite cannot even send such a number (it raised OverflowError: a 500)."""
    event = EventFactory()
    client.force_login(cast.alice)
    big = str(number)
    for method, path, name in [
        ("get", f"/api/v1/calls/consortia/{big}/partners", "consortium_id"),
        ("post", f"/api/v1/calls/consortia/1/invitations/{big}/accept", "partner_id"),
        ("post", f"/api/v1/calls/consortia/{big}/invitations/1/decline", "consortium_id"),
        ("get", f"/api/v1/listings/{big}", "listing_id"),
        ("post", f"/api/v1/events/{event.slug}/requests/{big}/accept", "request_id"),
        ("get", f"/api/v1/events/{event.slug}/schedule/runs/{big}", "run_id"),
    ]:
        response = getattr(client, method)(path)
        assert response.status_code == 422, (path, response.content)
        assert json.loads(response.content)["errors"].keys() == {name}, path
