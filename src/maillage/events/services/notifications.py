"""E-mails to an event's participants: when its B2B schedule is published, and the organisers'
messages (``deliver_announcement``, queued by ``services.announcements``)."""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.links import absolute_url
from maillage.events.models import Registration, ScheduleRun


def agenda_urls(registration: Registration) -> tuple[str, str]:
    """Absolute URLs of the participant's agenda page and of their private calendar feed."""
    slug = registration.event.slug
    return (
        absolute_url(reverse("events:agenda", args=[slug])),
        absolute_url(reverse("events:agenda_feed", args=[slug, registration.agenda_token])),
    )


def _message(registration: Registration, meeting_count: int) -> EmailMessage:
    event = registration.event
    agenda_url, feed_url = agenda_urls(registration)
    with translation.override(registration.user.language or settings.LANGUAGE_CODE):
        subject = _("Your B2B agenda for %(event)s is ready") % {"event": event.name}
        count = ngettext(
            "You have %(n)d B2B meeting.", "You have %(n)d B2B meetings.", meeting_count
        ) % {"n": meeting_count}
        body = _(
            "The B2B schedule of %(event)s is published. %(count)s\n\n"
            "Your agenda, with times, tables and partners: %(agenda)s\n"
            "Add it to your calendar app (keep this address private): %(feed)s"
        ) % {"event": event.name, "count": count, "agenda": agenda_url, "feed": feed_url}
    return EmailMessage(subject, body, to=[registration.user.email])


def send_schedule_notifications(*, run: ScheduleRun) -> int:
    """E-mail every confirmed participant of a published run: their number of meetings and the
    links to their agenda. Sent once per run (``notified_at`` is claimed first); returns how
    many e-mails were sent, 0 when the run is unpublished or already notified."""
    now = timezone.now()
    claimed = (
        ScheduleRun.objects.published()
        .filter(pk=run.pk, notified_at__isnull=True)
        .update(notified_at=now)
    )
    if not claimed:
        return 0
    registrations = (
        Registration.objects.filter(event_id=run.event_id, status=Registration.Status.CONFIRMED)
        .exclude(no_show=True)
        .select_related("event", "user")
        .annotate(meeting_count=Count("seats", filter=Q(seats__run=run)))
        .order_by("pk")
    )
    messages = [_message(r, r.meeting_count) for r in registrations]
    try:
        sent = mailers.default.send_messages(messages) if messages else 0
    except Exception:
        # Nothing was recorded as sent: let a retry of the task send them.
        ScheduleRun.objects.filter(pk=run.pk).update(notified_at=None)
        raise
    return int(sent or 0)


def announcement_recipients(
    event_id: int, *, role: str = "", attendance: str = ""
) -> QuerySet[Registration]:
    """The confirmed participants an organisers' message goes to: all, or those of one role,
    and those who arrived (``checked_in``) or are still awaited (``awaited``)."""
    rows = Registration.objects.filter(event_id=event_id, status=Registration.Status.CONFIRMED)
    if role:
        rows = rows.filter(role=role)
    if attendance == "checked_in":
        rows = rows.filter(checked_in_at__isnull=False)
    elif attendance == "awaited":
        rows = rows.filter(checked_in_at__isnull=True, no_show=False)
    return rows.select_related("user", "event").order_by("pk")


def deliver_announcement(
    *, event_id: int, subject: str, body: str, role: str = "", attendance: str = ""
) -> int:
    """Send the organisers' message to the participants the filters select, each in one
    e-mail (one connection for the batch); returns how many were sent."""
    registrations = list(announcement_recipients(event_id, role=role, attendance=attendance))
    messages = []
    for registration in registrations:
        with translation.override(registration.user.language or settings.LANGUAGE_CODE):
            footer = _("You receive this message as a participant of %(event)s.") % {
                "event": registration.event.name
            }
        messages.append(
            EmailMessage(subject, f"{body}\n\n-- \n{footer}", to=[registration.user.email])
        )
    sent = mailers.default.send_messages(messages) if messages else 0
    return int(sent or 0)
