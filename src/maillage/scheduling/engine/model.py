"""The scheduling problem and its result, as frozen dataclasses.

Ids, slots and tables are 1-based everywhere, as in the published ``.dzn`` instances.
``validate_problem`` checks that a problem is consistent (every reference resolves, every locked
choice is possible) and raises ``ProblemError`` naming the culprit; it says nothing about whether a
schedule exists (see ``explain.py`` for cheap infeasibility proofs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TypeVar

from .reasons import Reason

T = TypeVar("T")


class ProblemError(ValueError):
    """The input is unreadable or inconsistent; the message names the culprit on one line."""


@dataclass(frozen=True)
class Participant:
    id: int
    name: str = ""
    #: Slots the participant cannot attend.
    forbidden: frozenset[int] = frozenset()
    #: At most this many placed meetings (None: no limit).
    max_meetings: int | None = None
    #: An exhibitor who stays at a stand: every meeting of this participant uses this table.
    table: int | None = None


@dataclass(frozen=True)
class Meeting:
    id: int
    a: int
    b: int
    #: Priority weight (mutual request > accepted request > organiser proposal).
    weight: int = 1
    #: Required session (1-based index into ``Problem.sessions``), None: any session.
    session: int | None = None
    #: Locked slot and/or table; a meeting with a locked slot must be placed.
    slot: int | None = None
    table: int | None = None
    #: Meetings that must be held strictly before this one (when both are placed).
    after: tuple[int, ...] = ()

    @property
    def participants(self) -> tuple[int, int]:
        return (self.a, self.b)


@dataclass(frozen=True)
class Problem:
    n_slots: int
    n_tables: int
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    #: Sessions as inclusive (first, last) slot ranges covering 1..n_slots in order.
    sessions: tuple[tuple[int, int], ...] = ()
    #: Tables usable only by meetings that lock them or whose participant stays at them.
    reserved_tables: frozenset[int] = frozenset()
    #: Every meeting must be placed (the published definition); otherwise maximise placed weight.
    all_mandatory: bool = False
    #: Largest minus smallest number of breaks of any participant (None: no fairness bound).
    fairness: int | None = None
    name: str = ""

    def session_list(self) -> tuple[tuple[int, int], ...]:
        return self.sessions or ((1, self.n_slots),)

    @cached_property
    def people(self) -> dict[int, Participant]:
        """Participants by id (computed once; do not mutate)."""
        return {p.id: p for p in self.participants}

    @cached_property
    def meetings_by_id(self) -> dict[int, Meeting]:
        """Meetings by id (computed once; do not mutate)."""
        return {m.id: m for m in self.meetings}

    @cached_property
    def meeting_ids_of(self) -> dict[int, list[int]]:
        """Each participant's meeting ids, in meeting order (computed once; do not mutate)."""
        ids: dict[int, list[int]] = {p.id: [] for p in self.participants}
        for m in self.meetings:
            ids[m.a].append(m.id)
            ids[m.b].append(m.id)
        return ids

    def meeting_table(self, meeting: Meeting) -> int | None:
        """The table a meeting must use (locked, or its participant's stand), None if free."""
        if meeting.table is not None:
            return meeting.table
        people = self.people
        for pid in meeting.participants:
            if people[pid].table is not None:
                return people[pid].table
        return None

    def allowed_slots(self, meeting: Meeting) -> list[int]:
        """Slots a meeting may take on its own (session, forbidden, locked slot), ascending."""
        people = self.people
        if meeting.session is not None:
            first, last = self.session_list()[meeting.session - 1]
        else:
            first, last = 1, self.n_slots
        blocked = people[meeting.a].forbidden | people[meeting.b].forbidden
        slots = [s for s in range(first, last + 1) if s not in blocked]
        if meeting.slot is not None:
            slots = [s for s in slots if s == meeting.slot]
        return slots

    def is_mandatory(self, meeting: Meeting) -> bool:
        return self.all_mandatory or meeting.slot is not None

    def seat_groups(
        self, literals: Mapping[int, Mapping[int, T]]
    ) -> tuple[dict[int, list[T]], dict[tuple[int, int], list[T]]]:
        """Group the solvers' "meeting m in slot s" literals (``literals[m][s]``) by seat.

        Returns, per slot, the literals of meetings that take a free (unreserved) table, and per
        (slot, table), those of meetings that must sit at that table. At most ``n_tables`` minus
        the reserved ones in each of the first, at most one in each of the second: that is the
        exact table constraint, tables being handed out afterwards (``TableBook``).
        """
        on_free: dict[int, list[T]] = defaultdict(list)
        on_table: dict[tuple[int, int], list[T]] = defaultdict(list)
        for m in self.meetings:
            table = self.meeting_table(m)
            for s, lit in literals[m.id].items():
                if table is None or table not in self.reserved_tables:
                    on_free[s].append(lit)
                if table is not None:
                    on_table[(s, table)].append(lit)
        return on_free, on_table


@dataclass(frozen=True)
class Placement:
    meeting: int
    slot: int
    table: int


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Result:
    status: Status
    placements: tuple[Placement, ...] = ()
    #: Total breaks of the schedule (None when there is no schedule).
    breaks: int | None = None
    #: Proven lower bound on the breaks (None when none is known).
    lower_bound: int | None = None
    #: Ids of requested meetings left unplaced.
    unscheduled: tuple[int, ...] = ()
    seconds: float = 0.0
    #: Why the problem is infeasible, when it is and a reason is known.
    reasons: tuple[Reason, ...] = ()
    details: dict[str, float] = field(default_factory=dict)


#: Progress callback: (fraction done in [0, 1], one-line message).
Progress = Callable[[float, str], None]


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ProblemError(message)


def validate_problem(problem: Problem) -> None:  # noqa: PLR0912
    """Raise ``ProblemError`` naming the first inconsistency found."""
    _check(problem.n_slots >= 1, f"the event needs at least one slot, got {problem.n_slots}")
    _check(problem.n_tables >= 0, f"negative table count {problem.n_tables}")
    sessions = problem.session_list()
    expected = 1
    for index, (first, last) in enumerate(sessions, start=1):
        _check(
            first == expected and first <= last,
            f"session {index} ({first}..{last}) does not continue the previous one at {expected}",
        )
        expected = last + 1
    _check(expected == problem.n_slots + 1, f"sessions do not end at slot {problem.n_slots}")
    for table in problem.reserved_tables:
        _check(1 <= table <= problem.n_tables, f"reserved table {table} does not exist")
    if problem.fairness is not None:
        _check(problem.fairness >= 0, f"negative fairness bound {problem.fairness}")
    people: dict[int, Participant] = {}
    for p in problem.participants:
        _check(p.id not in people, f"participant {p.id} is defined twice")
        people[p.id] = p
        for slot in p.forbidden:
            _check(
                1 <= slot <= problem.n_slots,
                f"participant {p.id}: forbidden slot {slot} is not in 1..{problem.n_slots}",
            )
        if p.max_meetings is not None:
            _check(p.max_meetings >= 0, f"participant {p.id}: negative maximum of meetings")
        if p.table is not None:
            _check(
                1 <= p.table <= problem.n_tables,
                f"participant {p.id}: fixed table {p.table} does not exist",
            )
    ids: set[int] = set()
    for m in problem.meetings:
        _check(m.id not in ids, f"meeting {m.id} is defined twice")
        ids.add(m.id)
        for pid in m.participants:
            _check(pid in people, f"meeting {m.id}: unknown participant {pid}")
        _check(m.a != m.b, f"meeting {m.id}: participant {m.a} cannot meet itself")
        _check(m.weight >= 1, f"meeting {m.id}: weight must be at least 1, got {m.weight}")
        if m.session is not None:
            _check(
                1 <= m.session <= len(sessions),
                f"meeting {m.id}: session {m.session} does not exist",
            )
        if m.slot is not None:
            _check(
                1 <= m.slot <= problem.n_slots,
                f"meeting {m.id}: fixed slot {m.slot} is not in 1..{problem.n_slots}",
            )
            for pid in m.participants:
                _check(
                    m.slot not in people[pid].forbidden,
                    f"meeting {m.id}: fixed slot {m.slot} is forbidden for participant {pid}",
                )
            if m.session is not None:
                first, last = sessions[m.session - 1]
                _check(
                    first <= m.slot <= last,
                    f"meeting {m.id}: fixed slot {m.slot} is outside its session {m.session}",
                )
        tables = {t for t in (m.table, people[m.a].table, people[m.b].table) if t is not None}
        _check(
            len(tables) <= 1,
            f"meeting {m.id}: conflicting fixed tables {sorted(tables)}",
        )
        if m.table is not None:
            _check(
                1 <= m.table <= problem.n_tables,
                f"meeting {m.id}: fixed table {m.table} does not exist",
            )
    for m in problem.meetings:
        for before in m.after:
            _check(before in ids, f"meeting {m.id}: precedence on unknown meeting {before}")
            _check(before != m.id, f"meeting {m.id}: cannot precede itself")
