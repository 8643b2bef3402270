"""The CP-SAT model of a problem: slots first (tables are interchangeable), lexicographic objective.

Variables: ``x[m, s]`` (meeting m in slot s) for the slots m may take on its own. For each
participant p and slot s, ``busy[p, s]`` is the sum of p's meetings in s (reusing the meeting's
literal when only one meeting can be there). Breaks are counted by *break literals*:
``brk[p, t] <=> busy[p, t-1] and not busy[p, t] and after[p, t+1]`` where ``after`` is a suffix OR
chain (p has a meeting at t+1 or later); each break (maximal idle run between two meetings) has
exactly one such literal, so ``breaks[p] = sum_t brk[p, t]`` exactly (fairness needs exactness).

Tables: per slot, meetings that do not sit at a reserved table use at most the number of free
tables, and a table that some meetings must use (locked or a participant's stand) holds one meeting
per slot. That is exact: once slots satisfy it, tables are handed out per slot without search.

Objective: minimise ``W * (unplaced weight) + breaks`` with W larger than any break count, which
is the lexicographic order of the issue; for all-mandatory problems only breaks remain.

This module only builds and runs the model; ``solve.py`` decides when it runs (and what else
does).
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from ortools.sat.python import cp_model

from .model import Problem, Progress


class BreakModel:
    """The CP-SAT model of one problem and the handles needed to read a solution back."""

    def __init__(
        self,
        problem: Problem,
        *,
        move_penalty: Mapping[int, int] | None = None,
        windows: bool = True,
        compact: bool = True,
        capacity: Mapping[int, int] | None = None,
    ) -> None:
        self.problem = problem
        #: Free tables per slot when some are taken by meetings outside the model (LNS).
        self.capacity = capacity
        self.windows = windows
        self.compact = compact
        self.no_break: dict[int, cp_model.IntVar] = {}
        self.lo: dict[int, cp_model.IntVar] = {}
        self.model = cp_model.CpModel()
        self.allowed: dict[int, list[int]] = {}
        self.x: dict[int, dict[int, cp_model.IntVar]] = {}
        self.breaks: dict[int, cp_model.LinearExprT] = {}
        self.break_ub: dict[int, int] = {}
        self.mandatory = {m.id for m in problem.meetings if problem.is_mandatory(m)}
        self.move_penalty = dict(move_penalty or {})
        self._build()

    # -- variables -------------------------------------------------------------------------
    def _build(self) -> None:  # noqa: PLR0912, PLR0915
        problem, model = self.problem, self.model
        for m in problem.meetings:
            self.allowed[m.id] = problem.allowed_slots(m)
            self.x[m.id] = {s: model.new_bool_var(f"x{m.id}_{s}") for s in self.allowed[m.id]}
            literals = list(self.x[m.id].values())
            if m.id in self.mandatory:
                model.add_exactly_one(literals)
            else:
                model.add_at_most_one(literals)
        self.busy: dict[int, dict[int, cp_model.IntVar]] = {}
        for p in problem.participants:
            mids = problem.meeting_ids_of[p.id]
            per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
            for mid in mids:
                for s, lit in self.x[mid].items():
                    per_slot[s].append(lit)
            busy: dict[int, cp_model.IntVar] = {}
            for s, lits in sorted(per_slot.items()):
                if len(lits) == 1:
                    busy[s] = lits[0]
                else:
                    b = model.new_bool_var(f"busy{p.id}_{s}")
                    model.add(sum(lits) == b)
                    busy[s] = b
            self.busy[p.id] = busy
            if p.max_meetings is not None and len(mids) > p.max_meetings:
                model.add(sum(busy.values()) <= p.max_meetings)
            n_mandatory = sum(1 for mid in mids if mid in self.mandatory)
            if n_mandatory and n_mandatory == len(mids):
                # Redundant: the busy slots are exactly the meeting count.
                model.add(sum(busy.values()) == n_mandatory)
            self._break_literals(p.id, busy, len(mids), n_mandatory)
        # Tables.
        free = problem.n_tables - len(problem.reserved_tables)
        on_free, on_table = problem.seat_groups(self.x)
        for s, lits in on_free.items():
            cap = free if self.capacity is None else self.capacity.get(s, free)
            if len(lits) > cap:
                model.add(sum(lits) <= cap)
        for lits in on_table.values():
            if len(lits) > 1:
                model.add_at_most_one(lits)
        # Precedences (they bind when both meetings are placed).
        for m in problem.meetings:
            for q in m.after:
                for s, lit in self.x[m.id].items():
                    later = [v for t, v in self.x[q].items() if t >= s]
                    if later:
                        model.add(lit + sum(later) <= 1)
                if m.id in self.mandatory and q in self.mandatory:
                    model.add(
                        sum(t * v for t, v in self.x[q].items()) + 1
                        <= sum(t * v for t, v in self.x[m.id].items())
                    )
        # Fairness.
        if problem.fairness is not None and problem.participants:
            top = max(self.break_ub.values(), default=0)
            high = model.new_int_var(0, top, "max_breaks")
            low = model.new_int_var(0, top, "min_breaks")
            for _pid, expr in self.breaks.items():
                model.add(expr <= high)
                model.add(expr >= low)
            model.add(high - low <= problem.fairness)
        # Objective.
        total_breaks = sum(self.breaks.values())
        self.total_breaks = total_breaks
        self.weight_unit = sum(self.break_ub.values()) + 1
        penalty = []
        for m in problem.meetings:
            if m.id not in self.mandatory:
                placed = sum(self.x[m.id].values())
                penalty.append(m.weight * (1 - placed))
        moves = []
        for mid, old_slot in self.move_penalty.items():
            if mid in self.x:
                stay = self.x[mid].get(old_slot)
                moves.append(1 - stay if stay is not None else 1)
        self.move_unit = self.weight_unit
        parts: list[Any] = [total_breaks]
        if moves:
            # A move costs more than every break together; losing a meeting costs more still.
            self.weight_unit = (len(moves) + 1) * self.move_unit
            parts.append(self.move_unit * cp_model.LinearExpr.sum(moves))
        if penalty:
            parts.append(self.weight_unit * cp_model.LinearExpr.sum(penalty))
        model.minimize(cp_model.LinearExpr.sum(parts))

    def _break_literals(  # noqa: PLR0912, PLR0915 (one encoding, read top to bottom)
        self, pid: int, busy: dict[int, cp_model.IntVar], n_meetings: int, n_mandatory: int
    ) -> None:
        model = self.model
        if len(busy) < 2:
            self.breaks[pid] = 0
            self.break_ub[pid] = 0
            return
        slots = sorted(busy)
        first, last = slots[0], slots[-1]
        # after[t]: some meeting at slot t or later (suffix OR chain).
        after: dict[int, cp_model.IntVar] = {}
        nxt: cp_model.IntVar | None = None
        for t in range(last, first - 1, -1):
            b = busy.get(t)
            if nxt is None:
                assert b is not None
                after[t] = b
            elif b is None:
                after[t] = nxt
            else:
                a = model.new_bool_var(f"after{pid}_{t}")
                model.add_bool_or([b, nxt]).only_enforce_if(a)
                model.add_implication(b, a)
                model.add_implication(nxt, a)
                after[t] = a
            nxt = after[t]
        breaks: list[cp_model.IntVar] = []
        for t in range(first + 1, last):
            prev = busy.get(t - 1)
            if prev is None or t + 1 not in after:
                continue
            cur = busy.get(t)
            rest = after[t + 1]
            brk = model.new_bool_var(f"brk{pid}_{t}")
            conds: list[Any] = [prev, rest]
            if cur is not None:
                conds.append(cur.Not())
            # brk <=> prev and not cur and rest.
            model.add_bool_or([*(c.Not() for c in conds), brk])
            for c in conds:
                model.add_implication(brk, c)
            breaks.append(brk)
        self.breaks[pid] = sum(breaks)
        if self.compact and breaks:
            # Prefix OR chain (a meeting at t or before) and a literal "p has no break": then
            # every slot between two busy ones is busy. Redundant, but it propagates.
            before: dict[int, cp_model.IntVar] = {}
            prv: cp_model.IntVar | None = None
            for t in range(first, last + 1):
                b = busy.get(t)
                if prv is None:
                    assert b is not None
                    before[t] = b
                elif b is None:
                    before[t] = prv
                else:
                    a = model.new_bool_var(f"before{pid}_{t}")
                    model.add_bool_or([b, prv]).only_enforce_if(a)
                    model.add_implication(b, a)
                    model.add_implication(prv, a)
                    before[t] = a
                prv = before[t]
            none = model.new_bool_var(f"nobreak{pid}")
            model.add_bool_or([none, *breaks])
            for brk in breaks:
                model.add_implication(none, brk.Not())
            self.no_break[pid] = none
            for t in range(first + 1, last):
                cur = busy.get(t)
                clause = [none.Not(), before[t - 1].Not(), after[t + 1].Not()]
                model.add_bool_or([*clause, cur] if cur is not None else clause)
        self.break_ub[pid] = min(len(breaks), max(0, n_meetings - 1))
        if self.break_ub[pid] < len(breaks):
            model.add(sum(breaks) <= self.break_ub[pid])
        if self.windows and breaks:
            # Redundant window: lo <= every busy slot <= hi, and a participant without breaks
            # has no idle slot inside its window. Strong propagation towards compact agendas.
            lo = model.new_int_var(first, last, f"lo{pid}")
            self.lo[pid] = lo
            hi = model.new_int_var(first, last, f"hi{pid}")
            for s, b in busy.items():
                model.add(lo <= s).only_enforce_if(b)
                model.add(hi >= s).only_enforce_if(b)
            count = n_mandatory if n_mandatory == n_meetings else sum(busy.values())
            model.add(hi - lo + 1 - count <= (last - first + 1) * sum(breaks))
            model.add(hi - lo + 1 >= count)

    def add_hint(self, slot_of: Mapping[int, int]) -> None:
        for mid, lits in self.x.items():
            chosen = slot_of.get(mid)
            for s, lit in lits.items():
                self.model.add_hint(lit, s == chosen)

    def slot_of(self, solver: cp_model.CpSolver) -> dict[int, int]:
        chosen: dict[int, int] = {}
        for mid, lits in self.x.items():
            for s, lit in lits.items():
                if solver.boolean_value(lit):
                    chosen[mid] = s
                    break
        return chosen


class Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, progress: Progress | None, time_limit: float, offset: float) -> None:
        super().__init__()
        self.progress = progress
        self.time_limit = time_limit
        self.offset = offset
        self.solutions = 0
        self.best = math.inf

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.best = min(self.best, self.objective_value)
        if self.progress is not None:
            elapsed = self.wall_time + self.offset
            self.progress(
                min(1.0, elapsed / max(self.time_limit, 1e-9)),
                f"solution {self.solutions}: objective {self.objective_value:.0f},"
                f" bound {self.best_objective_bound:.0f} at {elapsed:.1f}s",
            )


#: How often a watched search asks whether it should stop.
WATCH_SECONDS = 0.1


def solve_watched(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    stop: Callable[[], bool] | None,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> Any:
    """``solver.solve(model, callback)``, stopped as soon as ``stop()`` turns true."""
    if stop is None:
        return solver.solve(model, callback)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(WATCH_SECONDS):
            if stop():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True, name="maillage-race-watch")
    watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()
