"""End to end, in a real Chromium: what an organiser sees of a scheduling run.

While the solver works, the run page shows the meetings to place, a progress bar and the time
left, never the solver's internals; once done, placed meetings out of requested and idle gaps
per participant; publishing over the schedule participants already hold asks to confirm,
naming how many agendas change.

The ORM is used only while no browser runs (see ``core/tests/browser.py``).
"""

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from maillage.core.tests.browser import E2E, chromium_page, session_cookie
from maillage.events.models import Meeting, MeetingSeat, ScheduleRun
from maillage.events.queries import published_run
from maillage.events.services.scheduling import publish_schedule
from maillage.events.tests.schedule_fixtures import IMMEDIATE, make_scheduled, run_now

pytestmark = E2E


@pytest.fixture
def runs(plain_static_files: None, transactional_db: None, live_server: Any, cast, manager):
    scheduled = make_scheduled(cast)
    event = scheduled.b2b.event
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "TASKS", IMMEDIATE)
        first = run_now(event, manager)
        publish_schedule(run=first, actor=manager)
    second = run_now(event, manager)
    # The first and last meetings swap slots: everyone's agenda changes.
    for rows in (Meeting.objects.filter(run=second), MeetingSeat.objects.filter(run=second)):
        rows.update(slot=F("slot") + 10)
        rows.update(slot=14 - F("slot"))
    running = ScheduleRun.objects.create(
        event=event,
        status=ScheduleRun.Status.RUNNING,
        message="solution 3: objective 12326, bound -127872 at 4.0s",
        stats={
            "requested": 3,
            "participants": 3,
            "solving_since": (timezone.now() - timedelta(seconds=5)).isoformat(),
            "time_limit": 600.0,
        },
    )
    base = str(live_server.url)
    return {
        "base": base,
        "path": f"{base}/events/{event.slug}/schedule/runs/",
        "cookie": session_cookie(manager, base),
        "event": event,
        "first": first,
        "second": second,
        "running": running,
    }


def test_run_page_shows_progress_then_figures_and_confirms_replacement(runs) -> None:
    path = runs["path"]
    with chromium_page() as page:
        page.context.add_cookies([runs["cookie"]])
        page.goto(f"{path}{runs['running'].pk}/")
        progress = page.locator("#run-progress")
        assert "Placing 3 requested meetings between 3 participants" in progress.inner_text()
        assert "seconds left" in page.locator("#run-time-left").inner_text()
        assert int(page.locator("#run-bar").get_attribute("value")) >= 1
        assert "objective" not in page.content()

        page.goto(f"{path}{runs['second'].pk}/")
        assert page.locator("#stat-placed").inner_text() == "3 of 3 requested (100 %)"
        assert page.locator("#stat-gaps").inner_text() == "0 / 0 / 1"
        page.locator("#publish").click()
        warning = page.locator("#replace-warning")
        assert "changes the agendas of 3 participants" in warning.inner_text()
        page.locator("#confirm-replace").click()
        page.locator("#run-published").wait_for()

    assert published_run(runs["event"]).pk == runs["second"].pk
