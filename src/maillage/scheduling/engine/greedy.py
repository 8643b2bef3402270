"""Greedy baseline: first fit by priority, as commercial tools do.

Locked meetings first, then by decreasing weight (ties by id): each takes the first slot where both
participants are free and allowed, the session and precedences hold, and a table is free.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping

from .model import Placement, Problem, Result, Status


def participant_breaks(slots: list[int]) -> int:
    ordered = sorted(slots)
    return sum(1 for i in range(1, len(ordered)) if ordered[i] > ordered[i - 1] + 1)


def busy_slots(problem: Problem, slot_of: Mapping[int, int]) -> dict[int, list[int]]:
    """Each participant's slots in a schedule (meeting id -> slot) of ``problem``."""
    busy: dict[int, list[int]] = defaultdict(list)
    for mid, slot in slot_of.items():
        m = problem.meetings_by_id[mid]
        busy[m.a].append(slot)
        busy[m.b].append(slot)
    return busy


def schedule_breaks(problem: Problem, slot_of: Mapping[int, int]) -> int:
    """Total breaks of a schedule (meeting id -> slot) of ``problem``."""
    return sum(participant_breaks(v) for v in busy_slots(problem, slot_of).values())


class TableBook:
    """Which tables are taken in each slot; hands out stands, locked and free tables."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.free_tables = [
            t for t in range(1, problem.n_tables + 1) if t not in problem.reserved_tables
        ]
        self.taken: dict[int, set[int]] = defaultdict(set)
        self.free_count: dict[int, int] = defaultdict(int)

    def can_take(self, slot: int, table: int | None) -> bool:
        if table is not None:
            if table in self.taken[slot]:
                return False
            if table in self.problem.reserved_tables:
                return True
        return self.free_count[slot] + len(
            [t for t in self.taken[slot] if t not in self.problem.reserved_tables]
        ) < len(self.free_tables)

    def take(self, slot: int, table: int | None) -> None:
        if table is None:
            self.free_count[slot] += 1
        else:
            self.taken[slot].add(table)

    def assign(self, slot_of: dict[int, int]) -> list[Placement]:
        """Tables for meetings whose slots are decided; free tables go lowest first."""
        by_slot: dict[int, list[int]] = defaultdict(list)
        for mid, slot in slot_of.items():
            by_slot[slot].append(mid)
        meetings = self.problem.meetings_by_id
        placements: list[Placement] = []
        for slot, mids in by_slot.items():
            fixed = {mid: self.problem.meeting_table(meetings[mid]) for mid in mids}
            used = {t for t in fixed.values() if t is not None}
            spare = iter(t for t in self.free_tables if t not in used)
            for mid in sorted(mids):
                table = fixed[mid]
                if table is None:
                    table = next(spare)
                placements.append(Placement(meeting=mid, slot=slot, table=table))
        return sorted(placements, key=lambda p: p.meeting)


def solve_greedy(problem: Problem) -> Result:
    """The first-fit schedule (never proves anything: status feasible, or unknown if incomplete)."""
    start = time.perf_counter()
    people = problem.people
    meetings = problem.meetings_by_id
    order = sorted(problem.meetings, key=lambda m: (m.slot is None, -m.weight, m.id))
    busy: dict[int, set[int]] = defaultdict(set)
    book = TableBook(problem)
    slot_of: dict[int, int] = {}
    successors: dict[int, list[int]] = defaultdict(list)
    for m in problem.meetings:
        for before in m.after:
            successors[before].append(m.id)
    for m in order:
        limit_a, limit_b = people[m.a].max_meetings, people[m.b].max_meetings
        if (limit_a is not None and len(busy[m.a]) >= limit_a) or (
            limit_b is not None and len(busy[m.b]) >= limit_b
        ):
            continue
        low = max((slot_of[p] for p in m.after if p in slot_of), default=0)
        high = min((slot_of[s] for s in successors[m.id] if s in slot_of), default=10**9)
        table = problem.meeting_table(m)
        for slot in problem.allowed_slots(m):
            if not low < slot < high or slot in busy[m.a] or slot in busy[m.b]:
                continue
            if not book.can_take(slot, table):
                continue
            book.take(slot, table)
            busy[m.a].add(slot)
            busy[m.b].add(slot)
            slot_of[m.id] = slot
            break
    placements = book.assign(slot_of)
    unscheduled = tuple(sorted(mid for mid in meetings if mid not in slot_of))
    breaks = sum(participant_breaks(list(slots)) for slots in busy.values())
    complete = not problem.all_mandatory or not unscheduled
    return Result(
        status=Status.FEASIBLE if complete else Status.UNKNOWN,
        placements=tuple(placements),
        breaks=breaks,
        unscheduled=unscheduled,
        seconds=time.perf_counter() - start,
    )
