"""Background jobs of the event workflow: thin tasks that take ids and call the work in
``jobs`` (or a service that queues nothing). Services queue them with top-level imports."""

from django.tasks import task

from maillage.events.dashboard import compute_dashboard
from maillage.events.jobs import (
    close_abandoned_runs,
    execute_replan,
    execute_schedule_run,
    run_or_fail,
)
from maillage.events.models import Event, ScheduleRun
from maillage.events.services.notifications import (
    deliver_announcement,
    send_schedule_notifications,
)
from maillage.events.services.reminders import send_request_reminders as send_reminders
from maillage.events.services.requests import expire_meeting_requests
from maillage.events.suggestion_table import compute_event_suggestions, table_cached


@task
def run_schedule(run_id: int) -> None:
    run_or_fail(run_id, execute_schedule_run)


@task
def run_replan(run_id: int) -> None:
    """Re-plan the published schedule on the event day (freed slots, minimal moves)."""
    run_or_fail(run_id, execute_replan)


@task
def compute_suggestions(event_id: int) -> None:
    """Fill the event's suggestion cache (large events; small ones compute in the request).

    A table already in the cache is not computed again: the job may be queued twice for the
    same registrations (a visit after the claim lapsed while the workers were behind, or a job
    left in the queue across a restart), and a 1,000-participant table costs about 13 s of CPU.
    """
    if not table_cached(event_id):
        compute_event_suggestions(event_id)


@task
def refresh_dashboard(event_id: int, language: str) -> None:
    """Recompute the organisers' dashboard figures shown stale meanwhile."""
    compute_dashboard(Event.objects.get(pk=event_id), language)


@task
def send_request_reminders() -> None:
    """Expire overdue requests; remind recipients of those expiring within a day (hourly)."""
    expire_meeting_requests()
    send_reminders()


@task
def notify_schedule_published(run_id: int) -> None:
    """E-mail the participants of a just-published schedule (once per run)."""
    send_schedule_notifications(run=ScheduleRun.objects.select_related("event").get(pk=run_id))


@task
def close_abandoned_schedule_runs() -> None:
    """Fail the runs whose worker stopped (at every worker start, then every minute)."""
    close_abandoned_runs()


@task
def send_announcement_emails(
    event_id: int, subject: str, body: str, role: str, attendance: str
) -> None:
    """E-mail the organisers' message to the participants the filters select."""
    deliver_announcement(
        event_id=event_id, subject=subject, body=body, role=role, attendance=attendance
    )
