import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import Registration
from maillage.events.tests.b2b_fixtures import B2B, add_participants, make_b2b
from maillage.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/events/ict-meets-mecatech"
PROBLEM = "application/problem+json"


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()  # ids repeat between tests; so would cached suggestion tables
    yield make_b2b(cast)
    cache.clear()


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_event_list_objects_carry_schedule_published(client: Client, b2b: B2B) -> None:
    b2b.event.schedule_published_at = timezone.now()
    b2b.event.save(update_fields=["schedule_published_at"])
    item = client.get("/api/v1/events").json()["items"][0]
    assert (item["name"], item["schedule_published"]) == ("ICT meets MecaTech", True)


def test_register_with_own_organisation_confirms_and_mails_ics(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    Registration.objects.filter(user=cast.alice).delete()
    client.force_login(cast.alice)
    response = post(
        client,
        f"{URL}/registrations",
        {"organisation": cast.alice_org.slug, "role": "demander", "unavailable_slots": [2]},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["role"], body["unavailable_slots"]) == (
        "confirmed",
        "demander",
        [2],
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "ict-meets-mecatech.ics"


def test_register_creating_organisation_makes_user_its_representative(
    client: Client, b2b: B2B
) -> None:
    newcomer = UserFactory(email="new@example.org")
    client.force_login(newcomer)
    response = post(
        client,
        f"{URL}/registrations",
        {"new_organisation": {"name": "Newco SRL", "kind": "startup"}, "role": "supplier"},
    )
    assert response.status_code == 201
    assert response.json()["organisation"]["name"] == "Newco SRL"
    assert newcomer.affiliations.get().role == "representative"


def test_register_claiming_organisation(client: Client, b2b: B2B) -> None:
    newcomer = UserFactory()
    claimed = OrganisationFactory(name="Claimed SA")
    client.force_login(newcomer)
    response = post(client, f"{URL}/registrations", {"claim": claimed.slug, "role": "research"})
    assert response.status_code == 201
    assert Registration.objects.get(user=newcomer).organisation == claimed
    assert not newcomer.affiliations.exists()  # an unverified claim opens no private data


def test_register_claiming_a_cluster_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(UserFactory())
    response = post(
        client, f"{URL}/registrations", {"claim": cast.cluster.slug, "role": "research"}
    )
    assert response.json()["errors"] == {
        "claim": ["Register with your own organisation, not a cluster or pole."]
    }


def test_register_over_capacity_goes_to_waiting_list(client: Client, b2b: B2B) -> None:
    b2b.event.capacity = 2
    b2b.event.save(update_fields=["capacity"])
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = post(
        client,
        f"{URL}/registrations",
        {"new_organisation": {"name": "Late SRL", "kind": "sme"}, "role": "supplier"},
    )
    assert response.json()["status"] == "waitlisted"
    assert "waiting list" in mail.outbox[0].subject
    assert mail.outbox[0].attachments == []


def test_register_after_closing_is_refused_and_writes_nothing(client: Client, b2b: B2B) -> None:
    b2b.event.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    b2b.event.save(update_fields=["registration_closes_at"])
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = post(
        client,
        f"{URL}/registrations",
        {"new_organisation": {"name": "Late SRL", "kind": "sme"}, "role": "supplier"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["errors"]["__all__"][0].startswith("Registration closed on ")
    assert not Registration.objects.filter(user=newcomer).exists()
    assert not newcomer.affiliations.exists()


def test_register_twice_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = post(
        client, f"{URL}/registrations", {"organisation": cast.alice_org.slug, "role": "demander"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["You are already registered for this event."]}


def test_register_with_unknown_slot_is_refused(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.charlie)
    response = post(
        client,
        f"{URL}/registrations",
        {"organisation": cast.charlie_org.slug, "role": "supplier", "unavailable_slots": [9]},
    )
    assert response.json()["errors"] == {
        "unavailable_slots": ["Slots 9 do not exist: this event has slots 1 to 3."]
    }


def test_register_with_someone_elses_organisation_is_forbidden(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.charlie)
    response = post(
        client, f"{URL}/registrations", {"organisation": cast.alice_org.slug, "role": "supplier"}
    )
    assert response.status_code == 403
    assert not Registration.objects.filter(user=cast.charlie).exists()


def test_register_anonymous_is_401(client: Client, b2b: B2B) -> None:
    response = post(client, f"{URL}/registrations", {"claim": "x", "role": "supplier"})
    assert response.status_code == 401


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 403)])
def test_registration_list_permissions(
    client: Client, b2b: B2B, cast: Cast, who: str, status: int
) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(f"{URL}/registrations")
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 2


def test_registration_list_for_organiser(client: Client, b2b: B2B, manager: Any) -> None:
    client.force_login(manager)
    assert client.get(f"{URL}/registrations").json()["count"] == 2


def test_registration_list_filters_by_role(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    items = client.get(f"{URL}/registrations?role=supplier").json()["items"]
    assert [item["organisation"]["name"] for item in items] == ["Bob Logistics SA"]


@pytest.mark.parametrize("parameter", ["cluster", "sector"])
def test_registration_list_filters_by_cluster(
    client: Client, b2b: B2B, cast: Cast, parameter: str
) -> None:
    """``sector`` is the filter's old, deprecated name: it still selects a cluster."""
    client.force_login(cast.alice)
    mine = client.get(f"{URL}/registrations?{parameter}={cast.cluster.slug}").json()
    other = client.get(f"{URL}/registrations?{parameter}={cast.other_cluster.slug}").json()
    assert (mine["count"], other["count"]) == (2, 0)


@pytest.mark.parametrize("extra", [0, 2])
def test_registration_list_query_count(
    client: Client, b2b: B2B, cast: Cast, extra: int, django_assert_num_queries: Any
) -> None:
    add_participants(b2b.event, extra)
    client.force_login(cast.alice)
    client.get(f"{URL}/registrations")  # warm the session
    with django_assert_num_queries(12):
        assert client.get(f"{URL}/registrations").json()["count"] == 2 + extra


def test_suggestions_show_provider_with_reasons(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    body = client.get(f"{URL}/suggestions").json()
    assert body["ready"] is True
    first = body["items"][0]
    assert first["registration"]["organisation"]["name"] == "Bob Logistics SA"
    assert first["reasons"]


def test_suggestions_refused_to_outsider(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.charlie)
    response = client.get(f"{URL}/suggestions", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only confirmed participants of this event can do this."


def test_cancel_registration_promotes_waiting_list(client: Client, b2b: B2B, cast: Cast) -> None:
    b2b.event.capacity = 2
    b2b.event.save(update_fields=["capacity"])
    waiting = Registration.objects.create(
        event=b2b.event,
        user=cast.charlie,
        organisation=cast.charlie_org,
        role="supplier",
        status=Registration.Status.WAITLISTED,
    )
    client.force_login(cast.bob)
    assert client.delete(f"{URL}/registrations/me").status_code == 204
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_unknown_event_is_404(client: Client, cast: Cast) -> None:
    EventFactory()
    client.force_login(cast.alice)
    response = client.get("/api/v1/events/nope/registrations")
    assert (response.status_code, response["Content-Type"]) == (404, PROBLEM)


def test_openapi_documents_event_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/events/{slug}/registrations",
        "/api/v1/events/{slug}/suggestions",
        "/api/v1/events/{slug}/requests",
        "/api/v1/events/{slug}/requests/{request_id}/accept",
        "/api/v1/events/{slug}/requests/{request_id}/decline",
        "/api/v1/events/{slug}/proposals",
        "/api/v1/events/{slug}/blocks",
    } <= set(paths)


def test_event_list_counts_confirmed_registrations(client: Client, b2b: B2B) -> None:
    item = client.get("/api/v1/events").json()["items"][0]
    assert item["participant_count"] == 2


def test_event_list_reports_attendance_of_past_edition(client: Client, cast: Cast) -> None:
    EventFactory(name="ICT meets Skywin 2019", participant_count=120)
    assert client.get("/api/v1/events").json()["items"][0]["participant_count"] == 120


@pytest.mark.parametrize("count", [1, 3])
def test_suggestions_query_count(
    client: Client, b2b: B2B, cast: Cast, count: int, django_assert_num_queries: Any
) -> None:
    b2b.bob_reg.delete()
    add_participants(b2b.event, count)
    client.force_login(cast.alice)
    client.get(f"{URL}/suggestions")
    # 11 (was 9): the table's key reads the collaboration graph's state, and the requests
    # already made to the suggested participants are read at once.
    with django_assert_num_queries(11):
        assert len(client.get(f"{URL}/suggestions").json()["items"]) == count
