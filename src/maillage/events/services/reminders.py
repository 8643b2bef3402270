"""E-mails of the B2B meetings: request reminders, and registration confirmations."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from maillage.core.links import absolute_url, site_host
from maillage.events.models import Event, MeetingRequest, Registration

#: Requests expiring within this window get their one reminder.
REMINDER_WINDOW = timedelta(hours=24)


def send_request_reminders(*, now: datetime | None = None) -> int:
    """E-mail the recipient of every pending request expiring within 24 hours, once.

    Marks ``reminder_sent_at``; returns how many reminders were sent.
    """
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            MeetingRequest.objects.select_for_update(of=("self",))
            .filter(
                status=MeetingRequest.Status.PENDING,
                reminder_sent_at__isnull=True,
                expires_at__gt=now,
                expires_at__lte=now + REMINDER_WINDOW,
            )
            .select_related("event", "requester__organisation", "recipient__user")
        )
        for request in due:
            url = absolute_url(reverse("events:b2b_requests", args=[request.event.slug]))
            # In the recipient's own language, with the date as that language writes it.
            recipient = request.recipient.user
            with translation.override(recipient.language or settings.LANGUAGE_CODE):
                subject = _("A meeting request from %(org)s expires soon") % {
                    "org": request.requester.organisation.display_name
                }
                body = _(
                    "%(org)s asked you for a B2B meeting at %(event)s. The request expires on "
                    "%(when)s; answer it here: %(url)s"
                ) % {
                    "org": request.requester.organisation.display_name,
                    "event": request.event.name,
                    "when": formats.date_format(
                        timezone.localtime(request.expires_at), "DATETIME_FORMAT"
                    ),
                    "url": url,
                }
            EmailMessage(subject, body, to=[recipient.email]).send()
            request.reminder_sent_at = now
            request.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


def event_calendar(event: Event) -> bytes:
    """The event itself as an iCalendar file (one all-day VEVENT over its dates)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Event//EN")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    host = site_host()
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    if event.start_date:
        entry.add("dtstart", event.start_date)
        entry.add("dtend", (event.end_date or event.start_date) + timedelta(days=1))
    entry.add("summary", event.name)
    if event.venue:
        entry.add("location", event.venue)
    entry.add("url", absolute_url(reverse("events:event_detail", args=[event.slug])))
    calendar.add_component(entry)
    return bytes(calendar.to_ical())


def send_registration_confirmation(*, registration: Registration) -> None:
    """E-mail the registrant: confirmed (with the event as an ``.ics``) or waitlisted."""
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        subject = _("Your registration for %(event)s is confirmed") % {"event": event.name}
        body = _(
            "You are registered for %(event)s on behalf of %(org)s. The attached calendar file "
            "adds the event to your agenda."
        ) % {"event": event.name, "org": registration.organisation.display_name}
    else:
        subject = _("You are on the waiting list for %(event)s") % {"event": event.name}
        body = _(
            "%(event)s is full; you are on the waiting list and will be told if a place frees up."
        ) % {"event": event.name}
    message = EmailMessage(subject, body, to=[registration.user.email])
    if registration.status == Registration.Status.CONFIRMED:
        message.attach(f"{event.slug}.ics", event_calendar(event), "text/calendar")
    message.send()
