"""Per-participant lower bounds on breaks, each solved on the participant's own meetings only."""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from .model import Problem


def participant_lower_bounds(problem: Problem, time_limit: float = 1.0) -> dict[int, int]:
    """Breaks each participant must have, given its own (all mandatory) meetings only.

    Sound: the busy slots of such a participant are exactly its meetings, so the minimum over its
    own placements (ignoring everyone else) bounds its breaks in any schedule.
    """
    bounds: dict[int, int] = {}
    by_id = problem.meetings_by_id
    for pid, mids in problem.meeting_ids_of.items():
        if len(mids) < 2 or not all(problem.is_mandatory(by_id[mid]) for mid in mids):
            continue
        own = [by_id[mid] for mid in mids]
        allowed = [problem.allowed_slots(m) for m in own]
        union = sorted(set().union(*allowed))
        if _fits_one_block(allowed, union):
            continue
        model = cp_model.CpModel()
        x = {(i, s): model.new_bool_var("") for i, slots in enumerate(allowed) for s in slots}
        for i, slots in enumerate(allowed):
            model.add_exactly_one(x[(i, s)] for s in slots)
        busy = {}
        for s in union:
            lits = [x[(i, s)] for i in range(len(own)) if (i, s) in x]
            busy[s] = model.new_bool_var("")
            model.add(sum(lits) == busy[s])
        starts = []
        for s in union:
            st = model.new_bool_var("")
            prev = busy.get(s - 1)
            if prev is None:
                model.add(st == busy[s])
            else:
                model.add(st >= busy[s] - prev)
            starts.append(st)
        model.minimize(sum(starts))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = time_limit
        status = solver.solve(model)
        if status == cp_model.OPTIMAL:
            lb = round(solver.objective_value) - 1
        elif status == cp_model.FEASIBLE:
            lb = math.ceil(solver.best_objective_bound - 1e-6) - 1
        else:
            continue
        if lb > 0:
            bounds[pid] = lb
    return bounds


def _fits_one_block(allowed: list[list[int]], union: list[int]) -> bool:
    """Whether the meetings fit in some run of consecutive slots (a perfect matching exists)."""
    k = len(allowed)
    sets = [set(a) for a in allowed]
    for first in union:
        block = range(first, first + k)
        owner: dict[int, int] = {}

        def augment(
            i: int, seen: set[int], block: range = block, owner: dict[int, int] = owner
        ) -> bool:
            for slot in block:
                if slot in sets[i] and slot not in seen:
                    seen.add(slot)
                    if slot not in owner or augment(owner[slot], seen):
                        owner[slot] = i
                        return True
            return False

        if all(augment(i, set()) for i in range(k)):
            return True
    return False
