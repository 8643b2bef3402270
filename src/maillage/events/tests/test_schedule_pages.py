"""Organisers' scheduling pages: runs, progress polling, preview, locks, publication, plan PDF.

Owner: ``manager`` (organises the event); member: ``alice`` (a participant of the same
cluster); outsider: ``charlie``.
"""

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.events.jobs import execute_schedule_run
from maillage.events.models import Meeting, MeetingSeat, ScheduleRun
from maillage.events.queries import published_run
from maillage.events.queries.schedule import RunProgress, run_progress
from maillage.events.services.scheduling import ReplacementNotConfirmedError, publish_schedule
from maillage.events.tests.b2b_fixtures import add_participants
from maillage.events.tests.schedule_fixtures import accepted, make_scheduled, run_now

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def scheduled(cast):
    return make_scheduled(cast)


def url(name: str, *args: object) -> str:
    return reverse(f"events:{name}", args=args)


def flashed(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("who", "status"), [("manager", 200), ("alice", 403), ("charlie", 403)])
def test_schedule_page_organisers_only(scheduled, as_user, who, status):
    response = as_user(who).get(url("schedule", scheduled.b2b.event.slug))
    assert response.status_code == status


def test_schedule_page_anonymous_sent_to_login(scheduled, client):
    response = client.get(url("schedule", scheduled.b2b.event.slug))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("count", [1, 3])
def test_schedule_page_queries_do_not_grow_with_runs(
    scheduled, manager, as_user, count, django_assert_num_queries
):
    for _ in range(count):
        ScheduleRun.objects.create(event=scheduled.b2b.event, created_by=manager)
    client = as_user("manager")
    with django_assert_num_queries(8):
        response = client.get(url("schedule", scheduled.b2b.event.slug))
    assert response.content.decode().count("/schedule/runs/") == count


def test_schedule_start_queues_run_and_returns_at_once(scheduled, manager, as_user):
    """With the database queue (no worker here) the request only queues the job."""
    event = scheduled.b2b.event
    response = as_user("manager").post(url("schedule_start", event.slug))
    run = ScheduleRun.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == url("schedule_run", event.slug, run.pk)
    assert run.status == ScheduleRun.Status.QUEUED
    page = as_user("manager").get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert url("schedule_progress", event.slug, run.pk) in page


def test_schedule_progress_polls_then_refreshes_when_done(scheduled, manager, as_user):
    event = scheduled.b2b.event
    client = as_user("manager")
    client.post(url("schedule_start", event.slug))
    run = ScheduleRun.objects.get(event=event)
    progress = url("schedule_progress", event.slug, run.pk)
    running = client.get(progress, headers={"HX-Request": "true"})
    assert running.status_code == 200
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "HX-Refresh" not in running
    execute_schedule_run(run=run)  # what the worker does
    done = client.get(progress, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert "every 1s" not in done.content.decode()


def test_schedule_start_while_running_refused(scheduled, manager, as_user):
    event = scheduled.b2b.event
    ScheduleRun.objects.create(event=event, status=ScheduleRun.Status.RUNNING)
    response = as_user("manager").post(url("schedule_start", event.slug))
    assert response.status_code == 302
    assert response["Location"] == url("schedule", event.slug)
    assert flashed(response)[0].startswith("A scheduling run is already in progress")
    assert ScheduleRun.objects.filter(event=event).count() == 1


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_schedule_start_non_organiser_forbidden(scheduled, as_user, who):
    response = as_user(who).post(url("schedule_start", scheduled.b2b.event.slug))
    assert response.status_code == 403
    assert not ScheduleRun.objects.exists()


def test_schedule_run_preview_shows_stats_and_meetings(scheduled, manager, as_user):
    run = run_now(scheduled.b2b.event, manager)
    page = as_user("manager").get(url("schedule_run", scheduled.b2b.event.slug, run.pk))
    html = page.content.decode()
    assert '<dd id="stat-placed">3 of 3 requested (100 %)</dd>' in html
    assert '<dd id="stat-load">2 / 2 / 2</dd>' in html
    # Three meetings between three participants, one per slot: whoever meets in the first and
    # the last slot waits in between; the two others do not.
    assert '<dd id="stat-gaps">0 / 0 / 1</dd>' in html
    assert '<dd id="stat-breaks">1</dd>' in html
    assert "The best possible schedule" in html
    assert "objective" not in html
    assert html.count('<tr id="meeting-') == 3
    assert "Alice Robotics SRL – Bob Logistics SA" in html
    assert 'id="publish"' in html


def test_schedule_run_preview_lists_unplaced_with_reason(scheduled, manager, as_user):
    scheduled.b2b.alice_reg.max_meetings = 1
    scheduled.b2b.alice_reg.save(update_fields=["max_meetings"])
    run = run_now(scheduled.b2b.event, manager)
    html = as_user("manager").get(url("schedule_run", scheduled.b2b.event.slug, run.pk)).content
    text = html.decode()
    assert '<ul id="unplaced">' in text
    assert "Alice Robotics SRL has reached its maximum of 1 meeting." in text


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_schedule_run_non_organiser_forbidden(scheduled, manager, as_user, who):
    run = run_now(scheduled.b2b.event, manager)
    response = as_user(who).get(url("schedule_run", scheduled.b2b.event.slug, run.pk))
    assert response.status_code == 403


def test_schedule_run_of_another_event_404(scheduled, manager, as_user, cast):
    from maillage.events.tests.factories import EventFactory  # noqa: PLC0415

    other = EventFactory()
    other.organisers.add(cast.cluster)
    run = ScheduleRun.objects.create(event=other)
    response = as_user("manager").get(url("schedule_run", scheduled.b2b.event.slug, run.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_schedule_run_queries_do_not_grow_with_meetings(
    scheduled, manager, as_user, count, django_assert_num_queries
):
    event = scheduled.b2b.event
    run = ScheduleRun.objects.create(
        event=event, status=ScheduleRun.Status.DONE, stats={"placed": count, "requested": count}
    )
    others = add_participants(event, count)
    for slot, other in enumerate(others, start=1):
        meeting = Meeting.objects.create(
            run=run, request=accepted(scheduled.b2b.alice_reg, other), slot=slot, table=1
        )
        for registration in (scheduled.b2b.alice_reg, other):
            MeetingSeat.objects.create(
                meeting=meeting, run=run, registration=registration, slot=slot
            )
    client = as_user("manager")
    with django_assert_num_queries(9):
        response = client.get(url("schedule_run", event.slug, run.pk))
    assert response.content.decode().count('<tr id="meeting-') == count


def test_schedule_publish_publishes_and_says_so(scheduled, manager, as_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    event = scheduled.b2b.event
    run = run_now(event, manager)
    response = as_user("manager").post(url("schedule_publish", event.slug, run.pk))
    assert response.status_code == 302
    assert flashed(response) == ["The schedule is published; the participants are being e-mailed."]
    event.refresh_from_db()
    assert event.schedule_published
    page = as_user("manager").get(url("schedule_run", event.slug, run.pk)).content.decode()
    assert 'id="run-published"' in page
    assert 'id="publish"' not in page


def test_schedule_publish_unfinished_refused_with_message(scheduled, manager, as_user):
    event = scheduled.b2b.event
    run = ScheduleRun.objects.create(event=event, status=ScheduleRun.Status.QUEUED)
    response = as_user("manager").post(url("schedule_publish", event.slug, run.pk))
    assert flashed(response) == ["This run is not finished yet; wait for it before publishing."]
    event.refresh_from_db()
    assert not event.schedule_published


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_schedule_publish_non_organiser_forbidden(scheduled, manager, as_user, who):
    run = run_now(scheduled.b2b.event, manager)
    response = as_user(who).post(url("schedule_publish", scheduled.b2b.event.slug, run.pk))
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.published_at is None


def test_schedule_lock_with_htmx_swaps_row(scheduled, manager, as_user):
    event = scheduled.b2b.event
    run = run_now(event, manager)
    meeting = Meeting.objects.filter(run=run).first()
    response = as_user("manager").post(
        url("schedule_lock", event.slug, meeting.pk),
        {"locked": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="meeting-{meeting.pk}">')
    assert 'name="locked" value="0"' in html
    meeting.refresh_from_db()
    assert meeting.locked
    as_user("manager").post(url("schedule_lock", event.slug, meeting.pk), {"locked": "0"})
    meeting.refresh_from_db()
    assert not meeting.locked


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_schedule_lock_non_organiser_forbidden(scheduled, manager, as_user, who):
    run = run_now(scheduled.b2b.event, manager)
    meeting = Meeting.objects.filter(run=run).first()
    response = as_user(who).post(
        url("schedule_lock", scheduled.b2b.event.slug, meeting.pk), {"locked": "1"}
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert not meeting.locked


def test_schedule_plan_pdf_has_tables_and_names(scheduled, manager, as_user):
    event = scheduled.b2b.event
    run = run_now(event, manager)
    response = as_user("manager").get(url("schedule_plan_pdf", event.slug, run.pk))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Table plan of ICT meets MecaTech" in text
    assert "Table 1" in text
    assert "Table 2" in text
    for meeting in Meeting.objects.filter(run=run).select_related(
        "request__requester__organisation"
    ):
        assert meeting.request.requester.organisation.name in text
    assert "Delta Data SA" in text


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_schedule_plan_pdf_non_organiser_forbidden(scheduled, manager, as_user, who):
    run = run_now(scheduled.b2b.event, manager)
    response = as_user(who).get(url("schedule_plan_pdf", scheduled.b2b.event.slug, run.pk))
    assert response.status_code == 403


def _published_and_another(scheduled, manager, settings) -> tuple[ScheduleRun, ScheduleRun]:
    """A published run, and a second finished run whose first and last meetings swapped slots
    (the three meetings take one slot each: both moved meetings together involve everyone)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    event = scheduled.b2b.event
    first = run_now(event, manager)
    publish_schedule(run=first, actor=manager)
    second = run_now(event, manager)
    for rows in (Meeting.objects.filter(run=second), MeetingSeat.objects.filter(run=second)):
        rows.update(slot=F("slot") + 10)  # two steps: no unique (slot, ...) clash midway
        rows.update(slot=14 - F("slot"))  # 1 <-> 3
    return first, second


def test_schedule_publish_over_published_asks_to_confirm_with_count(
    scheduled, manager, as_user, settings
):
    first, second = _published_and_another(scheduled, manager, settings)
    event = scheduled.b2b.event
    response = as_user("manager").post(url("schedule_publish", event.slug, second.pk))
    assert response.status_code == 200
    page = response.content.decode()
    # Every meeting of the first schedule moved: all three participants' agendas change.
    assert "changes the agendas of 3 participants" in page
    assert 'name="replace" value="1"' in page
    second.refresh_from_db()
    assert second.published_at is None
    assert published_run(event).pk == first.pk

    confirmed = as_user("manager").post(
        url("schedule_publish", event.slug, second.pk), {"replace": "1"}
    )
    assert confirmed.status_code == 302
    assert published_run(event).pk == second.pk


def test_schedule_publish_replacement_refused_in_service_without_confirmation(
    scheduled, manager, settings
):
    first, second = _published_and_another(scheduled, manager, settings)
    with pytest.raises(ReplacementNotConfirmedError) as refused:
        publish_schedule(run=second, actor=manager)
    assert (refused.value.published.pk, refused.value.affected) == (first.pk, 3)
    second.refresh_from_db()
    assert second.published_at is None


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_schedule_publish_confirmed_by_non_organiser_forbidden(
    scheduled, manager, as_user, settings, who
):
    _first, second = _published_and_another(scheduled, manager, settings)
    response = as_user(who).post(
        url("schedule_publish", scheduled.b2b.event.slug, second.pk), {"replace": "1"}
    )
    assert response.status_code == 403
    second.refresh_from_db()
    assert second.published_at is None


def test_schedule_run_in_progress_shows_time_left_not_solver_internals(scheduled, manager, as_user):
    event = scheduled.b2b.event
    run = ScheduleRun.objects.create(
        event=event,
        status=ScheduleRun.Status.RUNNING,
        progress=0.1,
        message="solution 3: objective 12326, bound -127872 at 4.0s",
        stats={
            "requested": 3,
            "participants": 3,
            "solving_since": (timezone.now() - timedelta(seconds=20)).isoformat(),
            "time_limit": 50.0,
        },
    )
    page = as_user("manager").get(url("schedule_run", event.slug, run.pk)).content.decode()
    assert "objective" not in page
    assert "Placing 3 requested meetings between 3 participants" in page
    # 20 of 50 seconds gone: 30 left (29 if the second turned meanwhile), bar at 40 %.
    assert re.search(r'id="run-time-left">About (30|29) seconds left\.<', page)
    assert re.search(r'<progress id="run-bar" max="100" value="(40|41|42)">', page)


def test_run_progress_reads_the_solver_window() -> None:
    since = timezone.now()
    run = ScheduleRun(
        status=ScheduleRun.Status.RUNNING,
        progress=0.0,
        stats={
            "requested": 5,
            "participants": 4,
            "solving_since": since.isoformat(),
            "time_limit": 10,
        },
    )
    assert run_progress(run, now=since + timedelta(seconds=4)) == RunProgress(
        "solving", 40, 6, 5, 4
    )
    # Past the time limit, the job verifies and stores: no time left, bar short of the end.
    assert run_progress(run, now=since + timedelta(seconds=12)) == RunProgress(
        "finishing", 99, 0, 5, 4
    )
    # The solver proved its schedule best early: it is finishing, whatever the clock says.
    run.progress = 1.0
    assert run_progress(run, now=since + timedelta(seconds=1)).stage == "finishing"
    assert run_progress(ScheduleRun(status=ScheduleRun.Status.QUEUED)).stage == "queued"
    assert run_progress(ScheduleRun(status=ScheduleRun.Status.DONE)) is None
