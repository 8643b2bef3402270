"""Global B2B slot numbering: 1..T over an event's sessions in chronological order."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from maillage.core.errors import ValidationFailed
from maillage.events.models import B2BSession


@dataclass(frozen=True)
class Slot:
    number: int
    session: B2BSession
    #: Naive local start time of the slot.
    starts: datetime


def check_session_shape(session: B2BSession) -> None:
    """A session must be a whole number of slots; the table count must be positive."""
    errors: dict[str, str] = {}
    duration = session.duration_minutes
    if duration <= 0:
        errors["end_time"] = _("The session must end after it starts.")
    elif session.slot_minutes <= 0 or duration % session.slot_minutes:
        errors["slot_minutes"] = _(
            "A %(slot)d-minute slot does not divide the %(duration)d minutes of the session."
        ) % {"slot": session.slot_minutes, "duration": duration}
    if session.table_count <= 0:
        errors["table_count"] = _("A session needs at least one table.")
    if errors:
        raise ValidationFailed(errors)


def event_slots(sessions: Iterable[B2BSession]) -> list[Slot]:
    ordered = sorted(sessions, key=lambda s: (s.date, s.start_time, s.pk or 0))
    slots: list[Slot] = []
    for session in ordered:
        for index in range(session.slot_count):
            slots.append(Slot(len(slots) + 1, session, session.slot_start(index)))
    return slots


def event_slot_count(sessions: Iterable[B2BSession]) -> int:
    return sum(session.slot_count for session in sessions)
