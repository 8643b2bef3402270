"""An event's B2B meetings as the scheduling engine's problem, and the way back.

The engine (``maillage.scheduling.engine``) knows nothing of Django; this module translates:
registrations become engine participants (numbered 1..n), accepted requests become meetings
weighted by priority, B2B sessions become slot ranges, and locked meetings keep their slot and
table. Reads only: the scheduling jobs (``jobs``) store what the engine returns.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.events.models import (
    B2BSession,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from maillage.events.slots import check_session_shape, event_slots
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


def locks_that_no_longer_fit(event: Event, locked: dict[int, tuple[int, int]]) -> list[str]:
    """Each locked meeting the event no longer allows (its slot gone, its table gone, one of its
    participants now unavailable then), as a sentence naming the organisations and the time."""
    if not locked:
        return []
    sessions = list(B2BSession.objects.filter(event=event))
    slots = {slot.number: slot for slot in event_slots(sessions)}
    tables = min((session.table_count for session in sessions), default=0)
    misfits: list[str] = []
    requests = MeetingRequest.objects.filter(
        pk__in=locked, status=MeetingRequest.Status.ACCEPTED
    ).select_related("requester__organisation", "recipient__organisation")
    for request in requests.order_by("pk"):
        slot, table = locked[request.pk]
        meeting = (
            f"{request.requester.organisation.display_name} – "
            f"{request.recipient.organisation.display_name}"
        )
        if slot not in slots:
            misfits.append(
                _("The meeting %(meeting)s is locked in a slot that no longer exists.")
                % {"meeting": meeting}
            )
            continue
        when = formats.date_format(slots[slot].starts, "SHORT_DATETIME_FORMAT")
        if table > tables:
            misfits.append(
                _(
                    "The meeting %(meeting)s is locked at table %(table)s at %(when)s, a table "
                    "the sessions no longer have (tables now: %(tables)s)."
                )
                % {"meeting": meeting, "table": table, "when": when, "tables": tables}
            )
        for registration in (request.requester, request.recipient):
            if slot in registration.unavailable_slots:
                misfits.append(
                    _(
                        "The meeting %(meeting)s is locked at %(when)s, when %(org)s is no "
                        "longer available."
                    )
                    % {
                        "meeting": meeting,
                        "when": when,
                        "org": registration.organisation.display_name,
                    }
                )
    return misfits


def build_event_problem(event: Event) -> EventProblem:
    """``build_problem`` with the event's locked meetings; a lock that no longer fits (a table
    removed, a participant now unavailable) is refused with a message for the organiser."""
    locked = locked_placements(event)
    misfits = locks_that_no_longer_fit(event, locked)
    if misfits:
        raise ValidationFailed(
            {NON_FIELD: [*misfits, _("Unlock these meetings, or move them, and schedule again.")]}
        )
    try:
        return build_problem(event, locked=locked)
    except engine.ProblemError as error:  # what the checks above do not foresee
        raise ValidationFailed(
            {
                NON_FIELD: _("The locked meetings cannot be kept: %(error)s. Unlock them.")
                % {"error": error}
            }
        ) from error
