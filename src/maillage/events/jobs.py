"""The work behind the event tasks (``tasks``): solving, re-planning and storing schedules.

Tasks are thin: they take ids and call these. Nothing here queues a task, so services can
queue them with top-level imports (``services -> tasks -> jobs``) and no import loops back.
The suggestion table's work is ``suggestion_table.compute_event_suggestions``.
"""

from collections.abc import Callable, Container, Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.progress import Progress, progress_writer
from maillage.events.models import Meeting, MeetingSeat, ScheduleRun
from maillage.events.problem import EventProblem, build_event_problem, build_problem
from maillage.events.queries import published_run
from maillage.events.schedule_stats import run_statistics
from maillage.scheduling import engine
from maillage.scheduling.engine.reschedule import Changes, reschedule

#: The solver's share of the minute a scheduling job may take from queue to notification:
#: building the problem, verifying, storing and publishing took 4 s for 1,000 participants.
SOLVER_SECONDS = 50.0
#: Solver time for a day-of re-plan: the organisers are waiting in the room.
REPLAN_TIME_LIMIT = 30.0
#: A queued run no worker took within this long is taken as abandoned (no worker serves the
#: queue): it no longer blocks a new run.
STALE_AFTER = timedelta(minutes=15)
#: A running run whose worker gave no sign of life (claim, progress reports) for this long lost
#: its worker (killed, machine restarted): longer than the solver's longest silence, its whole
#: time limit.
ABANDONED_AFTER = timedelta(seconds=SOLVER_SECONDS) + timedelta(minutes=1)


def abandonment_time(run: ScheduleRun) -> datetime:
    """When ``run``, if its worker has stopped, counts as abandoned (and stops blocking)."""
    if run.status == ScheduleRun.Status.RUNNING:
        return (run.heartbeat_at or run.created_at) + ABANDONED_AFTER
    return run.created_at + STALE_AFTER


def close_abandoned_runs(*, event_id: int | None = None, now: datetime | None = None) -> int:
    """Mark failed the runs whose worker stopped (running, silent past ``ABANDONED_AFTER``) or
    that no worker took (queued past ``STALE_AFTER``), so a worker that comes back never runs
    them and they no longer block new runs. Called when a worker starts (and every minute, by
    the periodic runner) and before a run starts. Returns how many were closed."""
    now = now or timezone.now()
    runs = ScheduleRun.objects.all()
    if event_id is not None:
        runs = runs.filter(event_id=event_id)
    closed = (
        runs.filter(status=ScheduleRun.Status.RUNNING)
        .filter(
            Q(heartbeat_at__lt=now - ABANDONED_AFTER)
            | Q(heartbeat_at__isnull=True, created_at__lt=now - ABANDONED_AFTER)
        )
        .update(
            status=ScheduleRun.Status.FAILED,
            message=_("Abandoned: its worker stopped while it ran."),
        )
    )
    closed += runs.filter(
        status=ScheduleRun.Status.QUEUED, created_at__lte=now - STALE_AFTER
    ).update(
        status=ScheduleRun.Status.FAILED,
        message=_("Abandoned: no worker took it within %(minutes)d minutes.")
        % {"minutes": int(STALE_AFTER.total_seconds() // 60)},
    )
    return closed


def run_or_fail(run_id: int, execute: Callable[..., object]) -> None:
    """Run ``execute(run=...)``; on an error, mark the run failed (the page stops waiting) and
    re-raise for the worker's log."""
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    try:
        execute(run=run)
    except Exception as error:
        ScheduleRun.objects.filter(pk=run_id).update(
            status=ScheduleRun.Status.FAILED, message=str(error)[:300]
        )
        raise


def progress_writer_for_run(run_id: int) -> Progress:
    return progress_writer(
        lambda fraction, message: ScheduleRun.objects.filter(pk=run_id).update(
            progress=fraction, message=message[:300], heartbeat_at=timezone.now()
        )
    )


def record_solving(run_id: int, problem: engine.Problem, time_limit: float) -> None:
    """What the run page shows while the solver works (``queries.schedule.run_progress``):
    the meetings to place, among how many participants, and when the solver must stop. The
    finished run's statistics replace it."""
    ScheduleRun.objects.filter(pk=run_id).update(
        stats={
            "requested": len(problem.meetings),
            "participants": len({pid for m in problem.meetings for pid in m.participants}),
            "solving_since": timezone.now().isoformat(),
            "time_limit": time_limit,
        },
        heartbeat_at=timezone.now(),
    )


def execute_schedule_run(*, run: ScheduleRun, time_limit: float = SOLVER_SECONDS) -> ScheduleRun:
    """Solve, verify and store a run's schedule and its statistics. Called by the background
    task; locked meetings of the latest schedule keep their slot and table. A run that is no
    longer queued (already taken, or closed as abandoned) is left as it is."""
    claimed = ScheduleRun.objects.filter(pk=run.pk, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING, progress=0.0, heartbeat_at=timezone.now()
    )
    if not claimed:
        run.refresh_from_db()
        return run
    built = build_event_problem(run.event)
    record_solving(run.pk, built.problem, time_limit)
    locked = {
        pk
        for mid, pk in built.request_ids.items()
        if built.problem.meetings_by_id[mid].slot is not None
    }
    options = engine.SolveOptions(time_limit=time_limit)
    result = engine.solve(built.problem, options, progress_writer_for_run(run.pk))
    verdict = engine.verify(built.problem, result.placements)
    if not verdict.ok:
        # Never store a schedule the independent checker refuses.
        raise RuntimeError(f"schedule failed verification: {verdict}")
    return store_schedule(
        run=run,
        built=built,
        placements=result.placements,
        locked=locked,
        stats=run_statistics(built, result),
    )


def store_schedule(
    *,
    run: ScheduleRun,
    built: EventProblem,
    placements: Iterable[engine.Placement],
    locked: Container[int],
    stats: dict[str, object],
) -> ScheduleRun:
    """Store verified placements as the run's meetings and seats (in bulk), and finish the run.

    ``locked`` holds the request pks whose meetings stay locked in the new schedule.
    """
    placed = list(placements)
    with transaction.atomic():
        meetings = Meeting.objects.bulk_create(
            (
                Meeting(
                    run=run,
                    request_id=built.request_ids[p.meeting],
                    slot=p.slot,
                    table=p.table,
                    locked=built.request_ids[p.meeting] in locked,
                )
                for p in placed
            ),
            batch_size=500,
        )
        MeetingSeat.objects.bulk_create(
            (
                MeetingSeat(
                    meeting=meeting,
                    run=run,
                    registration_id=built.registration_ids[pid],
                    slot=p.slot,
                )
                for meeting, p in zip(meetings, placed, strict=True)
                for pid in built.problem.meetings_by_id[p.meeting].participants
            ),
            batch_size=500,
        )
        run.status = ScheduleRun.Status.DONE
        run.progress = 1.0
        run.finished_at = timezone.now()
        run.stats = stats
        run.message = ""
        run.save(update_fields=["status", "progress", "finished_at", "stats", "message"])
    return run


def execute_replan(*, run: ScheduleRun, time_limit: float = REPLAN_TIME_LIMIT) -> ScheduleRun:
    """Re-optimise the published schedule for today's participants; store it, unpublished.

    Meetings of no-shows and cancelled registrations are left out by ``build_problem``; accepted
    requests the published schedule could not place may fill the freed slots.
    """
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleRun.Status.RUNNING, progress=0.0, heartbeat_at=timezone.now()
    )
    current = published_run(run.event)
    if current is None:
        raise RuntimeError("the event has no published schedule any more")
    announced = list(
        Meeting.objects.filter(run=current).values("request_id", "slot", "table", "locked")
    )
    locked = {m["request_id"]: (m["slot"], m["table"]) for m in announced if m["locked"]}
    built = build_problem(run.event, locked=locked)
    record_solving(run.pk, built.problem, time_limit)
    meeting_of_request = {pk: mid for mid, pk in built.request_ids.items()}
    published = [
        engine.Placement(meeting_of_request[m["request_id"]], m["slot"], m["table"])
        for m in announced
        if m["request_id"] in meeting_of_request
    ]
    outcome = reschedule(
        built.problem,
        published,
        Changes(),
        options=engine.SolveOptions(time_limit=time_limit),
        progress=progress_writer_for_run(run.pk),
    )
    verdict = engine.verify(outcome.problem, outcome.result.placements)
    if not verdict.ok:
        # Never store a schedule the independent checker refuses.
        raise RuntimeError(f"re-planned schedule failed verification: {verdict}")
    before = {m["request_id"] for m in announced}
    after = {built.request_ids[p.meeting] for p in outcome.result.placements}
    replanned = EventProblem(outcome.problem, built.registration_ids, built.request_ids)
    stats = run_statistics(replanned, outcome.result) | {
        # Announced meetings at another slot; announced ones gone (no-shows' included); new ones.
        "moved": len(outcome.moved),
        "cancelled": len(before - after),
        "added": len(after - before),
        "replanned_from": current.pk,
    }
    store_schedule(
        run=run, built=built, placements=outcome.result.placements, locked=locked, stats=stats
    )
    return run
