"""Large events: greedy first fit, then large-neighbourhood search with small CP-SAT models.

The full model of a 1,000-participant event (8,000 meetings x 24 slots) takes longer to build in
Python than the time budget, so big events are improved piece by piece: a neighbourhood is a group
of participants close in the meeting graph; their meetings among themselves are freed, their other
meetings stay fixed (modelled as locked meetings with a stand-in partner, so that they still count
for breaks), and the sub-model maximises placed weight, then minimises the group's breaks. A
neighbourhood's result is kept only if it is better. Used when the problem has no fairness bound,
no stands or locked tables and no precedences (those couple a neighbourhood to the rest).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import replace

from ortools.sat.python import cp_model

from .cpsat import BreakModel
from .greedy import TableBook, participant_breaks, solve_greedy
from .model import Meeting, Participant, Problem, Progress, Result, Status

GHOST = 1_000_000_000


def lns_applies(problem: Problem) -> bool:
    return (
        problem.fairness is None
        and not problem.reserved_tables
        and all(p.table is None for p in problem.participants)
        and all(m.table is None and not m.after for m in problem.meetings)
    )


def solve_lns(  # noqa: PLR0912, PLR0915 (one search loop)
    problem: Problem,
    *,
    time_limit: float,
    seed: int = 0,
    group: int = 12,
    progress: Progress | None = None,
    start_slots: dict[int, int] | None = None,
) -> Result:
    """Greedy (or ``start_slots``), then improve until ``time_limit``; status feasible."""
    start = time.perf_counter()
    rng = random.Random(seed)
    meetings = problem.meetings_by_id
    if start_slots is None:
        greedy = solve_greedy(problem)
        slot_of = {p.meeting: p.slot for p in greedy.placements}
    else:
        slot_of = dict(start_slots)
    meetings_of: dict[int, list[int]] = defaultdict(list)
    for m in problem.meetings:
        meetings_of[m.a].append(m.id)
        meetings_of[m.b].append(m.id)
    free_tables = problem.n_tables
    used: dict[int, int] = defaultdict(int)
    for slot in slot_of.values():
        used[slot] += 1
    people = [p.id for p in problem.participants if meetings_of.get(p.id)]
    iterations = improved = 0

    while people and time.perf_counter() - start < time_limit:
        iterations += 1
        # Grow a group by breadth-first search from a random participant.
        root = rng.choice(people)
        chosen = {root}
        frontier = [root]
        while frontier and len(chosen) < group:
            pid = frontier.pop(0)
            partners = [
                meetings[mid].b if meetings[mid].a == pid else meetings[mid].a
                for mid in meetings_of[pid]
            ]
            rng.shuffle(partners)
            for other in partners:
                if other not in chosen and len(chosen) < group:
                    chosen.add(other)
                    frontier.append(other)
        inner = [mid for pid in chosen for mid in meetings_of[pid]]
        free_ids = sorted({mid for mid in inner if {meetings[mid].a, meetings[mid].b} <= chosen})
        fixed_ids = sorted({mid for mid in inner if mid not in free_ids and mid in slot_of})
        sub_meetings: list[Meeting] = [meetings[mid] for mid in free_ids]
        ghosts: list[Participant] = []
        for mid in fixed_ids:
            m = meetings[mid]
            inside, outside = (m.a, m.b) if m.a in chosen else (m.b, m.a)
            del outside
            ghost = GHOST + mid
            ghosts.append(Participant(id=ghost))
            sub_meetings.append(replace(m, a=inside, b=ghost, slot=slot_of[mid], session=None))
        involved = set(free_ids) | set(fixed_ids)
        capacity = {
            s: free_tables - (used[s] - sum(1 for mid in involved if slot_of.get(mid) == s))
            for s in range(1, problem.n_slots + 1)
        }
        sub = Problem(
            n_slots=problem.n_slots,
            n_tables=problem.n_tables,
            participants=(*(problem.people[pid] for pid in sorted(chosen)), *ghosts),
            meetings=tuple(sub_meetings),
            sessions=problem.sessions,
        )
        before = _score(
            sub,
            slot_of=slot_of,
            free_ids=free_ids,
            chosen=chosen,
            meetings_of=meetings_of,
            meetings=meetings,
        )
        built = BreakModel(sub, windows=False, compact=False, capacity=capacity)
        built.add_hint({mid: slot_of[mid] for mid in involved if mid in slot_of})
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = min(
            0.5, max(0.05, time_limit - (time.perf_counter() - start))
        )
        solver.parameters.random_seed = rng.randint(0, 10**6)
        status = solver.solve(built.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        new = built.slot_of(solver)
        trial = dict(slot_of)
        for mid in free_ids:
            trial.pop(mid, None)
            if mid in new:
                trial[mid] = new[mid]
        after = _score(
            sub,
            slot_of=trial,
            free_ids=free_ids,
            chosen=chosen,
            meetings_of=meetings_of,
            meetings=meetings,
        )
        if after > before:
            improved += 1
            for mid in free_ids:
                if mid in slot_of:
                    used[slot_of[mid]] -= 1
                if mid in trial:
                    used[trial[mid]] += 1
            slot_of = trial
            if progress is not None:
                elapsed = time.perf_counter() - start
                progress(
                    min(1.0, elapsed / time_limit),
                    f"neighbourhood {iterations}: improved (weight, -breaks) to {after}",
                )
    placements = TableBook(problem).assign(slot_of)
    busy: dict[int, list[int]] = defaultdict(list)
    for mid, slot in slot_of.items():
        busy[meetings[mid].a].append(slot)
        busy[meetings[mid].b].append(slot)
    return Result(
        status=Status.FEASIBLE,
        placements=tuple(placements),
        breaks=sum(participant_breaks(v) for v in busy.values()),
        unscheduled=tuple(sorted(mid for mid in meetings if mid not in slot_of)),
        seconds=time.perf_counter() - start,
        details={"iterations": float(iterations), "improved": float(improved)},
    )


def _score(
    sub: Problem,
    *,
    slot_of: dict[int, int],
    free_ids: list[int],
    chosen: set[int],
    meetings_of: dict[int, list[int]],
    meetings: dict[int, Meeting],
) -> tuple[int, int]:
    """(placed weight of the freed meetings, minus the group's breaks): larger is better."""
    weight = sum(meetings[mid].weight for mid in free_ids if mid in slot_of)
    breaks = sum(
        participant_breaks([slot_of[mid] for mid in meetings_of[pid] if mid in slot_of])
        for pid in chosen
    )
    del sub
    return (weight, -breaks)
