import datetime

import pytest
from django.test import Client

from maillage.api.tests.conftest import problem
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import NetworkFactory
from maillage.events.models import Event

pytestmark = pytest.mark.django_db

#: The nine "ICT meets ..." editions of seed 000 and their participant counts.
ICT_MEETS = {
    "BioWin": 74,
    "MecaTech": 67,
    "Skywin": 70,
    "Logistics in Wallonia": 190,
    "Tweed": 80,
    "Eco-Construction & CAP 2020": 86,
    "Wagralim": 63,
    "Plastiwin": 76,
    "TWIST & NUMEDIART": 58,
}


def make_event(name: str, **fields: object) -> Event:
    from django.utils.text import slugify  # noqa: PLC0415

    return Event.objects.create(name=name, slug=slugify(name), **fields)


@pytest.fixture
def editions() -> None:
    infopole = NetworkFactory(name="Infopole Cluster TIC", short_name="Infopole")
    for index, (sector, count) in enumerate(ICT_MEETS.items()):
        event = make_event(f"ICT meets {sector}", year=2014 + index // 3, participant_count=count)
        event.organisers.add(infopole)
    make_event("Salon de l'innovation", year=2024, participant_count=500)


def test_events_search_meets_lists_the_nine_editions(client: Client, editions: None) -> None:
    response = client.get("/api/v1/events?search=meets")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 9
    assert {item["name"]: item["participant_count"] for item in body["items"]} == {
        f"ICT meets {sector}": count for sector, count in ICT_MEETS.items()
    }
    assert {o["name"] for item in body["items"] for o in item["organisers"]} == {
        "Infopole Cluster TIC"
    }


def test_events_search_is_accent_insensitive_and_all_words(client: Client) -> None:
    make_event("Rencontre à Liège", year=2025)
    make_event("Rencontre à Namur", year=2025)
    names = [e["name"] for e in client.get("/api/v1/events?search=LIEGE").json()["items"]]
    assert names == ["Rencontre à Liège"]
    names = [e["name"] for e in client.get("/api/v1/events?search=rencontre%20a").json()["items"]]
    assert names == ["Rencontre à Liège", "Rencontre à Namur"]


def test_events_most_recent_first(client: Client) -> None:
    make_event("Old", year=2014)
    make_event("Dated", start_date=datetime.date(2026, 3, 1), year=2026)
    make_event("Undated")
    names = [e["name"] for e in client.get("/api/v1/events").json()["items"]]
    assert names == ["Dated", "Old", "Undated"]


def test_event_detail(client: Client) -> None:
    pole = NetworkFactory(name="MecaTech", kind=Organisation.Kind.POLE)
    event = make_event(
        "ICT meets MecaTech",
        year=2015,
        participant_count=67,
        description="Mechatronics.",
        venue="Mons",
    )
    event.organisers.add(pole)
    assert client.get("/api/v1/events/ict-meets-mecatech").json() == {
        "id": event.pk,
        "slug": "ict-meets-mecatech",
        "name": "ICT meets MecaTech",
        "year": 2015,
        "start_date": None,
        "end_date": None,
        "venue": "Mons",
        "participant_count": 67,
        "organisers": [{"id": pole.pk, "slug": "mecatech", "name": "MecaTech", "kind": "pole"}],
        "description": "Mechatronics.",
        "schedule_published": False,
    }


def test_event_unknown_is_404(client: Client) -> None:
    body = problem(client.get("/api/v1/events/nope"), 404, "not_found")
    assert body["detail"] == "No event has the slug nope."


@pytest.mark.parametrize("rows", [1, 3])
def test_event_list_query_count(
    client: Client, django_assert_num_queries: object, rows: int
) -> None:
    organisers = [NetworkFactory(), NetworkFactory()]
    for index in range(rows):
        make_event(f"ICT meets {index}", year=2015).organisers.set(organisers)
    # matching names, count, page, organisers
    with django_assert_num_queries(4):  # type: ignore[operator]
        response = client.get("/api/v1/events?search=meets")
    assert response.json()["count"] == rows
