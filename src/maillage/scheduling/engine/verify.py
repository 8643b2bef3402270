"""Independent verifier: checks a schedule against the problem and recomputes its breaks.

Deliberately shares no code with the solvers (not even ``Problem.allowed_slots`` or
``Problem.meeting_table``): it reads the raw problem fields and re-derives every rule, so a bug in
the model cannot hide itself.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from .model import Placement, Problem


@dataclass(frozen=True)
class Verdict:
    #: Human-readable violations; empty when the schedule is valid.
    violations: tuple[str, ...]
    #: Total breaks, recomputed from the slot assignment.
    breaks: int
    #: Breaks per participant id (every participant, 0 for idle ones).
    breaks_by_participant: dict[int, int]
    #: Sum of the weights of the placed meetings, and their count.
    placed_weight: int
    placed: int

    @property
    def ok(self) -> bool:
        return not self.violations


def count_breaks(busy_slots: list[int]) -> int:
    """Maximal runs of idle slots strictly between the first and the last busy slot."""
    ordered = sorted(set(busy_slots))
    return sum(1 for prev, cur in itertools.pairwise(ordered) if cur > prev + 1)


def verify(problem: Problem, placements: tuple[Placement, ...] | list[Placement]) -> Verdict:  # noqa: PLR0912, PLR0915
    """Check every hard constraint; return the violations and the recomputed objective."""
    bad: list[str] = []
    people = {p.id: p for p in problem.participants}
    meetings = {m.id: m for m in problem.meetings}
    sessions = list(problem.sessions) or [(1, problem.n_slots)]
    where: dict[int, Placement] = {}
    for pl in placements:
        if pl.meeting not in meetings:
            bad.append(f"placement of unknown meeting {pl.meeting}")
            continue
        if pl.meeting in where:
            bad.append(f"meeting {pl.meeting} placed twice")
            continue
        where[pl.meeting] = pl
    slot_of_person: dict[int, list[int]] = defaultdict(list)
    table_use: dict[tuple[int, int], list[int]] = defaultdict(list)
    for mid, pl in where.items():
        m = meetings[mid]
        if not 1 <= pl.slot <= problem.n_slots:
            bad.append(f"meeting {mid}: slot {pl.slot} does not exist")
        if not 1 <= pl.table <= problem.n_tables:
            bad.append(f"meeting {mid}: table {pl.table} does not exist")
        table_use[(pl.slot, pl.table)].append(mid)
        for pid in (m.a, m.b):
            slot_of_person[pid].append(pl.slot)
            if pl.slot in people[pid].forbidden:
                bad.append(f"meeting {mid}: slot {pl.slot} is forbidden for participant {pid}")
        if m.session is not None:
            first, last = sessions[m.session - 1]
            if not first <= pl.slot <= last:
                bad.append(f"meeting {mid}: slot {pl.slot} outside session {m.session}")
        if m.slot is not None and pl.slot != m.slot:
            bad.append(f"meeting {mid}: locked at slot {m.slot}, placed at {pl.slot}")
        if m.table is not None and pl.table != m.table:
            bad.append(f"meeting {mid}: locked at table {m.table}, placed at {pl.table}")
        stands = {people[pid].table for pid in (m.a, m.b)} - {None}
        for stand in stands:
            if pl.table != stand:
                bad.append(f"meeting {mid}: at table {pl.table}, not at its stand {stand}")
        if pl.table in problem.reserved_tables and m.table != pl.table and pl.table not in stands:
            bad.append(f"meeting {mid}: uses reserved table {pl.table}")
        for before in m.after:
            if before in where and not where[before].slot < pl.slot:
                bad.append(f"meeting {mid}: not after meeting {before}")
    for (slot, table), users in table_use.items():
        if len(users) > 1:
            bad.append(f"slot {slot} table {table}: meetings {sorted(users)} collide")
    for pid, slots in slot_of_person.items():
        if len(set(slots)) != len(slots):
            bad.append(f"participant {pid}: two meetings in one slot")
        limit = people[pid].max_meetings
        if limit is not None and len(slots) > limit:
            bad.append(f"participant {pid}: {len(slots)} meetings, at most {limit}")
    for m in problem.meetings:
        if m.id not in where and (problem.all_mandatory or m.slot is not None):
            bad.append(f"meeting {m.id}: mandatory but not placed")
    per_person = {pid: count_breaks(slot_of_person.get(pid, [])) for pid in people}
    if problem.fairness is not None and per_person:
        spread = max(per_person.values()) - min(per_person.values())
        if spread > problem.fairness:
            bad.append(f"fairness: breaks range over {spread} > {problem.fairness}")
    return Verdict(
        violations=tuple(bad),
        breaks=sum(per_person.values()),
        breaks_by_participant=per_person,
        placed_weight=sum(meetings[mid].weight for mid in where),
        placed=len(where),
    )
