"""``/api/v1/listings``: reads for anyone (hidden listings for their representatives only),
writes by the organisation's representatives, bad input as 4xx problem bodies."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maillage.api.tests.conftest import problem
from maillage.conftest import Cast
from maillage.ecosystem.models import Domain
from maillage.marketplace.models import Listing
from maillage.marketplace.tests.factories import make_listing

pytestmark = pytest.mark.django_db

URL = "/api/v1/listings"


def _in(days: int) -> str:
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


NEW: dict[str, Any] = {
    "organisation": "alice-robotics-srl",
    "kind": "offer",
    "type": "technology",
    "title": "Vision quality control",
    "description": "Cameras and inspection software",
    "language": "en",
    "domains": ["vision"],
}


def post(client: Client, data: object, url: str = URL) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client: Client, pk: int, data: object) -> Any:
    return client.patch(f"{URL}/{pk}", json.dumps(data), content_type="application/json")


@pytest.fixture
def vision(db: None) -> Domain:
    return Domain.objects.create(code="vision", label_fr="Vision", label_en="Vision")


def test_create_owner_publishes(as_user: Any, cast: Cast, vision: Domain) -> None:
    response = post(as_user(cast.alice), {**NEW, "expires_at": _in(30)})
    assert response.status_code == 201, response.content
    body = response.json()
    listing = Listing.objects.get()
    assert body["id"] == listing.pk
    assert body["organisation"]["slug"] == "alice-robotics-srl"
    assert (body["kind"], body["type"], body["status"], body["domains"]) == (
        "offer",
        "technology",
        "active",
        ["vision"],
    )
    assert listing.search_text == "vision quality control cameras and inspection software"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_create_member_and_outsider_are_403(
    as_user: Any, cast: Cast, vision: Domain, who: str
) -> None:
    body = problem(
        post(as_user(getattr(cast, who)), {**NEW, "expires_at": _in(30)}), 403, "forbidden"
    )
    assert body["detail"] == (
        "Only the organisation's representatives publish offers and needs in its name."
    )
    assert not Listing.objects.exists()


def test_create_anonymous_is_401(client: Client, cast: Cast) -> None:
    problem(post(client, {**NEW, "expires_at": _in(30)}), 401, "authentication_required")
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": ""}, {"title": ["Give the listing a title."]}),
        (
            {"title": "x" * 201},
            {"title": ["The title is 201 characters long; at most 200 are allowed."]},
        ),
        (
            {"description": "y" * 5001},
            {"description": ["The description is 5001 characters long; at most 5000 are allowed."]},
        ),
        ({"expires_at": _in(-1)}, {"expires_at": ["The expiry must be in the future."]}),
        (
            {"expires_at": _in(800)},
            {"expires_at": ["A listing is published for two years at most."]},
        ),
        (
            {"expires_at": "2099-01-01T00:00:00"},
            {"expires_at": ["The expiry must say its time zone (e.g. +01:00 or Z)."]},
        ),
        ({"domains": ["nope"]}, {"domains": ["Unknown domain codes: nope."]}),
        (
            {"title": "a\u0000b", "description": "\u0000"},
            {
                "title": ["Null characters are not allowed."],
                "description": ["Null characters are not allowed."],
            },
        ),
        ({"language": "xx"}, {"language": ["Choose French, English, Dutch or German."]}),
    ],
)
@pytest.mark.usefixtures("vision")
def test_create_bad_input_is_422_naming_the_field(
    as_user: Any, cast: Cast, changes: dict[str, object], errors: dict[str, list[str]]
) -> None:
    body = problem(
        post(as_user(cast.alice), {**NEW, "expires_at": _in(30), **changes}),
        422,
        "validation_failed",
    )
    assert body["errors"] == errors
    assert not Listing.objects.exists()


def test_create_unknown_field_and_kind_are_422(as_user: Any, cast: Cast) -> None:
    body = problem(
        post(as_user(cast.alice), {**NEW, "expires_at": _in(3), "kind": "gift", "colour": 1}),
        422,
        "validation_failed",
    )
    assert set(body["errors"]) == {"kind", "colour"}


def test_create_malformed_json_is_400(as_user: Any, cast: Cast) -> None:
    response = as_user(cast.alice).post(URL, "{", content_type="application/json")
    problem(response, 400, "malformed_json")


def test_create_for_unknown_organisation_is_404(as_user: Any, cast: Cast) -> None:
    problem(
        post(as_user(cast.alice), {**NEW, "organisation": "nobody", "expires_at": _in(3)}),
        404,
        "not_found",
    )


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("charlie", 403)])
def test_patch_owner_member_outsider(as_user: Any, cast: Cast, who: str, status: int) -> None:
    listing = make_listing(cast.alice_org, "Vision")
    response = patch(as_user(getattr(cast, who)), listing.pk, {"title": "Vision 2"})
    assert response.status_code == status
    listing.refresh_from_db()
    assert listing.title == ("Vision 2" if who == "alice" else "Vision")
    if status == 403:
        assert response.json()["detail"] == (
            "Only the organisation's representatives change or withdraw its offers and needs."
        )


def test_patch_anonymous_is_401(client: Client, cast: Cast) -> None:
    listing = make_listing(cast.alice_org, "Vision")
    problem(patch(client, listing.pk, {"title": "x"}), 401, "authentication_required")


def test_patch_bad_input_is_422_and_changes_nothing(as_user: Any, cast: Cast) -> None:
    listing = make_listing(cast.alice_org, "Vision")
    body = problem(
        patch(as_user(cast.alice), listing.pk, {"title": " ", "expires_at": _in(-2)}),
        422,
        "validation_failed",
    )
    assert set(body["errors"]) == {"title", "expires_at"}
    listing.refresh_from_db()
    assert listing.title == "Vision"


def test_patch_renews_an_expired_listing(as_user: Any, cast: Cast) -> None:
    listing = make_listing(cast.alice_org, "Vision", days=-1, status=Listing.Status.EXPIRED)
    body = patch(as_user(cast.alice), listing.pk, {"expires_at": _in(10)}).json()
    assert body["status"] == "active"


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("charlie", 403)])
def test_withdraw_owner_member_outsider(as_user: Any, cast: Cast, who: str, status: int) -> None:
    listing = make_listing(cast.alice_org, "Vision")
    response = post(as_user(getattr(cast, who)), {}, url=f"{URL}/{listing.pk}/withdraw")
    assert response.status_code == status
    listing.refresh_from_db()
    assert listing.status == ("withdrawn" if who == "alice" else "active")


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 404), ("charlie", 404)])
def test_detail_of_a_withdrawn_listing_owner_member_outsider(
    as_user: Any, cast: Cast, who: str, status: int
) -> None:
    listing = make_listing(cast.alice_org, "Vision", status=Listing.Status.WITHDRAWN)
    response = as_user(getattr(cast, who)).get(f"{URL}/{listing.pk}")
    assert response.status_code == status
    if status == 404:
        problem(response, 404, "not_found")


def test_detail_of_an_active_listing_is_public(client: Client, cast: Cast) -> None:
    listing = make_listing(cast.alice_org, "Vision")
    assert client.get(f"{URL}/{listing.pk}").json()["title"] == "Vision"
    problem(client.get(f"{URL}/999999"), 404, "not_found")


def test_list_bad_filter_is_422(client: Client) -> None:
    body = problem(client.get(f"{URL}?kind=gift"), 422, "validation_failed")
    assert list(body["errors"]) == ["kind"]
    problem(client.get(f"{URL}?limit=0"), 422, "validation_failed")


def test_list_pagination(client: Client, cast: Cast) -> None:
    for n in range(3):
        make_listing(cast.alice_org, f"Offer {n}")
    body = client.get(f"{URL}?limit=2&offset=1").json()
    assert (body["count"], body["limit"], body["offset"]) == (3, 2, 1)
    assert [item["title"] for item in body["items"]] == ["Offer 1", "Offer 0"]
