import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.events.models import BlockedPair, MeetingRequest, Registration
from maillage.events.tests.b2b_fixtures import B2B, add_participants, make_b2b
from maillage.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/events/ict-meets-mecatech"
PROBLEM = "application/problem+json"


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()  # ids repeat between tests; so would cached suggestion tables
    yield make_b2b(cast)
    cache.clear()


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def send(client: Client, user: User, recipient: Registration, message: str = "Hello") -> Any:
    client.force_login(user)
    return post(client, f"{URL}/requests", {"recipient": recipient.pk, "message": message})


def test_send_request_creates_pending_request(client: Client, b2b: B2B, cast: Cast) -> None:
    response = send(client, cast.alice, b2b.bob_reg, "Let us talk maintenance")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["message"], body["recipient"]["id"]) == (
        "pending",
        "Let us talk maintenance",
        b2b.bob_reg.pk,
    )


def test_send_request_to_oneself_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    response = send(client, cast.alice, b2b.alice_reg)
    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM)
    assert response.json()["errors"] == {
        "recipient": ["You cannot request a meeting with yourself."]
    }
    assert not MeetingRequest.objects.exists()


def test_send_duplicate_request_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    send(client, cast.alice, b2b.bob_reg)
    response = send(client, cast.alice, b2b.bob_reg)
    assert response.json()["errors"] == {"recipient": ["A request between you two already exists."]}
    assert MeetingRequest.objects.count() == 1


def test_send_request_to_non_participant_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    other_event_reg = RegistrationFactory(user=cast.charlie, organisation=cast.charlie_org)
    response = send(client, cast.alice, other_event_reg)
    assert response.json()["errors"] == {
        "recipient": ["This organisation does not take part in the event."]
    }
    assert not MeetingRequest.objects.exists()


def test_send_request_to_blocked_organisation_is_refused(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    BlockedPair.objects.create(registration=b2b.bob_reg, organisation=cast.alice_org)
    response = send(client, cast.alice, b2b.bob_reg)
    assert response.json()["errors"] == {
        "recipient": ["A meeting between these participants is not possible."]
    }


def test_send_request_past_quota_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    b2b.event.pending_request_quota = 1
    b2b.event.save(update_fields=["pending_request_quota"])
    others = add_participants(b2b.event, 1)
    send(client, cast.alice, b2b.bob_reg)
    response = send(client, cast.alice, others[0])
    assert response.json()["errors"]["__all__"] == [
        "You already have 1 pending requests, the most this event allows. "
        "Wait for answers before sending more."
    ]
    assert MeetingRequest.objects.count() == 1


def test_send_request_by_outsider_is_forbidden(client: Client, b2b: B2B, cast: Cast) -> None:
    response = send(client, cast.charlie, b2b.bob_reg)
    assert response.status_code == 403
    assert not MeetingRequest.objects.exists()


def test_send_request_anonymous_is_401(client: Client, b2b: B2B) -> None:
    assert post(client, f"{URL}/requests", {"recipient": 1}).status_code == 401


def test_accept_request_by_recipient(client: Client, b2b: B2B, cast: Cast) -> None:
    request_id = send(client, cast.alice, b2b.bob_reg).json()["id"]
    client.force_login(cast.bob)
    response = post(client, f"{URL}/requests/{request_id}/accept")
    assert (response.status_code, response.json()["status"]) == (200, "accepted")


def test_decline_request_by_recipient(client: Client, b2b: B2B, cast: Cast) -> None:
    request_id = send(client, cast.alice, b2b.bob_reg).json()["id"]
    client.force_login(cast.bob)
    assert post(client, f"{URL}/requests/{request_id}/decline").json()["status"] == "declined"


def test_accept_request_by_requester_is_forbidden(client: Client, b2b: B2B, cast: Cast) -> None:
    request_id = send(client, cast.alice, b2b.bob_reg).json()["id"]
    response = post(client, f"{URL}/requests/{request_id}/accept")
    assert (response.status_code, response.json()["detail"]) == (
        403,
        "Only the recipient can answer this request.",
    )
    assert MeetingRequest.objects.get().status == "pending"


def test_accept_request_by_outsider_is_404(client: Client, b2b: B2B, cast: Cast) -> None:
    request_id = send(client, cast.alice, b2b.bob_reg).json()["id"]
    client.force_login(cast.charlie)
    assert post(client, f"{URL}/requests/{request_id}/accept").status_code == 404


def test_accept_expired_request_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    request_id = send(client, cast.alice, b2b.bob_reg).json()["id"]
    MeetingRequest.objects.filter(pk=request_id).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(cast.bob)
    response = post(client, f"{URL}/requests/{request_id}/accept")
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["This request has expired."]}
    assert MeetingRequest.objects.get().status == "pending"


@pytest.mark.parametrize(("who", "count"), [("alice", 1), ("bob", 1), ("charlie", 0)])
def test_request_list_permissions(
    client: Client, b2b: B2B, cast: Cast, who: str, count: int
) -> None:
    send(client, cast.alice, b2b.bob_reg)
    client.force_login(getattr(cast, who))
    assert client.get(f"{URL}/requests").json()["count"] == count


def test_request_list_organiser_sees_all(
    client: Client, b2b: B2B, cast: Cast, manager: Any
) -> None:
    send(client, cast.alice, b2b.bob_reg)
    client.force_login(manager)
    assert client.get(f"{URL}/requests").json()["count"] == 1


@pytest.mark.parametrize("count", [1, 3])
def test_request_list_query_count(
    client: Client, b2b: B2B, manager: Any, count: int, django_assert_num_queries: Any
) -> None:
    for other in add_participants(b2b.event, count):
        MeetingRequest.objects.create(
            event=b2b.event,
            requester=other,
            recipient=b2b.alice_reg,
            expires_at=timezone.now() + dt.timedelta(days=3),
        )
    client.force_login(manager)
    client.get(f"{URL}/requests")
    with django_assert_num_queries(8):
        assert client.get(f"{URL}/requests").json()["count"] == count


def test_propose_by_organiser(client: Client, b2b: B2B, manager: Any) -> None:
    client.force_login(manager)
    response = post(
        client, f"{URL}/proposals", {"first": b2b.alice_reg.pk, "second": b2b.bob_reg.pk}
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["proposed_by_organiser"]) == (
        "accepted",
        True,
    )


def test_propose_by_participant_is_forbidden(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = post(
        client, f"{URL}/proposals", {"first": b2b.alice_reg.pk, "second": b2b.bob_reg.pk}
    )
    assert response.status_code == 403
    assert not MeetingRequest.objects.exists()


def test_block_cancels_pending_and_refuses_requests(client: Client, b2b: B2B, cast: Cast) -> None:
    send(client, cast.alice, b2b.bob_reg)
    client.force_login(cast.bob)
    assert post(client, f"{URL}/blocks", {"organisation": cast.alice_org.slug}).status_code == 204
    assert MeetingRequest.objects.get().status == "cancelled"
    response = send(client, cast.alice, b2b.bob_reg)
    assert response.status_code == 422


def test_blocked_organisation_never_suggested(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get(f"{URL}/suggestions").json()["items"]
    post(client, f"{URL}/blocks", {"organisation": cast.bob_org.slug})
    assert client.get(f"{URL}/suggestions").json()["items"] == []
