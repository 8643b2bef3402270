"""The events on the home page and the events page: upcoming and live editions first, then
past editions latest first, each with its date or year, its real participant figure and a link."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.events.models import Event, Registration
from maillage.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

EN = {"Accept-Language": "en"}


@pytest.fixture
def editions() -> dict[str, Event]:
    today = timezone.localdate()
    days = dt.timedelta
    live = EventFactory(name="Zeta live", start_date=today, end_date=today + days(1))
    for _ in range(3):
        RegistrationFactory(event=live, status=Registration.Status.CONFIRMED)
    RegistrationFactory(event=live, status=Registration.Status.WAITLISTED)
    return {
        "later": EventFactory(
            name="Alpha later", start_date=today + days(60), end_date=today + days(60)
        ),
        "live": live,
        "soon": EventFactory(name="Omega soon", start_date=today + days(5), end_date=None),
        "last_year": EventFactory(
            name="Beta last year",
            start_date=None,
            end_date=None,
            year=today.year - 1,
            participant_count=120,
        ),
        "recent": EventFactory(
            name="Delta recent",
            start_date=today - days(10),
            end_date=today - days(10),
            participant_count=80,
        ),
        "old": EventFactory(
            name="Gamma old",
            start_date=None,
            end_date=None,
            year=today.year - 5,
            participant_count=40,
        ),
    }


def _names(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_event_list_upcoming_first_then_past_latest_first(
    client: Client, editions: dict[str, Event]
) -> None:
    html = client.get(reverse("events:event_list"), headers=EN).content.decode()
    order = ["live", "soon", "later", "recent", "last_year", "old"]
    assert _names(html, [editions[key].name for key in editions]) == [
        editions[key].name for key in order
    ]


def test_home_events_in_listing_order_as_links_with_years(
    client: Client, editions: dict[str, Event]
) -> None:
    html = client.get(reverse("home"), headers=EN).content.decode()
    order = ["live", "soon", "later", "recent", "last_year", "old"]
    assert _names(html, [editions[key].name for key in editions]) == [
        editions[key].name for key in order
    ]
    for event in editions.values():
        assert f'<a href="/events/{event.slug}/">{event.name}</a>' in html
    year = timezone.localdate().year
    assert re.search(
        rf"Beta last year</a> <span class=\"meta\">{year - 1} — 120 participants", html
    )
    assert re.search(rf"Gamma old</a> <span class=\"meta\">{year - 5} — 40 participants", html)


def test_home_live_edition_shows_its_confirmed_participants(
    client: Client, editions: dict[str, Event]
) -> None:
    html = client.get(reverse("home"), headers=EN).content.decode()
    live = editions["live"]
    assert live.participant_count == 0
    entry = html[html.index(live.name) :].split("</li>")[0]
    assert entry.endswith("— 3 participants</span>")
    detail = client.get(reverse("events:event_detail", args=[live.slug]), headers=EN)
    assert "3 participants" in detail.content.decode()


def test_home_event_list_query_count_does_not_grow_with_events(
    client: Client, django_assert_num_queries: object, editions: dict[str, Event]
) -> None:
    client.get(reverse("home"))
    with django_assert_num_queries(3):  # type: ignore[operator]
        client.get(reverse("home"))
