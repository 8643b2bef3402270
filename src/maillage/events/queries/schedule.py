"""Reads of an event's scheduling runs and their meetings, for its organisers.

Every function takes the event as ``queries.event_organised_by`` returned it (the organiser
check is done): the ids asked for are looked up inside that event only, so a run or meeting of
another event is a 404, never a leak. The run's statistics, as the run page and the API show
them, are ``run_report`` (one description, ``schedule_stats.RunReport``).
"""

from dataclasses import dataclass
from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone

from maillage.events.models import B2BSession, Event, Meeting, Registration, ScheduleRun
from maillage.events.schedule_reasons import Wording
from maillage.events.schedule_stats import RunReport, registrations_named, report_run
from maillage.events.slots import event_slots


def runs_of(event: Event) -> list[ScheduleRun]:
    """The event's runs, newest first, with who started them."""
    return list(
        ScheduleRun.objects.filter(event=event)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def run_of(event: Event, run_id: int, *, replan: bool = False) -> ScheduleRun:
    """One run of the event (with ``replan``, a day-of re-plan only); 404 otherwise."""
    runs = ScheduleRun.objects.select_related("event").filter(event=event)
    if replan:
        runs = runs.filter(is_replan=True)
    return get_object_or_404(runs, pk=run_id)


def latest_replan(event: Event) -> ScheduleRun | None:
    """The event's last day-of re-plan, published or not (``None`` before the first)."""
    return ScheduleRun.objects.filter(event=event, is_replan=True).order_by("-pk").first()


def meeting_of(event: Event, meeting_id: int) -> Meeting:
    """One meeting placed by any run of the event, with its run; 404 otherwise."""
    return get_object_or_404(
        Meeting.objects.select_related("run__event"), pk=meeting_id, run__event=event
    )


def table_count(event: Event) -> int:
    """Tables available at every B2B session of the event (the fewest; 0 without sessions)."""
    return min((s.table_count for s in B2BSession.objects.filter(event=event)), default=0)


def run_report(run: ScheduleRun) -> RunReport | None:
    """The run's statistics with the organisations named (one query); ``None`` until it is
    done. The run page and the API both render this."""
    if run.status != ScheduleRun.Status.DONE or not run.stats:
        return None
    names = {
        r.pk: r.organisation.display_name
        for r in Registration.objects.filter(pk__in=registrations_named(run.stats)).select_related(
            "organisation"
        )
    }
    wording = Wording(names=names, slots={}, sessions=[])
    if run.stats.get("engine_reasons"):  # only then do slot times and session names show
        sessions = B2BSession.objects.filter(event_id=run.event_id)
        slots = event_slots(sessions)
        wording = Wording(
            names=names,
            slots={slot.number: slot for slot in slots},
            sessions=[s.name for s in dict.fromkeys(slot.session for slot in slots)],
        )
    return report_run(run.stats, wording)


@dataclass(frozen=True)
class RunProgress:
    """A queued or running run as the organiser follows it (no solver internals)."""

    #: "queued" (no worker took it yet), "solving" or "finishing" (checking and storing).
    stage: str
    #: 0 to 100, for the progress bar.
    percent: int
    #: Seconds until the solver must stop (``None`` before it starts).
    seconds_left: int | None
    #: Accepted requests to place and the participants they involve (once the solver started).
    requested: int | None
    participants: int | None


def run_progress(run: ScheduleRun, now: datetime | None = None) -> RunProgress | None:
    """Where a queued or running run stands (``None`` once it ended), from what the job
    recorded when the solver started (``jobs.record_solving``): the bar moves with the time
    given to the solver or with the solver's own progress, whichever is further."""
    if run.status == ScheduleRun.Status.QUEUED:
        return RunProgress("queued", 0, None, None, None)
    if run.status != ScheduleRun.Status.RUNNING:
        return None
    stats = run.stats or {}
    since, limit = stats.get("solving_since"), stats.get("time_limit")
    if not isinstance(since, str) or not isinstance(limit, (int, float)) or limit <= 0:
        return RunProgress("solving", round(100 * run.progress), None, None, None)
    elapsed = ((now or timezone.now()) - datetime.fromisoformat(since)).total_seconds()
    left = max(0, round(limit - elapsed))
    share = max(run.progress, min(1.0, elapsed / limit))
    return RunProgress(
        stage="solving" if left > 0 and run.progress < 1.0 else "finishing",
        percent=min(99, round(100 * share)),
        seconds_left=left,
        requested=int(stats.get("requested") or 0),
        participants=int(stats.get("participants") or 0),
    )


@dataclass(frozen=True)
class MeetingChange:
    """One meeting that differs between two schedules, as one participant sees it."""

    kind: str  # "moved", "cancelled" or "added"
    registration_id: int
    partner: str
    #: Slot start and table before (None for an added meeting) and after (None if cancelled).
    before: tuple[datetime, int] | None
    after: tuple[datetime, int] | None


def schedule_changes(old: ScheduleRun, new: ScheduleRun) -> list[MeetingChange]:
    """Per participant, the meetings moved (slot or table), cancelled or added from old to new.

    Participants marked as no-shows or cancelled get no entries: they are not in the room.
    Four queries whatever the size of the schedules.
    """
    starts = {
        slot.number: slot.starts
        for slot in event_slots(B2BSession.objects.filter(event_id=new.event_id))
    }
    rows: dict[int, dict[int, tuple[int, int]]] = {}
    pairs: dict[int, tuple[int, int]] = {}
    for run in (old, new):
        rows[run.pk] = {}
        for request_id, slot, table, a, b in Meeting.objects.filter(run=run).values_list(
            "request_id", "slot", "table", "request__requester_id", "request__recipient_id"
        ):
            rows[run.pk][request_id] = (slot, table)
            pairs[request_id] = (a, b)
    people = {
        r.pk: r
        for r in Registration.objects.filter(event_id=new.event_id).select_related("organisation")
    }
    before, after = rows[old.pk], rows[new.pk]
    changes: list[MeetingChange] = []
    for request_id in sorted(before.keys() | after.keys()):
        was, now = before.get(request_id), after.get(request_id)
        if was == now:
            continue
        kind = "added" if was is None else "cancelled" if now is None else "moved"
        a, b = pairs[request_id]
        for me, other in ((a, b), (b, a)):
            mine = people[me]
            if mine.no_show or mine.status != Registration.Status.CONFIRMED:
                continue
            changes.append(
                MeetingChange(
                    kind=kind,
                    registration_id=me,
                    partner=people[other].organisation.display_name,
                    before=(starts[was[0]], was[1]) if was else None,
                    after=(starts[now[0]], now[1]) if now else None,
                )
            )
    return changes


def participants_affected(old: ScheduleRun, new: ScheduleRun) -> int:
    """How many participants present see their agenda change from ``old`` to ``new``."""
    return len({change.registration_id for change in schedule_changes(old, new)})
