"""Scheduling an event's B2B meetings: start a run, publish it, lock meetings.

A run is solved in the background: ``start_schedule_run`` queues ``tasks.run_schedule``, whose
work (``jobs.execute_schedule_run``) builds the engine's problem (``problem``), solves and
verifies it, and stores the result as ``Meeting`` rows with one ``MeetingSeat`` per participant,
so the database itself refuses a double-booked participant or table.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.accounts.models import User
from maillage.audit.services import record_event
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.events.jobs import abandonment_time, close_abandoned_runs
from maillage.events.models import Event, Meeting, ScheduleRun
from maillage.events.permissions import check_organiser
from maillage.events.problem import build_event_problem
from maillage.events.queries.schedule import participants_affected
from maillage.events.tasks import notify_schedule_published, run_schedule


class ScheduleRunInProgressError(ValidationFailed):
    """Another run of the event is queued or running (the API answers 409 Conflict)."""

    def __init__(self, run: ScheduleRun) -> None:
        super().__init__(
            {
                NON_FIELD: _(
                    "A scheduling run is already in progress (started at %(when)s); wait for it "
                    "to finish before starting another. If its worker has stopped, it no longer "
                    "blocks from %(clears)s."
                )
                % {
                    "when": timezone.localtime(run.created_at).strftime("%H:%M:%S"),
                    "clears": timezone.localtime(abandonment_time(run)).strftime("%H:%M:%S"),
                }
            }
        )
        self.run = run


def start_schedule_run(*, event: Event, actor: User) -> ScheduleRun:
    """Queue a scheduling run and return at once; the page polls its progress.

    Refused (``ScheduleRunInProgressError``) while another run of the event is queued or
    running, and (``ValidationFailed``) when the problem cannot be built; nothing is written then.
    """
    check_organiser(actor, event, "schedule")
    build_event_problem(event)  # refuse now, with a clear message, what the job would fail on

    active = [ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]
    with transaction.atomic():
        # Lock the event row so two organisers clicking at once cannot both start a run
        # (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers).
        Event.objects.select_for_update().filter(pk=event.pk).first()
        # Runs whose worker stopped are closed, so a worker that comes back never runs them.
        close_abandoned_runs(event_id=event.pk)
        busy = (
            ScheduleRun.objects.filter(event=event, status__in=active)
            .order_by("-created_at")
            .first()
        )
        if busy is not None:
            raise ScheduleRunInProgressError(busy)
        run = ScheduleRun.objects.create(event=event, created_by=actor)
    run_schedule.enqueue(run.pk)
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


class ReplacementNotConfirmedError(ValidationFailed):
    """Publishing would replace the schedule the participants already have: the organiser
    confirms first (``replace=True``), told how many participants' agendas change (the API
    answers 409 Conflict)."""

    def __init__(self, *, published: ScheduleRun, affected: int) -> None:
        super().__init__(
            {
                NON_FIELD: ngettext(
                    "A schedule is already published: this one replaces it and changes the "
                    "agenda of %(n)d participant. Confirm to publish it.",
                    "A schedule is already published: this one replaces it and changes the "
                    "agendas of %(n)d participants. Confirm to publish it.",
                    affected,
                )
                % {"n": affected}
            }
        )
        self.published = published
        self.affected = affected


def publish_schedule(*, run: ScheduleRun, actor: User, replace: bool = False) -> ScheduleRun:
    """Make a finished run the event's published schedule, then e-mail the participants (in
    the background). Refused with the specific reason when the run cannot be published, and
    (``ReplacementNotConfirmedError``) when another schedule is published and ``replace`` is
    not given: the participants already hold that one."""
    check_organiser(actor, run.event, "publish")

    with transaction.atomic():
        # Re-read under lock: two organisers publishing at once must not both notify.
        current = ScheduleRun.objects.select_for_update().select_related("event").get(pk=run.pk)
        check_publishable(current)
        published = ScheduleRun.objects.filter(event_id=current.event_id).published().first()
        if published is not None and not replace:
            raise ReplacementNotConfirmedError(
                published=published, affected=participants_affected(published, current)
            )
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
