"""Large-neighbourhood search on a complete schedule, with the full CP-SAT model.

CP-SAT's own optimisation finds a first schedule of the published instances quickly but then
improves the breaks slowly (the break literals give its linear relaxation almost nothing). Here
most meetings keep their slot and the solver re-optimises the rest: a run of consecutive slots
(every meeting in it may move, so agendas can be shifted and compacted), or the participants
that have breaks together with some of their partners. Every sub-problem is the full model with
the kept meetings fixed, so every constraint (fairness, tables, precedences, sessions) still
holds; a neighbourhood's result is kept only if the objective improves.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from .cpsat import solve_watched
from .model import Meeting, Problem
from .verify import count_breaks

#: Seconds for one neighbourhood (most are solved or improved well within it).
STEP_SECONDS = 3.0


def improve_schedule(
    problem: Problem,
    model: cp_model.CpModel,
    x: dict[int, dict[int, cp_model.IntVar]],
    slot_of: dict[int, int],
    objective: float,
    *,
    deadline: float,
    floor: float,
    workers: int,
    seed: int = 0,
    on_improvement: Callable[[float], None] | None = None,
    settled: Callable[[float], bool] | None = None,
) -> tuple[dict[int, int], float]:
    """Improve ``slot_of`` (objective ``objective`` of ``model``) until ``deadline``.

    ``x[m][s]`` are the model's slot literals; ``floor`` is a proven lower bound of the objective
    (the search stops when it is reached), and ``settled(best objective)``, when given, stops it
    too (another solver proved more meanwhile). Returns the best schedule and its objective.
    """
    rng = random.Random(seed)
    meetings = problem.meetings_by_id
    meetings_of = problem.meeting_ids_of
    best, best_value = dict(slot_of), objective

    def stop() -> bool:
        return settled is not None and settled(best_value)

    while best_value > floor and time.perf_counter() < deadline - 0.05 and not stop():
        if rng.random() < 0.5:
            width = rng.randint(3, max(3, problem.n_slots // 2))
            first = rng.randint(1, max(1, problem.n_slots - width + 1))
            free = {mid for mid, s in best.items() if first <= s < first + width}
        else:
            free = _around_breaks(best, meetings_of, meetings, rng)
        trial = model.clone()
        for mid, slot in best.items():
            if mid not in free:
                trial.add(x[mid][slot] == 1)
        trial.clear_hints()  # type: ignore[no-untyped-call]
        for mid, lits in x.items():
            for s, lit in lits.items():
                trial.add_hint(lit, best.get(mid) == s)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = rng.randint(0, 10**6)
        solver.parameters.max_time_in_seconds = max(
            0.05, min(STEP_SECONDS, deadline - time.perf_counter())
        )
        status = solve_watched(solver, trial, stop if settled is not None else None)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < best_value:
            best_value = solver.objective_value
            best = {
                mid: s for mid, lits in x.items() for s, lit in lits.items() if solver.value(lit)
            }
            if on_improvement is not None:
                on_improvement(best_value)
    return best, best_value


def _around_breaks(
    slot_of: dict[int, int],
    meetings_of: dict[int, list[int]],
    meetings: dict[int, Meeting],
    rng: random.Random,
) -> set[int]:
    """Meetings of a few participants that have breaks, and of some of their partners."""
    busy: dict[int, list[int]] = defaultdict(list)
    for pid, mids in meetings_of.items():
        busy[pid] = [slot_of[mid] for mid in mids if mid in slot_of]
    broken = [pid for pid, slots in busy.items() if count_breaks(slots) > 0] or list(busy)
    chosen = rng.sample(broken, min(len(broken), rng.randint(2, 6)))
    free: set[int] = set()
    for pid in chosen:
        free.update(meetings_of[pid])
    for mid in list(free):
        for partner in meetings[mid].participants:
            if rng.random() < 0.5:
                free.update(meetings_of[partner])
    return free
