"""Why a run found no schedule, in the organiser's words and language.

The engine's reasons name its own numbers (participant 3, meeting 12, slot 5). ``stored_reasons``
keeps each as its rule's code with participants as registration ids and meetings as the pair of
registrations that meet (``ScheduleRun.stats`` is JSON); ``reason_text`` says it with the
organisations' names and the slots' times, in the language active when the page is rendered.
Runs stored before reasons were data hold English sentences ("registration 12 cannot attend
slot 3"): they are shown as they are, with the organisations named.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from maillage.events.problem import EventProblem
from maillage.events.slots import Slot
from maillage.scheduling.engine import Reason

#: A stored reason: {"code": ..., facts} (JSON), or a sentence from an older run.
Stored = dict[str, object] | str

#: Facts naming meetings: one (an id) or several (a tuple of ids).
_MEETINGS = ("meeting", "before", "meetings", "cycle")
#: Facts naming the participants of a meeting, which the stored pair already names.
_PAIRED = ("a", "b", "before_a", "before_b")


def stored_reasons(built: EventProblem, reasons: Iterable[Reason]) -> list[Stored]:
    """The engine's ``reasons`` with registration ids instead of the engine's numbers."""
    meetings = built.problem.meetings_by_id

    def pair(meeting_id: int) -> list[int]:
        meeting = meetings[meeting_id]
        return [built.registration_ids[meeting.a], built.registration_ids[meeting.b]]

    out: list[Stored] = []
    for reason in reasons:
        item: dict[str, object] = {"code": reason.code}
        for key, value in reason.facts.items():
            if key in _PAIRED:
                continue
            if key == "participant" and isinstance(value, int):
                item[key] = built.registration_ids[value]
            elif key in _MEETINGS:
                item[key] = (
                    [pair(m) for m in value] if isinstance(value, tuple) else pair(int(value))
                )
            else:
                item[key] = value
        out.append(item)
    return out


#: How the sentences of older runs name a participant.
_REGISTRATION = re.compile(r"\bregistration (\d+)\b")


def registrations_in(reasons: Iterable[Stored]) -> set[int]:
    """Registration ids the stored reasons name (to fetch their organisations at once)."""
    ids: set[int] = set()
    for reason in reasons:
        if isinstance(reason, str):
            ids.update(int(pk) for pk in _REGISTRATION.findall(reason))
            continue
        if isinstance(reason.get("participant"), int):
            ids.add(reason["participant"])  # type: ignore[arg-type]
        for key in _MEETINGS:
            ids.update(_flatten(reason.get(key)))
    return ids


def _flatten(value: object) -> list[int]:
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [pk for item in value for pk in _flatten(item)]
    return []


@dataclass(frozen=True)
class Wording:
    """What turns ids into words: organisations' names by registration id, the event's slots."""

    names: Mapping[int, str]
    slots: Mapping[int, Slot]
    #: Session names in the engine's order (1-based ``session`` facts).
    sessions: list[str]
    #: Every slot falls on one day, so a slot reads as its time alone (computed once: ``slot``
    #: is called for every reason).
    one_day: bool = field(init=False)

    def __post_init__(self) -> None:
        # Frozen: the derived field is set through object's own __setattr__.
        days = {slot.starts.date() for slot in self.slots.values()}
        object.__setattr__(self, "one_day", len(days) == 1)

    def org(self, registration: object) -> str:
        return self.names.get(registration, "?") if isinstance(registration, int) else "?"

    def meeting(self, pair: object) -> str:
        if isinstance(pair, list) and len(pair) == 2:
            return f"{self.org(pair[0])} – {self.org(pair[1])}"
        return "?"

    def meetings(self, pairs: object) -> str:
        return "; ".join(self.meeting(pair) for pair in pairs) if isinstance(pairs, list) else "?"

    def slot(self, number: object) -> str:
        slot = self.slots.get(number) if isinstance(number, int) else None
        if slot is None:
            return _("slot %(number)s") % {"number": number}
        return formats.date_format(
            slot.starts, "TIME_FORMAT" if self.one_day else "SHORT_DATETIME_FORMAT"
        )

    def session(self, index: object) -> str:
        if isinstance(index, int) and 1 <= index <= len(self.sessions):
            return self.sessions[index - 1]
        return str(index)


def reason_text(reason: Stored, wording: Wording) -> str:
    """One stored reason as a sentence in the active language."""
    if isinstance(reason, str):
        return _REGISTRATION.sub(lambda m: wording.org(int(m.group(1))), reason)
    return _sentence(reason, wording) or str(reason.get("code"))


def _sentence(r: dict[str, object], w: Wording) -> str | None:  # noqa: PLR0911, PLR0912 (one case per rule)
    org = w.org(r.get("participant"))
    slot = w.slot(r.get("slot"))
    count, usable = r.get("count"), r.get("usable")
    match r.get("code"):
        case "no_slot":
            return _(
                "The meeting %(meeting)s has no slot when both participants are available."
            ) % {"meeting": w.meeting(r.get("meeting"))}
        case "over_maximum":
            return _(
                "%(org)s must hold more meetings (%(count)s) than its maximum (%(limit)s)."
            ) % {
                "org": org,
                "count": count,
                "limit": r.get("limit"),
            }
        case "too_few_slots":
            return _(
                "%(org)s must hold more meetings (%(count)s) than there are slots when it is "
                "available (%(usable)s)."
            ) % {"org": org, "count": count, "usable": usable}
        case "too_few_slots_in_session":
            return _(
                "%(org)s must hold more meetings during %(session)s (%(count)s) than there are "
                "slots when it is available then (%(usable)s)."
            ) % {
                "org": org,
                "session": w.session(r.get("session")),
                "count": count,
                "usable": usable,
            }
        case "fixed_over_tables":
            return _(
                "More meetings (%(count)s) are fixed at %(slot)s than there are free tables "
                "(%(tables)s): %(meetings)s."
            ) % {
                "count": count,
                "slot": slot,
                "tables": r.get("tables"),
                "meetings": w.meetings(r.get("meetings")),
            }
        case "fixed_same_table":
            return _(
                "These meetings are all fixed at %(slot)s at table %(table)s: %(meetings)s."
            ) % {
                "slot": slot,
                "table": r.get("table"),
                "meetings": w.meetings(r.get("meetings")),
            }
        case "fixed_same_participant":
            return _("%(org)s has several meetings fixed at %(slot)s: %(meetings)s.") % {
                "org": org,
                "slot": slot,
                "meetings": w.meetings(r.get("meetings")),
            }
        case "over_capacity":
            return _(
                "More meetings must take place (%(count)s) than the tables hold over all the "
                "slots (%(tables)s tables × %(slots)s slots = %(capacity)s)."
            ) % {
                "count": count,
                "tables": r.get("tables"),
                "slots": r.get("slots"),
                "capacity": r.get("capacity"),
            }
        case "precedence_cycle":
            return _(
                "These meetings must each come after the one before, in a circle: %(meetings)s."
            ) % {"meetings": w.meetings(r.get("cycle"))}
        case "unreachable_after":
            return _(
                "The meeting %(meeting)s cannot come after the meetings it must follow "
                "(%(before)s) within its slots."
            ) % {"meeting": w.meeting(r.get("meeting")), "before": w.meetings(r.get("before"))}
        case "proven":
            return _("The solver proved that no schedule satisfies every constraint.")
        case "no_fit":
            return _(
                "The meetings do not fit the tables and sessions, even without anyone's "
                "unavailable slots, fixed meetings or order between meetings."
            )
        case "conflict":
            return _("These constraints cannot all hold together:")
        case "unavailable":
            return _("%(org)s is not available at %(slot)s.") % {"org": org, "slot": slot}
        case "fixed":
            return _("The meeting %(meeting)s is fixed at %(slot)s.") % {
                "meeting": w.meeting(r.get("meeting")),
                "slot": slot,
            }
        case "after":
            return _("The meeting %(meeting)s must come after the meeting %(before)s.") % {
                "meeting": w.meeting(r.get("meeting")),
                "before": w.meeting(r.get("before")),
            }
    return None
