"""A participant's personal agenda, as rows for pages and as an RFC 5545 calendar."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from maillage.events.models import B2BSession, Meeting, Registration, ScheduleRun
from maillage.events.slots import event_slots


@dataclass(frozen=True)
class AgendaItem:
    meeting_id: int
    slot: int
    starts: datetime
    ends: datetime
    table: int
    partner: str
    partner_slug: str


def published_run(registration: Registration) -> ScheduleRun | None:
    return (
        ScheduleRun.objects.filter(event_id=registration.event_id, published_at__isnull=False)
        .order_by("-published_at")
        .first()
    )


def agenda_for(registration: Registration) -> list[AgendaItem]:
    """The participant's meetings in the published schedule, in time order (empty before)."""
    run = published_run(registration)
    if run is None:
        return []
    zone = ZoneInfo(settings.TIME_ZONE)
    slots = {
        slot.number: slot
        for slot in event_slots(B2BSession.objects.filter(event_id=registration.event_id))
    }
    meetings = (
        Meeting.objects.filter(run=run, seats__registration=registration)
        .select_related("request__requester__organisation", "request__recipient__organisation")
        .order_by("slot")
    )
    items = []
    for meeting in meetings:
        slot = slots[meeting.slot]
        request = meeting.request
        other = request.recipient if request.requester_id == registration.pk else request.requester
        starts = slot.starts.replace(tzinfo=zone)
        items.append(
            AgendaItem(
                meeting_id=meeting.pk,
                slot=meeting.slot,
                starts=starts,
                ends=starts + timedelta(minutes=slot.session.slot_minutes),
                table=meeting.table,
                partner=other.organisation.display_name,
                partner_slug=other.organisation.slug,
            )
        )
    return items


def agenda_calendar(registration: Registration) -> bytes:
    """The agenda as an iCalendar file: one VEVENT per meeting, with its table as location."""
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//B2B agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", registration.event.name)
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "maillage.localhost"
    for item in agenda_for(registration):
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{item.meeting_id}-{registration.pk}@{host}")
        entry.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
        entry.add("dtstart", item.starts)
        entry.add("dtend", item.ends)
        entry.add("summary", _("B2B meeting with %(partner)s") % {"partner": item.partner})
        entry.add("location", _("Table %(table)d") % {"table": item.table})
        calendar.add_component(entry)
    return bytes(calendar.to_ical())
