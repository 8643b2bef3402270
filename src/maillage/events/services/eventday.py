"""The event day: check-in, no-shows, and re-planning the slots they free with few moves.

Re-planning runs the engine's ``reschedule`` (lexicographic: place the most weight, then move
as few announced meetings as possible, then fewest breaks) as a background job
(``jobs.execute_replan``): a ``ScheduleRun`` with ``is_replan=True``. Publishing it goes through
``scheduling.publish_schedule``; then only the participants whose meetings changed (moved,
cancelled or added) are e-mailed, each with the list of their changes.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.core.links import absolute_url
from maillage.ecosystem.text import fold
from maillage.events.badges import read_badge_code
from maillage.events.jobs import close_abandoned_runs
from maillage.events.models import (
    Event,
    Registration,
    ScheduleRun,
)
from maillage.events.permissions import check_organiser
from maillage.events.problem import build_problem
from maillage.events.queries import published_run
from maillage.events.queries.schedule import MeetingChange, schedule_changes
from maillage.events.services.scheduling import publish_schedule
from maillage.events.tasks import run_replan


def _check_organiser(actor: AnyUser, event: Event) -> None:
    check_organiser(actor, event, "event_day")


def _locked_registration(event: Event, registration_id: object) -> Registration | None:
    try:
        pk = int(str(registration_id))
    except ValueError:
        return None
    return Registration.objects.select_for_update().filter(pk=pk, event=event).first()


def _record_attendance(
    *, actor: AnyUser, event: Event, registration_id: object, arrived: bool, no_show: bool
) -> Registration:
    """Set a confirmed participant's attendance under a row lock; refuse anyone else."""
    _check_organiser(actor, event)
    with transaction.atomic():
        registration = _locked_registration(event, registration_id)
        if registration is None:
            raise ValidationFailed(
                {"registration": _("This person is not registered for this event.")}
            )
        if no_show and registration.status == Registration.Status.CANCELLED:
            raise ValidationFailed(
                {"registration": _("A cancelled registration cannot be marked as a no-show.")}
            )
        if registration.status != Registration.Status.CONFIRMED:
            message = (
                _("Only confirmed participants can be marked as no-shows.")
                if no_show
                else _("Only confirmed participants of this event can check in.")
            )
            raise ValidationFailed({"registration": message})
        registration.checked_in_at = (
            (registration.checked_in_at or timezone.now()) if arrived else None
        )
        registration.no_show = no_show
        registration.save(update_fields=["checked_in_at", "no_show"])
    return registration


def check_in_participant(*, actor: AnyUser, event: Event, registration_id: object) -> Registration:
    """Mark a confirmed participant as arrived (it also clears an earlier no-show mark)."""
    return _record_attendance(
        actor=actor, event=event, registration_id=registration_id, arrived=True, no_show=False
    )


def check_in_by_code(*, actor: AnyUser, event: Event, code: str) -> Registration:
    """Check in the participant whose badge carries ``code`` (scanned or typed at the desk);
    a code that is not a badge of this event is refused with the reason."""
    _check_organiser(actor, event)
    found = read_badge_code(code)
    if found is None:
        raise ValidationFailed({"code": _("This is not a badge code; scan or type it again.")})
    event_id, registration_id = found
    if event_id != event.pk:
        raise ValidationFailed({"code": _("This badge is for another event.")})
    return check_in_participant(actor=actor, event=event, registration_id=registration_id)


def mark_no_show(*, actor: AnyUser, event: Event, registration_id: object) -> Registration:
    """Mark a confirmed participant as absent: the next re-plan frees their meetings."""
    return _record_attendance(
        actor=actor, event=event, registration_id=registration_id, arrived=False, no_show=True
    )


def reset_attendance(*, actor: AnyUser, event: Event, registration_id: object) -> Registration:
    """Undo a check-in or a no-show mark (a mistaken click at the desk)."""
    return _record_attendance(
        actor=actor, event=event, registration_id=registration_id, arrived=False, no_show=False
    )


def start_replan(*, event: Event, actor: User) -> ScheduleRun:
    """Queue a re-plan of the published schedule; the event-day page polls its progress."""
    _check_organiser(actor, event)
    if published_run(event) is None:
        raise ValidationFailed(
            {NON_FIELD: _("There is no published schedule to re-plan; publish one first.")}
        )
    close_abandoned_runs(event_id=event.pk)
    busy = ScheduleRun.objects.filter(
        event=event, status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]
    )
    if busy.exists():
        raise ValidationFailed(
            {NON_FIELD: _("A scheduling run is already in progress; wait for it to finish.")}
        )
    build_problem(event)  # refuse now, with a clear message, what the job would fail on

    run = ScheduleRun.objects.create(event=event, created_by=actor, is_replan=True)
    run_replan.enqueue(run.pk)
    return run


def _describe(change: MeetingChange) -> str:
    def at(place: tuple[datetime, int]) -> str:
        return _("%(time)s, table %(table)d") % {
            "time": place[0].strftime("%H:%M"),
            "table": place[1],
        }

    if change.kind == "moved" and change.before and change.after:
        return _("Moved: your meeting with %(partner)s is now at %(new)s (was %(old)s).") % {
            "partner": change.partner,
            "new": at(change.after),
            "old": at(change.before),
        }
    if change.kind == "cancelled" and change.before:
        return _("Cancelled: your meeting with %(partner)s at %(old)s.") % {
            "partner": change.partner,
            "old": at(change.before),
        }
    assert change.after is not None
    return _("Added: a meeting with %(partner)s at %(new)s.") % {
        "partner": change.partner,
        "new": at(change.after),
    }


def notify_schedule_changes(*, event: Event, changes: Iterable[MeetingChange]) -> int:
    """E-mail each participant the list of their changed meetings; return how many were told."""
    by_person: dict[int, list[MeetingChange]] = defaultdict(list)
    for change in changes:
        by_person[change.registration_id].append(change)
    if not by_person:
        return 0
    recipients = {
        pk: (email, language or settings.LANGUAGE_CODE)
        for pk, email, language in Registration.objects.filter(pk__in=by_person).values_list(
            "pk", "user__email", "user__language"
        )
    }
    url = absolute_url(reverse("events:event_detail", args=[event.slug]))
    messages = []
    for registration_id, mine in sorted(by_person.items()):
        email, language = recipients[registration_id]
        with translation.override(language):  # each in the participant's own language
            subject = _("Your B2B meetings at %(event)s have changed") % {"event": event.name}
            lines = [
                _("The organisers re-planned today's B2B meetings. What changes for you:"),
                "",
                *(f"- {_describe(change)}" for change in mine),
                "",
                _("Your full agenda: %(url)s") % {"url": url},
            ]
        messages.append(EmailMessage(subject, "\n".join(lines), to=[email]))
    # One connection for the whole batch (hundreds of messages on a large event).
    mailers.default.send_messages(messages)
    return len(messages)


@dataclass(frozen=True)
class PublishedReplan:
    run: ScheduleRun
    changes: list[MeetingChange]
    notified: int


def publish_replan(*, run: ScheduleRun, actor: User) -> PublishedReplan:
    """Publish a finished re-plan and e-mail only the participants whose meetings changed."""
    _check_organiser(actor, run.event)
    if not run.is_replan:
        raise ValidationFailed({NON_FIELD: _("This run is not a re-planning of the event day.")})
    if run.published_at is not None:
        raise ValidationFailed({NON_FIELD: _("This re-planning is already published.")})
    previous = published_run(run.event)
    if previous is None:
        raise ValidationFailed(
            {NON_FIELD: _("There is no published schedule to re-plan; publish one first.")}
        )
    # The re-plan panel lists every change before its button: that is the confirmation.
    publish_schedule(run=run, actor=actor, replace=True)
    changes = schedule_changes(previous, run)
    notified = notify_schedule_changes(event=run.event, changes=changes)
    return PublishedReplan(run=run, changes=changes, notified=notified)


def checkin_registrations(
    *, actor: AnyUser, event: Event, search: str = ""
) -> QuerySet[Registration]:
    """Confirmed participants for the check-in desk, searchable by organisation, name or e-mail."""
    _check_organiser(actor, event)
    rows = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).select_related("organisation", "user")
    search = search.strip()
    if search:
        rows = rows.filter(
            Q(organisation__search_text__contains=fold(search))
            | Q(user__full_name__icontains=search)
            | Q(user__email__icontains=search)
        )
    return rows.order_by("organisation__name", "pk")


def attendance_counts(event: Event) -> dict[str, int]:
    """Confirmed participants, and how many checked in, were marked absent, or are awaited."""
    counts = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).aggregate(
        confirmed=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        no_shows=Count("pk", filter=Q(no_show=True)),
    )
    counts["awaited"] = counts["confirmed"] - counts["checked_in"] - counts["no_shows"]
    return counts
