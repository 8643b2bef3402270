import datetime as dt
from typing import Any

import pytest
from django.test import Client

from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import UserFactory
from maillage.events.models import B2BSession, ConferenceSession, Event, Workshop
from maillage.events.tests.b2b_fixtures import make_b2b

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def event_data(cast: Cast, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "ICT meets BioWin",
        "organisers": [cast.cluster.pk, cast.other_cluster.pk],
        "start_date": "2027-05-20",
        "venue": "Mons",
        "capacity": "150",
        "registration_opens_at": "2027-03-01T09:00",
        "registration_closes_at": "2027-05-15T18:00",
        "pending_request_quota": "10",
        "request_ttl_days": "7",
    }
    data.update(changes)
    return data


def test_setup_create_by_manager(client: Client, cast: Cast, manager: Any) -> None:
    client.force_login(manager)
    response = client.post("/events/new/", event_data(cast), **EN)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/setup/"
    assert (event.slug, event.capacity, event.end_date) == (
        "ict-meets-biowin",
        150,
        dt.date(2027, 5, 20),
    )
    assert set(event.organisers.all()) == {cast.cluster, cast.other_cluster}


def test_setup_create_with_one_organiser_is_refused(
    client: Client, cast: Cast, manager: Any
) -> None:
    client.force_login(manager)
    response = client.post("/events/new/", event_data(cast, organisers=[cast.cluster.pk]), **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["organisers"] == [
        "An event has at least two co-organising clusters or poles."
    ]
    assert not Event.objects.exists()


def test_setup_create_with_registration_closing_before_opening_is_refused(
    client: Client, cast: Cast, manager: Any
) -> None:
    client.force_login(manager)
    response = client.post(
        "/events/new/", event_data(cast, registration_closes_at="2027-02-01T09:00"), **EN
    )
    assert response.context["form"].errors["registration_closes_at"] == [
        "Registration must close after it opens."
    ]
    assert not Event.objects.exists()


def test_setup_create_by_non_manager_organisers_is_forbidden(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get("/events/new/").status_code == 403
    assert client.post("/events/new/", event_data(cast)).status_code == 403
    assert not Event.objects.exists()


def test_setup_create_anonymous_redirects_to_login(client: Client, cast: Cast) -> None:
    response = client.get("/events/new/")
    assert response["Location"] == "/accounts/login/?next=/events/new/"


@pytest.mark.parametrize(
    ("who", "status"), [("manager", 200), ("alice", 403), ("bob", 403), ("charlie", 403)]
)
def test_setup_programme_permissions(
    client: Client, cast: Cast, manager: Any, who: str, status: int
) -> None:
    b2b = make_b2b(cast)
    client.force_login(manager if who == "manager" else getattr(cast, who))
    assert client.get(f"/events/{b2b.event.slug}/setup/").status_code == status


def test_setup_b2b_session_with_slot_not_dividing_is_refused(
    client: Client, cast: Cast, manager: Any
) -> None:
    b2b = make_b2b(cast)
    client.force_login(manager)
    response = client.post(
        f"/events/{b2b.event.slug}/setup/",
        {
            "part": "b2b",
            "b2b-name": "Afternoon",
            "b2b-date": "2027-03-18",
            "b2b-start_time": "14:00",
            "b2b-end_time": "15:00",
            "b2b-slot_minutes": "25",
            "b2b-table_count": "12",
        },
        **EN,
    )
    assert response.status_code == 400
    assert response.context["forms"]["b2b"].errors["slot_minutes"] == [
        "A 25-minute slot does not divide the 60 minutes of the session."
    ]
    assert B2BSession.objects.filter(event=b2b.event).count() == 1


def test_setup_b2b_session_added(client: Client, cast: Cast, manager: Any) -> None:
    b2b = make_b2b(cast)
    client.force_login(manager)
    response = client.post(
        f"/events/{b2b.event.slug}/setup/",
        {
            "part": "b2b",
            "b2b-name": "Afternoon",
            "b2b-date": "2027-03-18",
            "b2b-start_time": "14:00",
            "b2b-end_time": "16:00",
            "b2b-slot_minutes": "30",
            "b2b-table_count": "12",
        },
    )
    assert response.status_code == 302
    added = B2BSession.objects.get(event=b2b.event, name="Afternoon")
    assert (added.slot_count, added.table_count) == (4, 12)


def test_setup_b2b_session_overlapping_is_refused(client: Client, cast: Cast, manager: Any) -> None:
    b2b = make_b2b(cast)
    client.force_login(manager)
    response = client.post(
        f"/events/{b2b.event.slug}/setup/",
        {
            "part": "b2b",
            "b2b-name": "Overlap",
            "b2b-date": "2027-03-18",
            "b2b-start_time": "09:30",
            "b2b-end_time": "10:30",
            "b2b-slot_minutes": "20",
            "b2b-table_count": "5",
        },
        **EN,
    )
    assert response.context["forms"]["b2b"].errors["start_time"] == [
        "This session overlaps another B2B session."
    ]


def test_setup_conference_session_and_workshop_added(
    client: Client, cast: Cast, manager: Any
) -> None:
    b2b = make_b2b(cast)
    client.force_login(manager)
    url = f"/events/{b2b.event.slug}/setup/"
    client.post(
        url,
        {
            "part": "conference",
            "conference-title": "Sector challenges",
            "conference-speakers": "A. Speaker",
            "conference-starts_at": "2027-03-18T08:00",
            "conference-ends_at": "2027-03-18T08:45",
        },
    )
    client.post(url, {"part": "workshop", "workshop-title": "Creative ideas"})
    assert ConferenceSession.objects.get(event=b2b.event).speakers == "A. Speaker"
    assert Workshop.objects.get(event=b2b.event).title == "Creative ideas"


def test_setup_conference_session_ending_before_start_is_refused(
    client: Client, cast: Cast, manager: Any
) -> None:
    b2b = make_b2b(cast)
    client.force_login(manager)
    response = client.post(
        f"/events/{b2b.event.slug}/setup/",
        {
            "part": "conference",
            "conference-title": "Backwards",
            "conference-starts_at": "2027-03-18T09:00",
            "conference-ends_at": "2027-03-18T08:00",
        },
        **EN,
    )
    assert response.context["forms"]["conference"].errors["ends_at"] == [
        "The session must end after it starts."
    ]
    assert not ConferenceSession.objects.exists()


def test_setup_create_by_platform_admin_for_any_organisers(client: Client, cast: Cast) -> None:
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/events/new/", **EN).status_code == 200
    response = client.post("/events/new/", event_data(cast), **EN)
    assert response.status_code == 302
    assert set(Event.objects.get().organisers.all()) == {cast.cluster, cast.other_cluster}
