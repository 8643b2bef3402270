"""Reads of an event's scheduling runs and their meetings, for its organisers.

Every function takes the event as ``queries.event_organised_by`` returned it (the organiser
check is done): the ids asked for are looked up inside that event only, so a run or meeting of
another event is a 404, never a leak. The run's statistics, as the run page and the API show
them, are ``run_report`` (one description, ``schedule_stats.RunReport``).
"""

from django.shortcuts import get_object_or_404

from maillage.events.models import B2BSession, Event, Meeting, Registration, ScheduleRun
from maillage.events.schedule_stats import RunReport, registrations_named, report_run


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
    return report_run(run.stats, names)
