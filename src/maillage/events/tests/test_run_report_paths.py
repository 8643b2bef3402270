"""One description of a run's statistics: the organisers' run page and the API show the same
figures for the same run (``queries.schedule.run_report``), and a day-of re-plan is described by
the same figures as a first run.

Before, the page and the API each rebuilt the statistics from the stored JSON with their own
copy of the names and reasons; these tests run the same runs through both and compare.
"""

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.api.services import create_api_token
from maillage.api.tests.conftest import bearer
from maillage.events.models import Registration, ScheduleRun
from maillage.events.tests.schedule_fixtures import Scheduled, make_scheduled, run_now

pytestmark = pytest.mark.django_db


def _limit_alice(scheduled: Scheduled) -> None:
    scheduled.b2b.alice_reg.max_meetings = 1
    scheduled.b2b.alice_reg.save(update_fields=["max_meetings"])


def _delta_never_free(scheduled: Scheduled) -> None:
    scheduled.delta_reg.unavailable_slots = [1, 2, 3]
    scheduled.delta_reg.save(update_fields=["unavailable_slots"])


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def page_figures(client: Client, run: ScheduleRun) -> dict[str, Any]:
    """The figures the run page shows, read from its HTML."""
    response = client.get(reverse("events:schedule_run", args=[run.event.slug, run.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    placed, requested = re.search(  # type: ignore[union-attr]
        r'id="stat-placed">(\d+) of (\d+) requested', page
    ).groups()
    breaks = _text(re.search(r'id="stat-breaks">([^<]*)<', page).group(1))  # type: ignore[union-attr]
    load = re.search(r'id="stat-load">(\d+) / ([\d.]+) / (\d+)<', page).groups()  # type: ignore[union-attr]
    gaps = re.search(r'id="stat-gaps">(\d+) / ([\d.]+) / (\d+)<', page).groups()  # type: ignore[union-attr]
    unplaced = []
    if '<ul id="unplaced">' in page:
        block = page[page.index('<ul id="unplaced">') :]
        block = block[: block.index("</section>")]
        for item in re.findall(r"\n    <li>(.*?)</li>\n", block, flags=re.S):
            between, _sep, rest = item.partition("<ul>")
            unplaced.append(
                {
                    "between": _text(between),
                    "reasons": [_text(r) for r in re.findall(r"<li>(.*?)</li>", rest, re.S)],
                }
            )
    return {
        "placed": int(placed),
        "requested": int(requested),
        "breaks": breaks,
        "load": (int(load[0]), float(load[1]), int(load[2])),
        "gaps": (int(gaps[0]), float(gaps[1]), int(gaps[2])),
        "unplaced": unplaced,
    }


def api_figures(client: Client, run: ScheduleRun) -> dict[str, Any]:
    """The same figures from ``GET /api/v1/events/{slug}/schedule/runs/{id}``."""
    response = client.get(f"/api/v1/events/{run.event.slug}/schedule/runs/{run.pk}")
    assert response.status_code == 200
    stats = response.json()["stats"]
    names = {
        r.pk: r.organisation.display_name
        for r in Registration.objects.filter(event=run.event).select_related("organisation")
    }
    return {
        "placed": stats["placed"],
        "requested": stats["requested"],
        "breaks": "—" if stats["breaks"] is None else str(stats["breaks"]),
        "load": (stats["load_min"], stats["load_median"], stats["load_max"]),
        "gaps": (stats["gaps_min"], stats["gaps_median"], stats["gaps_max"]),
        "unplaced": [
            {
                "between": " – ".join(names[pk] for pk in item["registrations"]),
                "reasons": item["reasons"],
            }
            for item in stats["unplaced"]
        ],
    }


@pytest.mark.parametrize(
    ("change", "placed", "unplaced"),
    [(None, 3, 0), (_limit_alice, 2, 1), (_delta_never_free, 1, 2)],
    ids=["all-placed", "a-maximum-reached", "no-common-slot"],
)
def test_run_page_and_api_show_the_same_figures(cast, manager, change, placed, unplaced):
    scheduled = make_scheduled(cast)
    if change is not None:
        change(scheduled)
    run = run_now(scheduled.b2b.event, manager)
    page_client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page_client.force_login(manager)
    token = create_api_token(user=manager, name="test")[1]
    api_client = Client(HTTP_ACCEPT_LANGUAGE="en", **bearer(token))

    on_page = page_figures(page_client, run)
    through_api = api_figures(api_client, run)

    assert on_page == through_api
    assert (on_page["placed"], len(on_page["unplaced"])) == (placed, unplaced)
    if unplaced:
        assert all(item["reasons"] for item in on_page["unplaced"])
