"""From an event's accepted requests to a stored, verified, published B2B schedule.

The engine (``maillage.scheduling.engine``) knows nothing of Django; this module translates
both ways: registrations become engine participants (numbered 1..n), accepted requests become
meetings weighted by priority, B2B sessions become slot ranges; the result is stored as
``Meeting`` rows with one ``MeetingSeat`` per participant, so the database itself refuses a
double-booked participant or table.
"""

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.audit.services import record_event
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.core.progress import Progress, progress_writer
from maillage.events.models import (
    B2BSession,
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Registration,
    ScheduleRun,
)
from maillage.events.permissions import check_organiser
from maillage.events.services.schedule_stats import run_statistics
from maillage.events.slots import check_session_shape
from maillage.scheduling import engine

#: Scheduling priority weights: both asked > one asked and the other accepted > organisers.
WEIGHT_MUTUAL = 3
WEIGHT_ACCEPTED = 2
WEIGHT_PROPOSED = 1

#: The solver's share of the minute a scheduling job may take from queue to notification:
#: building the problem, verifying, storing and publishing took 4 s for 1,000 participants.
SOLVER_SECONDS = 50.0


@dataclass(frozen=True)
class EventProblem:
    """An engine problem and the way back from its numbers to the event's rows."""

    problem: engine.Problem
    registration_ids: dict[int, int]  # engine participant id -> Registration pk
    request_ids: dict[int, int]  # engine meeting id -> MeetingRequest pk


def _weight(request: MeetingRequest) -> int:
    if request.mutual:
        return WEIGHT_MUTUAL
    return WEIGHT_PROPOSED if request.proposed_by_organiser else WEIGHT_ACCEPTED


def build_problem(
    event: Event, *, locked: dict[int, tuple[int, int]] | None = None
) -> EventProblem:
    """The engine problem of ``event``; ``locked`` maps request pk -> (slot, table) to keep."""
    sessions = list(B2BSession.objects.filter(event=event).order_by("date", "start_time", "pk"))
    if not sessions:
        raise ValidationFailed({NON_FIELD: _("The event has no B2B session to schedule.")})
    for session in sessions:
        check_session_shape(session)
    ranges: list[tuple[int, int]] = []
    for session in sessions:
        first = ranges[-1][1] + 1 if ranges else 1
        ranges.append((first, first + session.slot_count - 1))
    registrations = list(
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .exclude(no_show=True)
        .order_by("pk")
    )
    number_of = {registration.pk: index for index, registration in enumerate(registrations, 1)}
    participants = tuple(
        engine.Participant(
            id=number_of[r.pk],
            name=str(r.organisation_id),
            forbidden=frozenset(r.unavailable_slots),
            max_meetings=r.max_meetings,
        )
        for r in registrations
    )
    requests = MeetingRequest.objects.filter(
        event=event, status=MeetingRequest.Status.ACCEPTED
    ).order_by("pk")
    meetings: list[engine.Meeting] = []
    request_ids: dict[int, int] = {}
    locked = locked or {}
    for request in requests:
        a, b = number_of.get(request.requester_id), number_of.get(request.recipient_id)
        if a is None or b is None:
            continue  # a participant cancelled or did not show up
        meeting_id = len(meetings) + 1
        slot, table = locked.get(request.pk, (None, None))
        meetings.append(
            engine.Meeting(id=meeting_id, a=a, b=b, weight=_weight(request), slot=slot, table=table)
        )
        request_ids[meeting_id] = request.pk
    problem = engine.Problem(
        n_slots=ranges[-1][1],
        # Tables are numbered alike in every session; a session with fewer tables limits all.
        n_tables=min(session.table_count for session in sessions),
        participants=participants,
        meetings=tuple(meetings),
        sessions=tuple(ranges),
        name=event.slug,
    )
    engine.validate_problem(problem)
    return EventProblem(problem, {v: k for k, v in number_of.items()}, request_ids)


#: A queued or running run older than this is taken as abandoned (its worker stopped): it no
#: longer blocks a new run. Runs are limited to a minute of solving, so this is generous.
STALE_AFTER = timedelta(minutes=15)


class ScheduleRunInProgressError(ValidationFailed):
    """Another run of the event is queued or running (the API answers 409 Conflict)."""

    def __init__(self, run: ScheduleRun) -> None:
        super().__init__(
            {
                NON_FIELD: _(
                    "A scheduling run is already in progress (started at %(when)s); wait for it "
                    "to finish before starting another."
                )
                % {"when": timezone.localtime(run.created_at).strftime("%H:%M:%S")}
            }
        )
        self.run = run


def locked_placements(event: Event) -> dict[int, tuple[int, int]]:
    """Request pk -> (slot, table) of the meetings locked in the event's latest schedule.

    Locks live on the meetings of the run the organiser is working on (the latest finished run
    that placed meetings); each run copies them to its own meetings, so they carry forward.
    """
    latest = (
        ScheduleRun.objects.filter(event=event, status=ScheduleRun.Status.DONE)
        .filter(meetings__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        return {}
    return {
        request_id: (slot, table)
        for request_id, slot, table in Meeting.objects.filter(run=latest, locked=True).values_list(
            "request_id", "slot", "table"
        )
    }


def build_event_problem(event: Event) -> EventProblem:
    """``build_problem`` with the event's locked meetings; a lock that no longer fits (a table
    removed, a participant now unavailable) is refused with a message for the organiser."""
    try:
        return build_problem(event, locked=locked_placements(event))
    except engine.ProblemError as error:
        raise ValidationFailed(
            {
                NON_FIELD: _("The locked meetings cannot be kept: %(error)s. Unlock them.")
                % {"error": error}
            }
        ) from error


def start_schedule_run(*, event: Event, actor: User) -> ScheduleRun:
    """Queue a scheduling run and return at once; the page polls its progress.

    Refused (``ScheduleRunInProgressError``) while another run of the event is queued or
    running, and (``ValidationFailed``) when the problem cannot be built; nothing is written then.
    """
    check_organiser(actor, event, "schedule")
    build_event_problem(event)  # refuse now, with a clear message, what the job would fail on
    from maillage.events.tasks import run_schedule  # noqa: PLC0415  (tasks import this module)

    active = [ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]
    cutoff = timezone.now() - STALE_AFTER
    with transaction.atomic():
        # Lock the event row so two organisers clicking at once cannot both start a run
        # (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers).
        Event.objects.select_for_update().filter(pk=event.pk).first()
        busy = (
            ScheduleRun.objects.filter(event=event, status__in=active, created_at__gt=cutoff)
            .order_by("-created_at")
            .first()
        )
        if busy is not None:
            raise ScheduleRunInProgressError(busy)
        # Abandoned runs are closed, so a worker that comes back never runs them.
        ScheduleRun.objects.filter(event=event, status__in=active, created_at__lte=cutoff).update(
            status=ScheduleRun.Status.FAILED,
            message=_("Abandoned: it did not finish within %(minutes)d minutes.")
            % {"minutes": int(STALE_AFTER.total_seconds() // 60)},
        )
        run = ScheduleRun.objects.create(event=event, created_by=actor)
    run_schedule.enqueue(run.pk)
    return run


def progress_writer_for_run(run_id: int) -> Progress:
    return progress_writer(
        lambda fraction, message: ScheduleRun.objects.filter(pk=run_id).update(
            progress=fraction, message=message[:300]
        )
    )


def execute_schedule_run(*, run: ScheduleRun, time_limit: float = SOLVER_SECONDS) -> ScheduleRun:
    """Solve, verify and store a run's schedule and its statistics. Called by the background
    task; locked meetings of the latest schedule keep their slot and table. A run that is no
    longer queued (already taken, or closed as abandoned) is left as it is."""
    claimed = ScheduleRun.objects.filter(pk=run.pk, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING, progress=0.0
    )
    if not claimed:
        run.refresh_from_db()
        return run
    built = build_event_problem(run.event)
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


def check_publishable(run: ScheduleRun) -> None:
    """Raise ``ValidationFailed`` with the specific reason a run cannot be published."""
    if run.status in {ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING}:
        message = _("This run is not finished yet; wait for it before publishing.")
    elif run.status == ScheduleRun.Status.FAILED:
        message = _("This run failed and cannot be published: %(error)s") % {
            "error": run.message or _("no detail")
        }
    elif run.published_at is not None:
        message = _("This schedule is already published.")
    elif run.stats.get("solver_status") in {"infeasible", "unknown"}:
        message = _("This schedule is infeasible and cannot be published.")
    else:
        return
    raise ValidationFailed({NON_FIELD: message})


def publish_schedule(*, run: ScheduleRun, actor: User) -> ScheduleRun:
    """Make a finished run the event's published schedule, then e-mail the participants (in
    the background). Refused with the specific reason when the run cannot be published."""
    check_organiser(actor, run.event, "publish")
    from maillage.events.tasks import notify_schedule_published  # noqa: PLC0415

    with transaction.atomic():
        # Re-read under lock: two organisers publishing at once must not both notify.
        current = ScheduleRun.objects.select_for_update().select_related("event").get(pk=run.pk)
        check_publishable(current)
        now = timezone.now()
        current.published_at = run.published_at = now  # the caller's copy says so too
        current.save(update_fields=["published_at"])
        Event.objects.filter(pk=current.event_id).update(schedule_published_at=now)
        record_event(
            actor=actor,
            action="schedule.published",
            target=current.event,
            details={"run": current.pk, "replan": current.is_replan},
        )
    if not current.is_replan:
        # A day-of re-plan tells only the participants whose meetings changed
        # (``eventday.publish_replan``), not everyone that their agenda is ready.
        notify_schedule_published.enqueue(current.pk)
    return current


def set_meeting_locked(*, meeting: Meeting, locked: bool, actor: User) -> Meeting:
    """Lock a meeting (the next run keeps its slot and table) or unlock it."""
    check_organiser(actor, meeting.run.event, "lock")
    if meeting.locked != locked:
        meeting.locked = locked
        meeting.save(update_fields=["locked"])
    return meeting
