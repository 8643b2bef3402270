"""The meetings a follow-up asks about: those of each event's published schedule.

A meeting is named by its request (``MeetingRequest``), which stays the same when the event day
re-plans the schedule; the published schedule is the last one published, whose meetings left
out the no-shows.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from maillage.ecosystem.models import Organisation
from maillage.events.models import B2BSession, Meeting, Registration, ScheduleRun
from maillage.events.slots import event_slots


@dataclass(frozen=True)
class ScheduledMeeting:
    """One meeting of a published schedule, with both sides."""

    request_id: int
    event_id: int
    registrations: tuple[int, int]
    organisations: tuple[int, int]


@dataclass(frozen=True)
class PartnerMeeting:
    """One of a participant's meetings, seen from their side."""

    request_id: int
    partner: Organisation
    starts: datetime | None
    table: int


def published_run_ids(event_ids: Iterable[int]) -> dict[int, int]:
    """Each event's published schedule (``events.queries.published_run`` for many events at
    once: the first of ``ScheduleRun.objects.published()``), in one query."""
    runs: dict[int, int] = {}
    for event_id, run_id in (
        ScheduleRun.objects.filter(event_id__in=list(event_ids))
        .published()
        .values_list("event_id", "pk")
    ):
        runs.setdefault(event_id, run_id)
    return runs


def scheduled_meetings(event_ids: Iterable[int]) -> list[ScheduledMeeting]:
    """Every meeting of the events' published schedules, in two queries."""
    runs = published_run_ids(event_ids)
    rows = (
        Meeting.objects.filter(run_id__in=runs.values())
        .order_by("run__event_id", "slot", "table")
        .values_list(
            "request_id",
            "run__event_id",
            "request__requester_id",
            "request__recipient_id",
            "request__requester__organisation_id",
            "request__recipient__organisation_id",
        )
    )
    return [
        ScheduledMeeting(request_id, event_id, (reg_a, reg_b), (org_a, org_b))
        for request_id, event_id, reg_a, reg_b, org_a, org_b in rows
    ]


def meetings_of(registration: Registration) -> list[PartnerMeeting]:
    """The participant's meetings in the published schedule, in time order."""
    run_id = published_run_ids([registration.event_id]).get(registration.event_id)
    if run_id is None:
        return []
    starts = {
        slot.number: slot.starts.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        for slot in event_slots(B2BSession.objects.filter(event_id=registration.event_id))
    }
    meetings = (
        Meeting.objects.filter(run_id=run_id, seats__registration=registration)
        .select_related("request__requester__organisation", "request__recipient__organisation")
        .order_by("slot")
    )
    items = []
    for meeting in meetings:
        request = meeting.request
        other = request.recipient if request.requester_id == registration.pk else request.requester
        items.append(
            PartnerMeeting(
                request_id=request.pk,
                partner=other.organisation,
                starts=starts.get(meeting.slot),
                table=meeting.table,
            )
        )
    return items
