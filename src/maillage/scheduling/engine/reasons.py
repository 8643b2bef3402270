"""Why no schedule exists, as data: a rule's code and the participants, slots and meetings it
names, so that the platform can say it in the organiser's language with organisations' names and
slot times, while the command line prints the English sentence (``str()``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: A fact's value: a count, a participant, slot, table or meeting id, or several meeting ids.
Fact = int | str | tuple[int, ...]

_ENGLISH = {
    # Cheap proofs (explain.py).
    "no_slot": "meeting {meeting} has no possible slot (session and forbidden slots)",
    "over_maximum": (
        "participant {participant} has {count} mandatory meetings but a maximum of {limit}"
    ),
    "too_few_slots": (
        "participant {participant} has {count} mandatory meetings but only {usable} usable slots"
    ),
    "too_few_slots_in_session": (
        "participant {participant} has {count} mandatory meetings in session {session}"
        " but only {usable} usable slots there"
    ),
    "fixed_over_tables": (
        "slot {slot} has {count} fixed meetings but only {tables} tables (meetings {meetings})"
    ),
    "fixed_same_table": "meetings {meetings} are all fixed at slot {slot} table {table}",
    "fixed_same_participant": (
        "participant {participant} has meetings {meetings} all fixed at slot {slot}"
    ),
    "over_capacity": (
        "{count} mandatory meetings need a free table but {tables} tables x {slots} slots"
        " give only {capacity}"
    ),
    "precedence_cycle": "precedence cycle between meetings {cycle}",
    "unreachable_after": (
        "meeting {meeting} cannot come after its mandatory predecessors {before} within its slots"
    ),
    # A solver's proof, and the constraints it found in conflict (conflicts.py).
    "proven": "{solver} proved that no schedule satisfies all constraints",
    "no_fit": (
        "the meetings do not fit the tables and sessions, even without any participant's"
        " unavailable slots, fixed meetings or precedences"
    ),
    "conflict": "no schedule satisfies these constraints together:",
    "unavailable": "participant {participant} cannot attend slot {slot}",
    "fixed": "meeting {meeting} (participant {a} with participant {b}) is fixed at slot {slot}",
    "after": (
        "meeting {meeting} (participant {a} with participant {b}) must come after"
        " meeting {before} (participant {before_a} with participant {before_b})"
    ),
}

#: Every code a reason may carry.
CODES = frozenset(_ENGLISH)


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: ``code`` (one of ``CODES``) and its facts. Participants are under
    ``participant``, ``a``, ``b``, ``before_a`` and ``before_b``; slots under ``slot``; meetings
    under ``meeting`` and ``before`` (one), ``meetings`` and ``cycle`` (several); ``before`` of
    ``unreachable_after`` holds several."""

    code: str
    facts: Mapping[str, Fact]

    def __str__(self) -> str:
        shown = {
            key: (" -> ".join(map(str, value)) if key == "cycle" else list(value))
            if isinstance(value, tuple)
            else value
            for key, value in self.facts.items()
        }
        return _ENGLISH[self.code].format(**shown)


def reason(code: str, **facts: Fact) -> Reason:
    """A ``Reason``; an unknown code is a programming error."""
    if code not in _ENGLISH:
        raise ValueError(f"unknown reason code {code!r}")
    return Reason(code, facts)
