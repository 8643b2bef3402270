"""From an event's accepted requests to a stored, verified, published B2B schedule.

The engine (``maillage.scheduling.engine``) knows nothing of Django; this module translates
both ways: registrations become engine participants (numbered 1..n), accepted requests become
meetings weighted by priority, B2B sessions become slot ranges; the result is stored as
``Meeting`` rows with one ``MeetingSeat`` per participant, so the database itself refuses a
double-booked participant or table.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import can_organise_event
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
from maillage.events.slots import check_session_shape
from maillage.scheduling import engine

#: Scheduling priority weights: both asked > one asked and the other accepted > organisers.
WEIGHT_MUTUAL = 3
WEIGHT_ACCEPTED = 2
WEIGHT_PROPOSED = 1


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


def start_schedule_run(*, event: Event, actor: User) -> ScheduleRun:
    """Queue a scheduling run; the page polls its progress."""
    if not can_organise_event(actor, event):
        raise PermissionDenied(_("Only the event's organisers can schedule it."))
    build_problem(event)  # refuse now, with a clear message, what the job would fail on
    from maillage.events.tasks import run_schedule  # noqa: PLC0415  (tasks import this module)

    run = ScheduleRun.objects.create(event=event, created_by=actor)
    run_schedule.enqueue(run.pk)
    return run


def _progress_writer(run_id: int) -> Progress:
    return progress_writer(
        lambda fraction, message: ScheduleRun.objects.filter(pk=run_id).update(
            progress=fraction, message=message[:300]
        )
    )


def execute_schedule_run(*, run: ScheduleRun, time_limit: float = 60.0) -> ScheduleRun:
    """Solve, verify and store a run's schedule. Called by the background task."""
    ScheduleRun.objects.filter(pk=run.pk).update(status=ScheduleRun.Status.RUNNING, progress=0.0)
    locked = {
        m.request_id: (m.slot, m.table)
        for m in Meeting.objects.filter(
            run__event=run.event, run__published_at__isnull=False, locked=True
        )
    }
    built = build_problem(run.event, locked=locked)
    options = engine.SolveOptions(time_limit=time_limit)
    result = engine.solve_cpsat(built.problem, options, _progress_writer(run.pk))
    verdict = engine.verify(built.problem, result.placements)
    if not verdict.ok:
        # Never store a schedule the independent checker refuses.
        raise RuntimeError(f"schedule failed verification: {verdict}")
    placed = {p.meeting: p for p in result.placements}
    with transaction.atomic():
        for meeting_id, placement in placed.items():
            request_pk = built.request_ids[meeting_id]
            meeting = Meeting.objects.create(
                run=run,
                request_id=request_pk,
                slot=placement.slot,
                table=placement.table,
                locked=request_pk in locked,
            )
            source = built.problem.meetings_by_id[meeting_id]
            MeetingSeat.objects.bulk_create(
                MeetingSeat(
                    meeting=meeting,
                    run=run,
                    registration_id=built.registration_ids[pid],
                    slot=placement.slot,
                )
                for pid in source.participants
            )
        run.status = ScheduleRun.Status.DONE
        run.progress = 1.0
        run.finished_at = timezone.now()
        run.stats = {
            "solver_status": str(result.status),
            "requested": len(built.problem.meetings),
            "placed": len(placed),
            "breaks": result.breaks,
            "lower_bound": result.lower_bound,
            "seconds": round(result.seconds, 2),
        }
        run.message = ""
        run.save(update_fields=["status", "progress", "finished_at", "stats", "message"])
    return run


def publish_schedule(*, run: ScheduleRun, actor: User) -> ScheduleRun:
    """Make a finished run the event's published schedule."""
    if not can_organise_event(actor, run.event):
        raise PermissionDenied(_("Only the event's organisers can publish its schedule."))
    if run.status != ScheduleRun.Status.DONE:
        raise ValidationFailed({NON_FIELD: _("Only a finished schedule can be published.")})
    if run.stats.get("solver_status") in {"infeasible", "unknown"}:
        raise ValidationFailed(
            {NON_FIELD: _("This schedule is infeasible and cannot be published.")}
        )
    now = timezone.now()
    with transaction.atomic():
        run.published_at = now
        run.save(update_fields=["published_at"])
        Event.objects.filter(pk=run.event_id).update(schedule_published_at=now)
    return run
