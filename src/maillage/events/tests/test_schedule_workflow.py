"""Scheduling workflow services: one run at a time, statistics, locks, publication, e-mails."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import ValidationFailed
from maillage.core.periodic import registered_jobs
from maillage.events.jobs import ABANDONED_AFTER, execute_schedule_run
from maillage.events.models import Event, Meeting, ScheduleRun
from maillage.events.schedule_stats import unplaced_reason_text
from maillage.events.services.notifications import send_schedule_notifications
from maillage.events.services.scheduling import (
    ScheduleRunInProgressError,
    set_meeting_locked,
    start_schedule_run,
)
from maillage.events.tasks import close_abandoned_schedule_runs
from maillage.events.tests.schedule_fixtures import make_scheduled, publish_now, run_now

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def scheduled(cast):
    return make_scheduled(cast)


def test_run_stats_place_all_with_load(scheduled, manager):
    run = run_now(scheduled.b2b.event, manager)
    assert run.status == ScheduleRun.Status.DONE
    stats = run.stats
    assert (stats["requested"], stats["placed"]) == (3, 3)
    assert (stats["load_min"], stats["load_mean"], stats["load_max"]) == (2, 2.0, 2)
    assert stats["unplaced"] == []
    assert stats["solver_status"] == "optimal"


def test_run_stats_unplaced_meeting_explained_by_maximum(scheduled, manager):
    alice_reg = scheduled.b2b.alice_reg
    alice_reg.max_meetings = 1
    alice_reg.save(update_fields=["max_meetings"])
    run = run_now(scheduled.b2b.event, manager)
    stats = run.stats
    assert (stats["requested"], stats["placed"]) == (3, 2)
    assert (stats["load_min"], stats["load_mean"], stats["load_max"]) == (1, 1.33, 2)
    [unplaced] = stats["unplaced"]
    assert alice_reg.pk in unplaced["registrations"]
    assert {"code": "max_meetings", "registration": alice_reg.pk, "limit": 1} in unplaced["reasons"]
    names = {alice_reg.pk: "Alice Robotics SRL"}
    assert (
        unplaced_reason_text(unplaced["reasons"][0], names)
        == "Alice Robotics SRL has reached its maximum of 1 meeting."
    )


def test_run_stats_unplaced_meeting_without_common_slot(scheduled, manager):
    scheduled.delta_reg.unavailable_slots = [1, 2, 3]
    scheduled.delta_reg.save(update_fields=["unavailable_slots"])
    stats = run_now(scheduled.b2b.event, manager).stats
    assert stats["placed"] == 1
    assert [item["reasons"] for item in stats["unplaced"]] == [
        [{"code": "no_common_slot"}],
        [{"code": "no_common_slot"}],
    ]


def test_start_schedule_run_while_one_runs_refused(scheduled, manager):
    event = scheduled.b2b.event
    busy = ScheduleRun.objects.create(event=event, status=ScheduleRun.Status.RUNNING)
    with pytest.raises(ScheduleRunInProgressError) as excinfo:
        start_schedule_run(event=event, actor=manager)
    assert excinfo.value.run == busy
    assert "A scheduling run is already in progress" in excinfo.value.errors["__all__"][0]
    assert ScheduleRun.objects.filter(event=event).count() == 1


def test_start_schedule_run_after_abandoned_run_allowed(scheduled, manager):
    event = scheduled.b2b.event
    stale = ScheduleRun.objects.create(event=event, status=ScheduleRun.Status.QUEUED)
    ScheduleRun.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    run = run_now(event, manager)
    assert run.status == ScheduleRun.Status.DONE
    stale.refresh_from_db()
    assert stale.status == ScheduleRun.Status.FAILED
    assert stale.message == "Abandoned: no worker took it within 15 minutes."
    # A worker that picks the abandoned job up later leaves it alone.
    assert execute_schedule_run(run=stale).status == ScheduleRun.Status.FAILED
    assert not Meeting.objects.filter(run=stale).exists()


def test_start_schedule_run_member_refused(scheduled, cast):
    with pytest.raises(PermissionDenied):
        start_schedule_run(event=scheduled.b2b.event, actor=cast.alice)
    assert not ScheduleRun.objects.exists()


def test_locked_meeting_keeps_slot_and_table_in_next_run(scheduled, manager):
    event = scheduled.b2b.event
    first = run_now(event, manager)
    meeting = Meeting.objects.get(run=first, request=scheduled.requests[1])
    set_meeting_locked(meeting=meeting, locked=True, actor=manager)
    # Move the lock somewhere the solver would not choose by itself: the last slot, table 2.
    Meeting.objects.filter(run=first).exclude(pk=meeting.pk).delete()
    Meeting.objects.filter(pk=meeting.pk).update(slot=3, table=2)
    second = run_now(event, manager)
    kept = Meeting.objects.get(run=second, request=scheduled.requests[1])
    assert (kept.slot, kept.table, kept.locked) == (3, 2, True)
    assert second.stats["placed"] == 3


def test_lock_that_no_longer_fits_refused(scheduled, manager):
    event = scheduled.b2b.event
    first = run_now(event, manager)
    meeting = Meeting.objects.get(run=first, request=scheduled.requests[0])
    set_meeting_locked(meeting=meeting, locked=True, actor=manager)
    scheduled.b2b.alice_reg.unavailable_slots = [meeting.slot]
    scheduled.b2b.alice_reg.save(update_fields=["unavailable_slots"])
    with pytest.raises(ValidationFailed) as excinfo:
        start_schedule_run(event=event, actor=manager)
    when = formats.date_format(
        dt.datetime.combine(scheduled.b2b.session.date, scheduled.b2b.session.start_time)
        + dt.timedelta(minutes=(meeting.slot - 1) * scheduled.b2b.session.slot_minutes),
        "SHORT_DATETIME_FORMAT",
    )
    assert excinfo.value.errors["__all__"] == [
        f"The meeting Alice Robotics SRL – Bob Logistics SA is locked at {when}, when "
        "Alice Robotics SRL is no longer available.",
        "Unlock these meetings, or move them, and schedule again.",
    ]
    assert ScheduleRun.objects.filter(event=event).count() == 1


def test_lock_at_a_table_removed_since_refused(scheduled, manager):
    event = scheduled.b2b.event
    first = run_now(event, manager)
    meeting = Meeting.objects.get(run=first, request=scheduled.requests[0])
    set_meeting_locked(meeting=meeting, locked=True, actor=manager)
    Meeting.objects.filter(pk=meeting.pk).update(table=2)
    scheduled.b2b.session.table_count = 1
    scheduled.b2b.session.save(update_fields=["table_count"])
    with pytest.raises(ValidationFailed) as excinfo:
        start_schedule_run(event=event, actor=manager)
    [misfit, advice] = excinfo.value.errors["__all__"]
    assert " is locked at table 2 at " in misfit
    assert misfit.endswith("a table the sessions no longer have (tables now: 1).")
    assert advice == "Unlock these meetings, or move them, and schedule again."


def test_set_meeting_locked_outsider_refused(scheduled, manager, cast):
    run = run_now(scheduled.b2b.event, manager)
    meeting = Meeting.objects.filter(run=run).first()
    with pytest.raises(PermissionDenied):
        set_meeting_locked(meeting=meeting, locked=True, actor=cast.charlie)
    meeting.refresh_from_db()
    assert not meeting.locked


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"status": "running"},
            "This run is not finished yet; wait for it before publishing.",
        ),
        (
            {"status": "failed", "message": "solver crashed"},
            "This run failed and cannot be published: solver crashed",
        ),
        (
            {"status": "done", "stats": {"solver_status": "infeasible"}},
            "This schedule is infeasible and cannot be published.",
        ),
    ],
)
def test_publish_schedule_refused_with_reason(scheduled, manager, fields, expected):
    event = scheduled.b2b.event
    run = ScheduleRun.objects.create(event=event, **fields)
    with pytest.raises(ValidationFailed) as excinfo:
        publish_now(run, manager)
    assert excinfo.value.errors == {"__all__": [expected]}
    run.refresh_from_db()
    event.refresh_from_db()
    assert (run.published_at, event.schedule_published_at) == (None, None)
    assert mail.outbox == []


def test_publish_schedule_twice_refused(scheduled, manager):
    run = run_now(scheduled.b2b.event, manager)
    published = publish_now(run, manager)
    with pytest.raises(ValidationFailed) as excinfo:
        publish_now(run, manager)
    assert excinfo.value.errors == {"__all__": ["This schedule is already published."]}
    run.refresh_from_db()
    assert run.published_at == published.published_at
    assert len(mail.outbox) == 3  # the first publication only


def test_publish_schedule_member_refused(scheduled, manager, cast):
    run = run_now(scheduled.b2b.event, manager)
    with pytest.raises(PermissionDenied):
        publish_now(run, cast.bob)
    assert not Event.objects.get(pk=scheduled.b2b.event.pk).schedule_published


def test_publish_schedule_emails_each_participant_once(scheduled, manager, settings):
    settings.SITE_URL = "https://maillage.example"
    run = run_now(scheduled.b2b.event, manager)
    publish_now(run, manager)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
        "delta@example.org",
    ]
    alice_mail = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    token = scheduled.b2b.alice_reg.agenda_token
    # The site speaks French by default; alice set no language of her own.
    with translation.override("fr"):
        expected = translation.gettext("Your B2B agenda for %(event)s is ready") % {
            "event": "ICT meets MecaTech"
        }
    assert alice_mail.subject == expected
    assert "https://maillage.example/events/ict-meets-mecatech/agenda/" in alice_mail.body
    assert f"/events/ict-meets-mecatech/agenda/feed/{token}.ics" in alice_mail.body
    run.refresh_from_db()
    assert run.notified_at is not None
    assert send_schedule_notifications(run=run) == 0
    assert len(mail.outbox) == 3


def test_schedule_email_in_participant_language(scheduled, manager, cast):
    cast.bob.language = "en"
    cast.bob.save(update_fields=["language"])
    run = run_now(scheduled.b2b.event, manager)
    publish_now(run, manager)
    bob_mail = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    assert bob_mail.subject == "Your B2B agenda for ICT meets MecaTech is ready"
    assert "You have 2 B2B meetings." in bob_mail.body


def test_send_schedule_notifications_unpublished_sends_nothing(scheduled, manager):
    run = run_now(scheduled.b2b.event, manager)
    assert send_schedule_notifications(run=run) == 0
    assert mail.outbox == []


def test_publish_schedule_is_recorded_in_the_audit_trail(scheduled, manager):
    run = run_now(scheduled.b2b.event, manager)
    publish_now(run, manager)
    event = AuditEvent.objects.get(action="schedule.published")
    assert (event.actor_id, event.actor_email) == (manager.pk, "manager@example.org")
    assert (event.target_type, event.target_id) == ("events.event", str(run.event_id))
    assert event.details == {"run": run.pk, "replan": False}


def _running(event, *, silent_for):
    run = ScheduleRun.objects.create(event=event, status=ScheduleRun.Status.RUNNING)
    ScheduleRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - silent_for)
    run.refresh_from_db()
    return run


def test_a_run_whose_worker_stopped_no_longer_blocks(scheduled, manager):
    """Killed worker: its run stays 'running' with no heartbeat; past ABANDONED_AFTER (the
    solver's time limit and a minute), not 15 minutes, a new run may start."""
    event = scheduled.b2b.event
    dead = _running(event, silent_for=ABANDONED_AFTER + dt.timedelta(seconds=5))
    run = run_now(event, manager)
    assert run.status == ScheduleRun.Status.DONE
    dead.refresh_from_db()
    assert (dead.status, dead.message) == (
        ScheduleRun.Status.FAILED,
        "Abandoned: its worker stopped while it ran.",
    )


def test_a_live_run_blocks_and_the_refusal_says_when_it_would_clear(scheduled, manager):
    event = scheduled.b2b.event
    live = _running(event, silent_for=dt.timedelta(seconds=10))
    with pytest.raises(ScheduleRunInProgressError) as excinfo:
        start_schedule_run(event=event, actor=manager)
    clears = timezone.localtime(live.heartbeat_at + ABANDONED_AFTER).strftime("%H:%M:%S")
    assert excinfo.value.errors["__all__"][0].endswith(
        f"If its worker has stopped, it no longer blocks from {clears}."
    )


def test_worker_start_closes_abandoned_runs(scheduled):
    """`maillage worker` runs due periodic jobs before it starts serving: this one among them."""
    jobs = {job.name: job.interval for job in registered_jobs()}
    assert jobs["maillage.events.tasks.close_abandoned_schedule_runs"] == dt.timedelta(minutes=1)
    dead = _running(scheduled.b2b.event, silent_for=dt.timedelta(minutes=5))
    live = _running(scheduled.b2b.event, silent_for=dt.timedelta(seconds=1))
    close_abandoned_schedule_runs.call()
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.status, live.status) == (ScheduleRun.Status.FAILED, ScheduleRun.Status.RUNNING)
