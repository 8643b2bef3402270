"""Day-of rescheduling: re-optimise a published schedule after changes, moving little.

Objective, lexicographic: (1) weighted placed meetings (freed slots are refilled with meetings
that could not be placed before); (2) announced meetings moved to another slot, each move costing
more than all breaks together; (3) breaks. Announced meetings that keep their slot keep their table
when it is still free.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .dispatch import SolveOptions, solve
from .model import Meeting, Placement, Problem, Progress, Result, Status


@dataclass(frozen=True)
class Changes:
    #: Meetings cancelled.
    cancelled: frozenset[int] = frozenset()
    #: Participants absent for some slots: participant id -> slots.
    absent: Mapping[int, frozenset[int]] = field(default_factory=dict)
    #: Participants gone for the whole event: their meetings are dropped.
    gone: frozenset[int] = frozenset()
    #: Meetings added late (new ids).
    added: tuple[Meeting, ...] = ()


@dataclass(frozen=True)
class Rescheduled:
    result: Result
    #: The problem after the changes (what ``result`` is a schedule of).
    problem: Problem
    #: Announced meetings still held but at another slot, and announced meetings dropped.
    moved: tuple[int, ...]
    dropped: tuple[int, ...]


def apply_changes(problem: Problem, changes: Changes) -> Problem:
    """The problem after the changes (validated by the caller through the solver)."""
    people = []
    for p in problem.participants:
        extra = changes.absent.get(p.id, frozenset())
        if p.id in changes.gone:
            extra = frozenset(range(1, problem.n_slots + 1))
        people.append(replace(p, forbidden=p.forbidden | extra) if extra else p)
    meetings = [
        m
        for m in problem.meetings
        if m.id not in changes.cancelled and not (set(m.participants) & changes.gone)
    ]
    kept = {m.id for m in meetings}
    meetings = [replace(m, after=tuple(a for a in m.after if a in kept)) for m in meetings]
    return replace(
        problem,
        participants=tuple(people),
        meetings=(*meetings, *changes.added),
        # A day-of re-plan keeps what it can: nothing is mandatory beyond locked meetings.
        all_mandatory=False,
    )


def reschedule(
    problem: Problem,
    published: Sequence[Placement],
    changes: Changes,
    *,
    options: SolveOptions | None = None,
    progress: Progress | None = None,
    freeze_unaffected: bool | None = None,
) -> Rescheduled:
    """Re-plan ``published`` after ``changes``.

    With ``freeze_unaffected`` (default: for more than 1,000 meetings) only meetings of affected
    participants, unplaced and added meetings may move; the others stay where they are (a large
    neighbourhood around the changes, fast on big events). Otherwise every meeting may move, at the
    price of a move penalty.
    """
    start = time.perf_counter()
    options = options or SolveOptions(time_limit=10.0)
    changed = apply_changes(problem, changes)
    announced = {p.meeting: p for p in published}
    current = changed.meetings_by_id
    if freeze_unaffected is None:
        freeze_unaffected = len(changed.meetings) > 1000
    affected: set[int] = set()
    for mid, placement in announced.items():
        m = current.get(mid)
        if m is None:
            continue
        if placement.slot in changed.people[m.a].forbidden | changed.people[m.b].forbidden:
            affected.update(m.participants)
    if freeze_unaffected:
        frozen = []
        for m in changed.meetings:
            old = announced.get(m.id)
            if old is not None and not (set(m.participants) & affected) and m.slot is None:
                frozen.append(replace(m, slot=old.slot, table=old.table))
            else:
                frozen.append(m)
        changed_for_solver = replace(changed, meetings=tuple(frozen))
    else:
        changed_for_solver = changed
    penalty = {mid: p.slot for mid, p in announced.items() if mid in current}
    hint = dict(penalty.items())
    # The time limit is the caller's whole budget: preparing the changes counts too.
    left = max(0.1, options.time_limit - (time.perf_counter() - start))
    result = solve(
        changed_for_solver,
        replace(options, hint=hint, probe_share=0.0, time_limit=left),
        progress,
        move_penalty=penalty,
    )
    placements = _keep_tables(changed, result.placements, announced)
    result = replace(result, placements=placements, seconds=time.perf_counter() - start)
    new_slot = {p.meeting: p.slot for p in placements}
    moved = tuple(
        sorted(mid for mid in penalty if mid in new_slot and new_slot[mid] != penalty[mid])
    )
    dropped = tuple(sorted(mid for mid in penalty if mid not in new_slot))
    if result.status == Status.OPTIMAL and freeze_unaffected:
        # Optimal within the neighbourhood only.
        result = replace(result, status=Status.FEASIBLE, lower_bound=None)
    return Rescheduled(result=result, problem=changed, moved=moved, dropped=dropped)


def _keep_tables(
    problem: Problem, placements: tuple[Placement, ...], announced: Mapping[int, Placement]
) -> tuple[Placement, ...]:
    """Give back announced tables where possible (free tables are interchangeable)."""
    by_slot: dict[int, list[Placement]] = {}
    for p in placements:
        by_slot.setdefault(p.slot, []).append(p)
    meetings = problem.meetings_by_id
    result: list[Placement] = []
    for slot, items in by_slot.items():
        pinned = [p for p in items if problem.meeting_table(meetings[p.meeting]) is not None]
        loose = [p for p in items if problem.meeting_table(meetings[p.meeting]) is None]
        used = {p.table for p in pinned}
        pool = [
            t
            for t in range(1, problem.n_tables + 1)
            if t not in problem.reserved_tables and t not in used
        ]
        taken: set[int] = set()
        wanted: dict[int, int] = {}
        for p in loose:
            old = announced.get(p.meeting)
            if (
                old is not None
                and old.slot == slot
                and old.table in pool
                and old.table not in taken
            ):
                wanted[p.meeting] = old.table
                taken.add(old.table)
        spare = iter(t for t in pool if t not in taken)
        result.extend(pinned)
        for p in loose:
            table = wanted.get(p.meeting)
            result.append(replace(p, table=table if table is not None else next(spare)))
    return tuple(sorted(result, key=lambda p: p.meeting))
