import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from maillage.events.agenda import AgendaItem, agenda_calendar, agenda_for, next_meeting
from maillage.events.models import Meeting, MeetingRequest, MeetingSeat, ScheduleRun
from maillage.events.tests.factories import B2BSessionFactory, EventFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def scheduled():
    event = EventFactory(name="ICT meets MecaTech")
    B2BSessionFactory(event=event, start_time=dt.time(9), end_time=dt.time(10), slot_minutes=20)
    maker = RegistrationFactory(event=event, organisation__name="Maker SA")
    provider = RegistrationFactory(event=event, organisation__name="Vision SRL")
    request = MeetingRequest.objects.create(
        event=event,
        requester=maker,
        recipient=provider,
        status=MeetingRequest.Status.ACCEPTED,
        expires_at=timezone.now(),
    )
    run = ScheduleRun.objects.create(event=event, status=ScheduleRun.Status.DONE)
    meeting = Meeting.objects.create(run=run, request=request, slot=2, table=3)
    for registration in (maker, provider):
        MeetingSeat.objects.create(meeting=meeting, run=run, registration=registration, slot=2)
    return run, maker, provider


def test_agenda_for_unpublished_schedule_empty(scheduled):
    _, maker, _ = scheduled
    assert agenda_for(maker) == []


def test_agenda_calendar_parses_with_meeting_and_table(scheduled):
    run, maker, _ = scheduled
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    with translation.override("en"):
        calendar = Calendar.from_ical(agenda_calendar(maker))
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 1
    entry = entries[0]
    assert str(entry["summary"]) == "B2B meeting with Vision SRL"
    assert str(entry["location"]) == "Table 3"
    assert entry.decoded("dtstart") == dt.datetime(2027, 3, 18, 9, 20, tzinfo=BRUSSELS)
    assert entry.decoded("dtend") == dt.datetime(2027, 3, 18, 9, 40, tzinfo=BRUSSELS)


def test_agenda_calendar_carries_its_time_zone_and_the_venue(scheduled):
    """A TZID without its VTIMEZONE, and "Table 3" without the venue, before."""
    run, maker, _ = scheduled
    run.event.venue = "Liège Expo"
    run.event.save(update_fields=["venue"])
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    content = agenda_calendar(maker)
    calendar = Calendar.from_ical(content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["location"]) == "Liège Expo, table 3"
    assert entry["dtstart"].params["TZID"] == "Europe/Brussels"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Brussels"
    # The file's own rules, read back without the time zone database: winter and summer
    # offsets, and the change on the last Sunday of March 2027 (the 28th) at 02:00 CET.
    rules = zone.to_tz()
    offsets = [
        dt.datetime(2027, month, day, hour, tzinfo=rules).utcoffset()
        for month, day, hour in ((3, 18, 9), (3, 28, 1), (3, 28, 4), (7, 1, 12), (11, 1, 12))
    ]
    hour = dt.timedelta(hours=1)
    assert offsets == [hour, hour, 2 * hour, 2 * hour, hour]


def _item(start_hour: int) -> AgendaItem:
    starts = dt.datetime(2027, 3, 18, start_hour, 0, tzinfo=dt.UTC)
    return AgendaItem(
        meeting_id=start_hour,
        slot=start_hour,
        starts=starts,
        ends=starts + dt.timedelta(minutes=20),
        table=start_hour,
        partner="P",
        partner_slug="p",
    )


def test_next_meeting_is_the_one_under_way_or_the_next_to_come():
    items = [_item(9), _item(10), _item(11)]
    at = dt.datetime(2027, 3, 18, 10, 10, tzinfo=dt.UTC)
    assert next_meeting(items, at) == items[1]  # under way
    assert next_meeting(items, at + dt.timedelta(minutes=15)) == items[2]
    assert next_meeting(items, at - dt.timedelta(hours=5)) == items[0]
    assert next_meeting(items, at + dt.timedelta(hours=5)) is None
