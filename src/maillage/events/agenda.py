"""A participant's personal agenda, as rows for pages and as an RFC 5545 calendar."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from maillage.accounts.permissions import AnyUser
from maillage.core.links import site_host
from maillage.events.models import B2BSession, Event, Meeting, Registration, ScheduleRun
from maillage.events.permissions import can_read_agenda
from maillage.events.queries import colleague_registrations, published_run
from maillage.events.slots import Slot, event_slots


@dataclass(frozen=True)
class AgendaItem:
    meeting_id: int
    slot: int
    starts: datetime
    ends: datetime
    table: int
    partner: str
    partner_slug: str
    #: The person who registered the partner organisation, and their e-mail address.
    partner_person: str = ""
    partner_email: str = ""


def next_meeting(items: list[AgendaItem], now: datetime) -> AgendaItem | None:
    """The meeting under way or coming next at ``now`` (``items`` in time order), if any:
    what a participant looks for first on the event day."""
    return next((item for item in items if item.ends > now), None)


def agenda_for(registration: Registration) -> list[AgendaItem]:
    """The participant's meetings in the published schedule, in time order (empty before)."""
    run = published_run(registration.event_id)
    if run is None:
        return []
    zone = ZoneInfo(settings.TIME_ZONE)
    slots = {
        slot.number: slot
        for slot in event_slots(B2BSession.objects.filter(event_id=registration.event_id))
    }
    meetings = (
        Meeting.objects.filter(run=run, seats__registration=registration)
        .select_related(
            "request__requester__organisation",
            "request__recipient__organisation",
            "request__requester__user",
            "request__recipient__user",
        )
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
                partner_person=other.user.display_name,
                partner_email=other.user.email,
            )
        )
    return items


def meeting_location(event: Event, table: int) -> str:
    """Where a meeting takes place: the venue and the table ("Liège Expo, table 16")."""
    if event.venue:
        return _("%(venue)s, table %(table)d") % {"venue": event.venue, "table": table}
    return _("Table %(table)d") % {"table": table}


def agenda_calendar(registration: Registration) -> bytes:
    """The agenda as an iCalendar file: one VEVENT per meeting, located at the venue's table,
    in the platform's time zone, whose VTIMEZONE (its offsets and daylight-saving changes from
    the time zone database, over the years of the meetings) the file carries (RFC 5545 3.6.5:
    a TZID needs its VTIMEZONE)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//B2B agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", registration.event.name)
    host = site_host()
    items = agenda_for(registration)
    for item in items:
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{item.meeting_id}-{registration.pk}@{host}")
        entry.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
        entry.add("dtstart", item.starts)
        entry.add("dtend", item.ends)
        entry.add("summary", _("B2B meeting with %(partner)s") % {"partner": item.partner})
        entry.add("location", meeting_location(registration.event, item.table))
        if item.partner_person:
            entry.add("description", f"{item.partner_person} — {item.partner}")
        calendar.add_component(entry)
    if items:
        years = [item.starts.year for item in items]
        calendar.add_missing_timezones(
            first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 1, 1)
        )
    return bytes(calendar.to_ical())


def agenda_registration(user: AnyUser, event: Event, registration_id: int | None) -> Registration:
    """The registration whose agenda ``user`` may read (``can_read_agenda``): without
    ``registration_id``, their own, else their organisation's. 404 otherwise, so an outsider
    cannot tell whom the event has."""
    registrations = Registration.objects.select_related("event", "organisation", "user").filter(
        event=event, status=Registration.Status.CONFIRMED
    )
    user_id = getattr(user, "pk", None) if getattr(user, "is_active", False) else None
    if registration_id is None:
        found = (
            registrations.filter(user_id=user_id).first()
            or colleague_registrations(user, event).first()
            if user_id
            else None
        )
    else:
        found = registrations.filter(pk=registration_id).first()
        if found is not None and not can_read_agenda(user, found):
            found = None
    if found is None:
        raise Http404(_("No agenda of yours at this address."))
    return found


def registration_for_feed(slug: str, token: str) -> Registration:
    """The confirmed registration a calendar feed token belongs to; 404 for a wrong token."""
    found = (
        Registration.objects.select_related("event")
        .filter(event__slug=slug, agenda_token=token, status=Registration.Status.CONFIRMED)
        .first()
    )
    if found is None or not token:
        raise Http404(_("No calendar at this address."))
    return found


@dataclass(frozen=True)
class PlannedMeeting:
    meeting: Meeting
    slot: Slot
    first: str
    second: str


def run_meetings(run: ScheduleRun) -> list[PlannedMeeting]:
    """A run's meetings in slot and table order, with their slot times and participants'
    organisations (three queries whatever the number of meetings)."""
    slots = {
        slot.number: slot for slot in event_slots(B2BSession.objects.filter(event_id=run.event_id))
    }
    meetings = (
        Meeting.objects.filter(run=run)
        .select_related("request__requester__organisation", "request__recipient__organisation")
        .order_by("slot", "table")
    )
    return [
        PlannedMeeting(
            meeting=m,
            slot=slots[m.slot],
            first=m.request.requester.organisation.display_name,
            second=m.request.recipient.organisation.display_name,
        )
        for m in meetings
        if m.slot in slots
    ]
