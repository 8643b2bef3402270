import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.conftest import Cast
from maillage.ecosystem.models import Membership
from maillage.ecosystem.tests.factories import DomainFactory
from maillage.events.models import BlockedPair, MeetingRequest
from maillage.events.services.b2b import request_meeting
from maillage.events.tests.b2b_fixtures import B2B, add_participants, make_b2b

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/events/ict-meets-mecatech/b2b/"


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()
    yield make_b2b(cast)
    cache.clear()


@pytest.fixture
def actors(cast: Cast, manager: Any) -> dict[str, Any]:
    return {"alice": cast.alice, "bob": cast.bob, "charlie": cast.charlie, "manager": manager}


def pending(b2b: B2B, **changes: Any) -> MeetingRequest:
    data = {
        "event": b2b.event,
        "requester": b2b.alice_reg,
        "recipient": b2b.bob_reg,
        "message": "Shall we meet?",
        "expires_at": timezone.now() + dt.timedelta(days=3),
    }
    data.update(changes)
    return MeetingRequest.objects.create(**data)


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 403), ("manager", 200)]
)
def test_participants_permissions(
    client: Client, b2b: B2B, actors: dict[str, Any], who: str, status: int
) -> None:
    client.force_login(actors[who])
    assert client.get(f"{URL}participants/").status_code == status


def test_participants_anonymous_redirects_to_login(client: Client, b2b: B2B) -> None:
    assert client.get(f"{URL}participants/")["Location"].startswith("/accounts/login/")


def test_participants_filtered_by_role_with_htmx_partial(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = client.get(f"{URL}participants/?role=supplier", HTTP_HX_REQUEST="true")
    assert [p.organisation.name for p in response.context["participants"]] == ["Bob Logistics SA"]
    assert response.content.lstrip().startswith(b'<div id="participants">')


def test_participants_filtered_by_cluster(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.get(f"{URL}participants/?cluster={cast.cluster.slug}")
    assert len(response.context["participants"]) == 2
    response = client.get(f"{URL}participants/?cluster={cast.other_cluster.slug}")
    assert response.context["participants"] == []


def test_participants_filtered_by_cluster_and_domain_read_without_distinct(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    """The filters are subqueries, so no registration repeats and the list is read without
    DISTINCT (over every column of 1,000 registrations, then sorted, the page's costliest
    query)."""
    b2b.alice_reg.organisation.domains.add(DomainFactory(code="robots"))
    client.force_login(cast.alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}participants/?cluster={cast.cluster.slug}&domain=robots")
    assert [p.pk for p in response.context["participants"]] == [b2b.alice_reg.pk]
    assert not [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"]]


def test_participants_filter_accepts_the_old_sector_parameter(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = client.get(f"{URL}participants/?sector={cast.other_cluster.slug}")
    assert response.context["participants"] == []
    assert response.context["filters"].cluster == cast.other_cluster.slug


def test_participants_ended_membership_neither_shown_nor_filtered(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    ended = timezone.localdate() - dt.timedelta(days=1)
    Membership.objects.filter(organisation=b2b.bob_reg.organisation).update(end_date=ended)
    client.force_login(cast.alice)
    response = client.get(f"{URL}participants/?cluster={cast.cluster.slug}")
    assert [p.organisation.name for p in response.context["participants"]] == [
        b2b.alice_reg.organisation.name
    ]
    everyone = client.get(f"{URL}participants/", **EN)
    bob = next(p for p in everyone.context["participants"] if p.pk == b2b.bob_reg.pk)
    assert list(bob.organisation.memberships.all()) == []


@pytest.mark.parametrize("extra", [0, 2])
def test_participants_query_count(
    client: Client, b2b: B2B, cast: Cast, extra: int, django_assert_num_queries: Any
) -> None:
    """One participant besides alice, then three."""
    b2b.bob_reg.delete()
    add_participants(b2b.event, 1 + extra)
    client.force_login(cast.alice)
    client.get(f"{URL}participants/")
    with django_assert_num_queries(14):
        response = client.get(f"{URL}participants/")
    assert len(response.context["participants"]) == 2 + extra


def test_participants_paginated_keeping_the_filters(
    client: Client, b2b: B2B, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("maillage.events.views.b2b.PARTICIPANTS_PER_PAGE", 2)
    add_participants(b2b.event, 3)
    client.force_login(cast.alice)
    first = client.get(f"{URL}participants/?role=supplier", **EN)
    second = client.get(f"{URL}participants/?role=supplier&page=2", **EN)
    assert len(first.context["participants"]) == 2
    assert len(second.context["participants"]) == 2
    assert b"4 participants" in first.content
    assert b'href="?role=supplier&amp;page=2"' in first.content


def test_suggestions_page_shows_provider_with_reasons(client: Client, b2b: B2B, cast: Cast) -> None:
    add_participants(b2b.event, 3)
    client.force_login(cast.alice)
    response = client.get(f"{URL}suggestions/", HTTP_ACCEPT_LANGUAGE="en")
    first = response.context["suggestions"][0]
    assert first.registration == b2b.bob_reg
    assert "Mutual interest: each side offers something the other needs" in first.reasons
    assert b"Mutual interest: each side offers something the other needs" in response.content
    in_french = client.get(f"{URL}suggestions/").content.decode()  # the default language
    assert "Intérêt mutuel : chacun propose ce dont l’autre a besoin" in in_french


def test_suggestions_page_forbidden_to_outsider(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.charlie)
    assert client.get(f"{URL}suggestions/").status_code == 403


def test_send_request_page(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.post(
        f"{URL}requests/send/", {"recipient": b2b.bob_reg.pk, "message": "Hello"}
    )
    assert response["Location"] == f"{URL}requests/"
    assert MeetingRequest.objects.get().message == "Hello"


@pytest.mark.parametrize(
    ("recipient", "message"),
    [
        ("alice", "You cannot request a meeting with yourself."),
        ("bob", "A request between you two already exists."),
        ("nobody", "This organisation does not take part in the event."),
    ],
)
def test_send_request_page_bad_input(
    client: Client, b2b: B2B, cast: Cast, recipient: str, message: str
) -> None:
    pending(b2b)
    client.force_login(cast.alice)
    target = {"alice": b2b.alice_reg.pk, "bob": b2b.bob_reg.pk, "nobody": 999_999}[recipient]
    response = client.post(
        f"{URL}requests/send/", {"recipient": target, "message": "Let us talk."}, **EN
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"recipient": [message]}
    assert "Let us talk.</textarea>" in response.content.decode()
    assert MeetingRequest.objects.count() == 1


def test_send_request_with_too_long_message_says_so_and_keeps_the_text(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.alice)
    text = "Nous fabriquons des pièces. " * 200  # 5,600 characters
    response = client.post(
        f"{URL}requests/send/", {"recipient": b2b.bob_reg.pk, "message": text}, **EN
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "message": ["Your message has 5599 characters; shorten it to 2000 at most."]
    }
    html = response.content.decode()
    assert f"{text}</textarea>" in html
    assert "Choose the participant to meet." not in html
    assert "Request a meeting with Bob Logistics SA" in html
    assert MeetingRequest.objects.count() == 0


def test_send_request_without_recipient_keeps_the_text(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = client.post(f"{URL}requests/send/", {"message": "Hello there"}, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors == {"recipient": ["Choose the participant to meet."]}
    assert "Hello there</textarea>" in response.content.decode()


def test_accept_with_htmx_swaps_row(client: Client, b2b: B2B, cast: Cast) -> None:
    request = pending(b2b)
    client.force_login(cast.bob)
    response = client.post(f"{URL}requests/{request.pk}/accept/", HTTP_HX_REQUEST="true", **EN)
    assert response.status_code == 200
    assert response.content.lstrip().startswith(f'<tr id="request-{request.pk}">'.encode())
    assert b"accepted" in response.content
    request.refresh_from_db()
    assert request.status == "accepted"


def test_decline_without_htmx_redirects(client: Client, b2b: B2B, cast: Cast) -> None:
    request = pending(b2b)
    client.force_login(cast.bob)
    response = client.post(f"{URL}requests/{request.pk}/decline/")
    assert response["Location"] == f"{URL}requests/"
    request.refresh_from_db()
    assert request.status == "declined"


def test_accept_expired_request_page_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    request = pending(b2b, expires_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(cast.bob)
    response = client.post(f"{URL}requests/{request.pk}/accept/", HTTP_HX_REQUEST="true", **EN)
    assert response.status_code == 422
    assert b"This request has expired." in response.content
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("charlie", 404)])
def test_accept_by_non_recipient(
    client: Client, b2b: B2B, cast: Cast, who: str, status: int
) -> None:
    request = pending(b2b)
    client.force_login(getattr(cast, who))
    assert client.post(f"{URL}requests/{request.pk}/accept/").status_code == status
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 403), ("manager", 200)]
)
def test_requests_page_permissions(
    client: Client, b2b: B2B, actors: dict[str, Any], who: str, status: int
) -> None:
    pending(b2b)
    client.force_login(actors[who])
    assert client.get(f"{URL}requests/").status_code == status


@pytest.mark.parametrize("count", [1, 3])
def test_requests_page_query_count(
    client: Client, b2b: B2B, cast: Cast, count: int, django_assert_num_queries: Any
) -> None:
    for other in add_participants(b2b.event, count):
        pending(b2b, requester=other, recipient=b2b.alice_reg)
    client.force_login(cast.alice)
    client.get(f"{URL}requests/")
    with django_assert_num_queries(8):
        response = client.get(f"{URL}requests/")
    assert len(response.context["received"]) == count


def test_propose_by_organiser(client: Client, b2b: B2B, manager: Any) -> None:
    client.force_login(manager)
    client.post(f"{URL}propose/", {"first": b2b.alice_reg.pk, "second": b2b.bob_reg.pk})
    proposal = MeetingRequest.objects.get()
    assert (proposal.status, proposal.proposed_by_organiser) == ("accepted", True)


def test_propose_by_participant_is_forbidden(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.post(f"{URL}propose/", {"first": b2b.alice_reg.pk, "second": b2b.bob_reg.pk})
    assert response.status_code == 403
    assert not MeetingRequest.objects.exists()


def test_block_page(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    client.post(f"{URL}block/", {"organisation": cast.bob_org.slug})
    assert BlockedPair.objects.get().organisation == cast.bob_org
    assert client.get(f"{URL}suggestions/").context["suggestions"] == []


def test_block_unknown_organisation_says_so_as_the_api_does(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    """One lookup for the page and ``POST /events/{slug}/blocks``: an unknown slug is a field
    error naming it (the API's 422), no longer a bare 404 on the page."""
    client.force_login(cast.alice)
    response = client.post(
        f"{URL}block/", {"organisation": "nobody-inc"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert messages == ["No organisation has the slug nobody-inc."]
    assert not BlockedPair.objects.exists()


def test_block_by_outsider_is_forbidden(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.charlie)
    assert client.post(f"{URL}block/", {"organisation": cast.bob_org.slug}).status_code == 403
    assert not BlockedPair.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_suggestions_page_query_count(
    client: Client, b2b: B2B, cast: Cast, count: int, django_assert_num_queries: Any
) -> None:
    b2b.bob_reg.delete()
    add_participants(b2b.event, count)
    client.force_login(cast.alice)
    client.get(f"{URL}suggestions/")  # computes and caches the event's suggestions
    # 11: the cached table's key includes the collaboration graph's state (one aggregate), and
    # the requests already made to the suggested participants are read at once (one query).
    with django_assert_num_queries(11):
        response = client.get(f"{URL}suggestions/")
    assert len(response.context["suggestions"]) == count


def test_a_requested_suggestion_shows_its_request_state_not_a_second_button(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.alice)
    page = client.get(f"{URL}suggestions/", **EN).content.decode()
    assert page.count("Request a meeting</button>") == 1
    request_meeting(actor=cast.alice, event=b2b.event, recipient_id=b2b.bob_reg.pk)
    page = client.get(f"{URL}suggestions/", **EN).content.decode()
    assert "Meeting request sent: pending." in page
    assert "Request a meeting</button>" not in page
    client.force_login(cast.bob)
    page = client.get(f"{URL}suggestions/", **EN).content.decode()
    assert "They asked you for a meeting: pending." in page
