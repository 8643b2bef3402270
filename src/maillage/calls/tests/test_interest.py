"""Expressions of interest: seen only by the organisation and the relaying cluster's managers."""

import json
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.calls.eligibility import pack
from maillage.calls.models import Call, ExpressionOfInterest
from maillage.calls.tests.factories import CallFactory
from maillage.conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_interested(cast: Cast, relayed_call: Call) -> ExpressionOfInterest:
    return ExpressionOfInterest.objects.create(
        call=relayed_call, organisation=cast.alice_org, user=cast.alice, message="We apply."
    )


def _as(client: Client, user: User | None) -> Client:
    if user is not None:
        client.force_login(user)
    return client


def test_member_expresses_interest_from_the_call_page(
    client: Client, cast: Cast, relayed_call: Call
) -> None:
    client.force_login(cast.bob)
    response = client.post(
        f"/calls/{relayed_call.slug}/interest/",
        {"organisation": cast.bob_org.pk, "message": "Interested in GreenAdopt."},
        headers={"Accept-Language": "en"},
        follow=True,
    )
    assert response.status_code == 200
    interest = ExpressionOfInterest.objects.get()
    assert (interest.organisation, interest.user, interest.message) == (
        cast.bob_org,
        cast.bob,
        "Interested in GreenAdopt.",
    )
    assert "Your interest was sent to Alpha." in response.text
    assert 'id="my-interest"' in response.text


@pytest.mark.parametrize(
    ("who", "sees_own", "sees_count"),
    [
        ("alice", True, False),
        ("bob", False, False),
        ("charlie", False, False),
        ("manager", False, True),
    ],
)
def test_call_page_shows_interest_only_to_its_organisation_and_the_managers(
    *,
    client: Client,
    cast: Cast,
    manager: User,
    alice_interested: ExpressionOfInterest,
    who: str,
    sees_own: bool,
    sees_count: bool,
) -> None:
    user = manager if who == "manager" else getattr(cast, who)
    response = _as(client, user).get(
        f"/calls/{alice_interested.call.slug}/", headers={"Accept-Language": "en"}
    )
    assert ("Alice Robotics SRL told Alpha of its interest" in response.text) is sees_own
    assert ("1 organisation has expressed interest." in response.text) is sees_count
    assert ("We apply." in response.text) is False  # the message is for the table only


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 403), ("bob", 403), ("charlie", 403), ("manager", 200), ("admin", 200)],
)
def test_interest_table_is_for_the_relaying_managers_only(
    *,
    client: Client,
    cast: Cast,
    manager: User,
    alice_interested: ExpressionOfInterest,
    who: str,
    status: int,
) -> None:
    users = {"manager": manager, "admin": User.objects.create_superuser("root@example.org", "x")}
    user = users.get(who) or getattr(cast, who)
    response = _as(client, user).get(f"/calls/{alice_interested.call.slug}/interests/")
    assert response.status_code == status
    if status == 200:
        assert "Alice Robotics SRL" in response.text
        assert "We apply." in response.text
        assert "alice@example.org" in response.text


def test_interest_table_redirects_anonymous_visitors_to_log_in(
    client: Client, alice_interested: ExpressionOfInterest
) -> None:
    response = client.get(f"/calls/{alice_interested.call.slug}/interests/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_managers_of_another_cluster_do_not_see_the_table(
    client: Client, cast: Cast, alice_interested: ExpressionOfInterest
) -> None:
    other = User.objects.create_user("omega@example.org", "x")
    other.affiliations.create(organisation=cast.other_cluster, role="manager")
    client.force_login(other)
    assert client.get(f"/calls/{alice_interested.call.slug}/interests/").status_code == 403


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_nobody_expresses_interest_for_an_organisation_they_do_not_act_for(
    client: Client, cast: Cast, relayed_call: Call, who: str
) -> None:
    client.force_login(getattr(cast, who))
    response = client.post(
        f"/calls/{relayed_call.slug}/interest/", {"organisation": cast.alice_org.pk}
    )
    assert response.status_code == 403
    assert not ExpressionOfInterest.objects.exists()


@pytest.mark.parametrize(
    ("call_kwargs", "message"),
    [
        ({"deadlines": [-1]}, "This call is closed."),
        ({"relayed_by": None}, "no cluster relays this one"),
        (
            {"eligible_applicants": pack(["research"])},
            "This call does not fund organisations of the kind “SME”.",
        ),
        (
            {"eligible_countries": pack(["FR", "DE"])},
            "This call is not open to organisations established in BE.",
        ),
    ],
)
def test_express_interest_refuses_with_the_reason(
    client: Client, cast: Cast, call_kwargs: dict[str, Any], message: str
) -> None:
    call = CallFactory(**{"relayed_by": cast.cluster, **call_kwargs})
    client.force_login(cast.alice)
    response = client.post(
        f"/calls/{call.slug}/interest/",
        {"organisation": cast.alice_org.pk},
        headers={"Accept-Language": "en"},
        follow=True,
    )
    assert message in response.text
    assert not ExpressionOfInterest.objects.exists()


def test_expressing_interest_again_updates_the_message(
    client: Client, cast: Cast, alice_interested: ExpressionOfInterest
) -> None:
    client.force_login(cast.alice)
    client.post(
        f"/calls/{alice_interested.call.slug}/interest/",
        {"organisation": cast.alice_org.pk, "message": "Now with a partner."},
    )
    assert list(ExpressionOfInterest.objects.values_list("message", flat=True)) == [
        "Now with a partner."
    ]


def test_withdraw_interest_by_its_organisation_only(
    client: Client, cast: Cast, alice_interested: ExpressionOfInterest
) -> None:
    url = f"/calls/{alice_interested.call.slug}/interest/withdraw/"
    client.force_login(cast.charlie)
    assert client.post(url, {"organisation": cast.alice_org.slug}).status_code == 403
    assert ExpressionOfInterest.objects.exists()
    client.force_login(cast.alice)
    assert client.post(url, {"organisation": cast.alice_org.slug}).status_code == 302
    assert not ExpressionOfInterest.objects.exists()


# -- the API ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, []),
        ("alice", ["alice-robotics-srl"]),
        ("bob", []),
        ("charlie", []),
        ("manager", ["alice-robotics-srl"]),
    ],
)
def test_api_interests_show_each_caller_what_they_may_see(
    *,
    client: Client,
    cast: Cast,
    manager: User,
    alice_interested: ExpressionOfInterest,
    who: str | None,
    expected: list[str],
) -> None:
    user = manager if who == "manager" else (getattr(cast, who) if who else None)
    body = _as(client, user).get(f"/api/v1/calls/{alice_interested.call.slug}/interests").json()
    assert [item["organisation"]["slug"] for item in body["items"]] == expected
    assert body["count"] == len(expected)


def test_api_post_interest_creates_then_updates(
    client: Client, cast: Cast, relayed_call: Call
) -> None:
    client.force_login(cast.bob)
    url = f"/api/v1/calls/{relayed_call.slug}/interest"
    first = client.post(url, {"organisation": cast.bob_org.slug}, content_type="application/json")
    assert first.status_code == 201
    assert first.json()["organisation"]["slug"] == cast.bob_org.slug
    again = client.post(
        url, {"organisation": cast.bob_org.slug, "message": "Hi"}, content_type="application/json"
    )
    assert (again.status_code, again.json()["message"]) == (200, "Hi")


@pytest.mark.parametrize(
    ("who", "body", "status", "detail"),
    [
        (None, {"organisation": "alice-robotics-srl"}, 401, None),
        ("charlie", {"organisation": "alice-robotics-srl"}, 403, "You do not act for"),
        ("alice", {"organisation": "nobody"}, 422, "No organisation has the slug nobody."),
        ("alice", {"organisation": "alice-robotics-srl", "extra": 1}, 422, "Unknown field."),
        ("alice", {"organisation": "alice-robotics-srl", "message": "x" * 2001}, 422, None),
    ],
)
def test_api_post_interest_refusals(
    *,
    client: Client,
    cast: Cast,
    relayed_call: Call,
    who: str | None,
    body: dict[str, object],
    status: int,
    detail: str | None,
) -> None:
    _as(client, getattr(cast, who) if who else None)
    response = client.post(
        f"/api/v1/calls/{relayed_call.slug}/interest",
        json.dumps(body),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    if detail:
        assert detail in json.dumps(response.json(), ensure_ascii=False)
    assert not ExpressionOfInterest.objects.exists()


def test_api_delete_interest(
    client: Client, cast: Cast, alice_interested: ExpressionOfInterest
) -> None:
    url = f"/api/v1/calls/{alice_interested.call.slug}/interest?organisation=alice-robotics-srl"
    client.force_login(cast.bob)
    assert client.delete(url).status_code == 403
    client.force_login(cast.alice)
    assert client.delete(url).status_code == 204
    assert not ExpressionOfInterest.objects.exists()
