"""Setting an event up: the event itself, its conference programme, workshops and B2B sessions.

Every function authorises the actor (``events.permissions``), validates
the whole input, then writes; on refusal it raises ``PermissionDenied`` or ``ValidationFailed``
and writes nothing.
"""

from collections.abc import Sequence
from datetime import date, datetime, time

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.events.models import B2BSession, ConferenceSession, Event, Workshop
from maillage.events.permissions import check_can_set_up_event, check_organiser
from maillage.events.slots import check_session_shape

MIN_ORGANISERS = 2


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "event"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def create_event(
    *,
    actor: AnyUser,
    name: str,
    organisers: Sequence[Organisation],
    start_date: date,
    end_date: date | None = None,
    venue: str = "",
    description: str = "",
    capacity: int | None = None,
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
    pending_request_quota: int = 10,
    request_ttl_days: int = 7,
) -> Event:
    """Create an event co-organised by two or more clusters or poles, one managed by ``actor``."""
    check_can_set_up_event(actor, organisers)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the event a name.")
    if len({org.pk for org in organisers}) < MIN_ORGANISERS:
        errors["organisers"] = _("An event has at least two co-organising clusters or poles.")
    elif any(not org.is_network for org in organisers):
        errors["organisers"] = _("Organisers must be clusters or competitiveness poles.")
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("The event cannot end before it starts.")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("The capacity must be at least 1.")
    if (
        registration_opens_at
        and registration_closes_at
        and registration_closes_at <= registration_opens_at
    ):
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    if pending_request_quota < 1:
        errors["pending_request_quota"] = _("Allow at least one pending request.")
    if request_ttl_days < 1:
        errors["request_ttl_days"] = _("Requests must stay valid at least one day.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        event = Event.objects.create(
            name=name.strip(),
            slug=_unique_slug(name),
            description=description.strip(),
            start_date=start_date,
            end_date=end_date or start_date,
            venue=venue.strip(),
            capacity=capacity,
            registration_opens_at=registration_opens_at,
            registration_closes_at=registration_closes_at,
            pending_request_quota=pending_request_quota,
            request_ttl_days=request_ttl_days,
        )
        event.organisers.set(organisers)
    return event


def _check_organiser(actor: AnyUser, event: Event) -> None:
    check_organiser(actor, event, "programme")


def _check_within_event(event: Event, day: date, field: str) -> None:
    if (event.start_date and day < event.start_date) or (event.end_date and day > event.end_date):
        raise ValidationFailed({field: _("This date is outside the event's dates.")})


def add_conference_session(
    *,
    actor: AnyUser,
    event: Event,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    speakers: str = "",
    room: str = "",
    description: str = "",
) -> ConferenceSession:
    _check_organiser(actor, event)
    if not title.strip():
        raise ValidationFailed({"title": _("Give the session a title.")})
    if ends_at <= starts_at:
        raise ValidationFailed({"ends_at": _("The session must end after it starts.")})
    return ConferenceSession.objects.create(
        event=event,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        speakers=speakers.strip(),
        room=room.strip(),
        description=description.strip(),
    )


def add_workshop(
    *, actor: AnyUser, event: Event, title: str, room: str = "", starts_at: datetime | None = None
) -> Workshop:
    _check_organiser(actor, event)
    if not title.strip():
        raise ValidationFailed({"title": _("Give the workshop a title.")})
    return Workshop.objects.create(
        event=event, title=title.strip(), room=room.strip(), starts_at=starts_at
    )


def add_b2b_session(
    *,
    actor: AnyUser,
    event: Event,
    name: str,
    date: date,
    start_time: time,
    end_time: time,
    slot_minutes: int,
    table_count: int,
) -> B2BSession:
    """Add a block of meeting slots; the slot length must divide the session exactly.

    Refused once a schedule is published (it would renumber the slots participants rely on).
    """
    _check_organiser(actor, event)
    if event.schedule_published:
        raise ValidationFailed(
            {NON_FIELD: _("The schedule is published: B2B sessions can no longer change.")}
        )
    session = B2BSession(
        event=event,
        name=name.strip(),
        date=date,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        table_count=table_count,
    )
    if not session.name:
        raise ValidationFailed({"name": _("Name the session (e.g. morning).")})
    _check_within_event(event, date, "date")
    check_session_shape(session)
    overlapping = B2BSession.objects.filter(
        event=event, date=date, start_time__lt=end_time, end_time__gt=start_time
    ).exists()
    if overlapping:
        raise ValidationFailed({"start_time": _("This session overlaps another B2B session.")})
    session.save()
    return session
