"""CP-SAT model: slots first (tables are interchangeable), lexicographic objective.

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
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ortools.sat.python import cp_model

from .explain import explain_infeasibility
from .greedy import TableBook, schedule_breaks, solve_greedy
from .improve import improve_schedule
from .model import Problem, Progress, Result, Status
from .race import SOLVERS, MaxSatRace, solve_watched
from .verify import verify


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    #: Starting schedule (meeting id -> slot) given to the solver as a hint; default: greedy.
    hint: Mapping[int, int] | None = None
    #: Per-participant lower bounds on breaks (each solved on its own meetings only).
    participant_bounds: bool = True
    #: CP-SAT subsolver names for the workers (None: CP-SAT's default portfolio).
    subsolvers: tuple[str, ...] | None = None
    log: bool = False
    #: Redundant per-participant window constraints (first/last busy slot).
    windows: bool = True
    main_windows: bool = False
    #: Satisfaction probes "at most LB breaks" (all-mandatory problems): share of the budget.
    probe_share: float = 0.25
    #: Neighbourhood search on breaks after CP-SAT's optimisation (all-mandatory problems):
    #: share of the time left after the probes.
    improve_share: float = 0.5
    #: Redundant "no break => no idle slot inside the agenda" clauses.
    compact: bool = False
    #: Above this many meetings (optional ones), improve greedy by neighbourhood search instead
    #: of building the full model (see lns.py). At 1,600 meetings (200 generated participants,
    #: 60 s) the full model did not improve on greedy while the neighbourhood search reached
    #: 99.6 % of the placement bound and 604 breaks instead of 880.
    large: int = 1000
    #: All-mandatory problems: race exact solvers (race.py, a worker each) against CP-SAT, in
    #: place of the probes.
    maxsat: bool = True
    #: The racing solvers (race.SOLVERS); CP-SAT gets the workers they leave, and waits for them
    #: when they take all.
    race_solvers: tuple[str, ...] = SOLVERS
    #: Extra CP-SAT parameters by name (for experiments).
    parameters: Mapping[str, object] = field(default_factory=dict)


class _Model:
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


class _Reporter(cp_model.CpSolverSolutionCallback):
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


def solve_cpsat(  # noqa: PLR0911, PLR0912, PLR0915
    problem: Problem,
    options: SolveOptions | None = None,
    progress: Progress | None = None,
    *,
    move_penalty: Mapping[int, int] | None = None,
) -> Result:
    """Solve with CP-SAT; anytime: on timeout the best schedule and the proven bound.

    ``move_penalty`` (meeting id -> announced slot) charges each announced meeting that changes
    slot more than all breaks together (used by rescheduling).
    """
    options = options or SolveOptions()
    start = time.perf_counter()

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    reasons = explain_infeasibility(problem)
    if reasons:
        report(1.0, "infeasible: " + reasons[0])
        return Result(
            status=Status.INFEASIBLE,
            unscheduled=tuple(m.id for m in problem.meetings),
            seconds=time.perf_counter() - start,
            reasons=tuple(reasons),
        )
    if len(problem.meetings) > options.large and not problem.all_mandatory and not move_penalty:
        from .lns import lns_applies, solve_lns  # noqa: PLC0415 (lns imports this module)

        if lns_applies(problem):
            report(
                0.0, f"large event: greedy then neighbourhood search ({options.time_limit:.0f}s)"
            )
            start_slots = dict(options.hint) if options.hint is not None else None
            result = solve_lns(
                problem,
                time_limit=max(0.0, options.time_limit - (time.perf_counter() - start)),
                seed=options.seed,
                progress=progress,
                start_slots=start_slots,
            )
            return replace(result, seconds=time.perf_counter() - start)
    # The race (all-mandatory problems, two workers or more) starts at once: its children build
    # their models while the per-participant bounds are computed.
    racing = options.maxsat and options.workers >= 2 and problem.all_mandatory and not move_penalty
    race = MaxSatRace(problem, options.race_solvers) if racing else None
    try:
        lower: dict[int, int] = {}
        if options.participant_bounds and problem.all_mandatory:
            lower = participant_lower_bounds(problem)
            report(0.0, f"participant bounds: {sum(lower.values())} breaks at least")
        proven = sum(lower.values())

        def build(cap: int | None) -> _Model:
            built = _Model(
                problem,
                move_penalty=move_penalty,
                # Windows make the "at most LB breaks" probes propagate; in the optimisation phase
                # they slow the neighbourhood search down (measured), so they are off there.
                windows=options.windows if cap is not None else options.main_windows,
                compact=options.compact,
            )
            for pid, lb in lower.items():
                built.model.add(built.breaks[pid] >= lb)
            built.model.add(built.total_breaks >= proven)
            if cap is not None:
                # A probe: is there a schedule with at most ``cap`` breaks? (pure satisfaction)
                built.model.add(built.total_breaks <= cap)
                built.model.clear_objective()  # type: ignore[no-untyped-call]
            return built

        def solver_for(seconds: float, workers: int = options.workers) -> cp_model.CpSolver:
            solver = cp_model.CpSolver()
            params = solver.parameters
            params.num_workers = max(1, workers)
            params.random_seed = options.seed
            params.max_time_in_seconds = max(0.01, seconds)
            params.log_search_progress = options.log
            if options.subsolvers:
                params.subsolvers.extend(options.subsolvers)
            for name, value in options.parameters.items():
                setattr(params, name, value)
            return solver

        def elapsed() -> float:
            return time.perf_counter() - start

        # Phase 1 (all-mandatory problems): probe "at most LB breaks" while probes are conclusive.
        # A feasible probe is optimal at once; an infeasible one raises the proven bound by one.
        # Not when racing: the race settles easy instances as fast, and the probes' threads slowed
        # its children down on the hard ones (8 hardest published instances, 111 s in all with 2 s
        # of probes, 99 s without, docs/scheduling.md).
        probe_budget = options.time_limit * options.probe_share
        probing = (
            problem.all_mandatory and not move_penalty and options.probe_share > 0 and not racing
        )
        while probing and elapsed() < probe_budget:
            built = build(proven)
            solver = solver_for(probe_budget - elapsed())
            status = solver.solve(built.model)
            if status == cp_model.INFEASIBLE:
                proven += 1
                report(elapsed() / options.time_limit, f"probe: at least {proven} breaks")
                continue
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                report(1.0, f"probe: a schedule with {proven} breaks is optimal")
                return _finish(
                    problem=problem,
                    slot_of=built.slot_of(solver),
                    status=Status.OPTIMAL,
                    bound=proven,
                    seconds=elapsed(),
                    lower=lower,
                )
            break
        if race is not None and (ended := _race_result(problem, race, elapsed(), lower, progress)):
            return ended
        # Phase 2: optimise from a hint, anytime (beside the race when it runs).
        built = build(None)
        variables = len(built.model.proto.variables)
        report(elapsed() / options.time_limit, f"model: {variables} variables")
        hint = options.hint
        if hint is None and not move_penalty:
            greedy = solve_greedy(problem)
            if not greedy.unscheduled or not problem.all_mandatory:
                hint = {p.meeting: p.slot for p in greedy.placements}
        if hint:
            built.add_hint(hint)
        # With neighbourhood search to follow, CP-SAT gets a share of the time to find a schedule
        # (and often to prove it optimal); if it has none by then, it keeps the rest of the time.
        improving = problem.all_mandatory and not move_penalty and options.improve_share > 0
        # Reading the schedule back, handing out tables (and, for rescheduling, restoring announced
        # tables) take about 4e-5 s per meeting after the solver stops (measured on 8,000 meetings):
        # keep about twice that out of the solver's time so that the whole call fits the limit.
        finish = min(0.1 * options.time_limit, 1e-4 * len(problem.meetings))
        deadline = start + options.time_limit - finish
        remaining = deadline - time.perf_counter()
        # Each of the race's child processes takes one of the workers.
        workers = options.workers - race.size if race is not None else options.workers
        reporter = _Reporter(progress, options.time_limit, elapsed())
        settled = (lambda: race.settles(reporter.best)) if race is not None else None
        share = remaining * (1 - options.improve_share) if improving else remaining
        if race is not None and workers < 1:
            # Every core races: CP-SAT's share of the time goes to the race.
            race.wait(share)
            status, workers = cp_model.UNKNOWN, 1
        else:
            solver = solver_for(share, workers)
            status = solve_watched(solver, built.model, settled, reporter)
        if race is not None:
            race.poll()
        if (
            improving
            and status == cp_model.UNKNOWN
            and time.perf_counter() < deadline - 0.1
            and not (settled and settled())
            # The neighbourhood search can start from the race's schedules instead.
            and not (race is not None and race.schedules)
        ):
            solver = solver_for(deadline - time.perf_counter(), workers)
            status = solve_watched(solver, built.model, settled, reporter)
        seconds = elapsed()
        if race is not None and (ended := _race_result(problem, race, elapsed(), lower, progress)):
            return ended
        if status == cp_model.INFEASIBLE:
            return _proven_infeasible(problem, "the solver", seconds, progress)
        # CP-SAT may stop with a schedule worse than its (complete, valid) hint, or with none, when
        # it could not complete the hint's auxiliary variables in time: never return less. The
        # race's schedules are other such starting points.
        fallback = None
        if not move_penalty:
            starts = [hint, *(race.schedules if race is not None else [])]
            valid = [v for v in (_valid_schedule(problem, s) for s in starts if s) if v]
            fallback = max(valid, key=lambda v: _score(problem, v), default=None)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if not found and fallback is not None and not improving:
            report(1.0, "no better schedule than the starting one within the time limit")
            return _finish(
                problem=problem,
                slot_of=fallback,
                status=Status.FEASIBLE,
                bound=proven if problem.all_mandatory else None,
                seconds=seconds,
                lower=lower,
                progress=progress,
            )
        if not found and fallback is None:
            report(1.0, "no schedule found within the time limit")
            return Result(
                status=Status.UNKNOWN,
                lower_bound=proven if problem.all_mandatory and not move_penalty else None,
                unscheduled=tuple(m.id for m in problem.meetings),
                seconds=seconds,
            )
        bound: int | None = None
        if problem.all_mandatory and not move_penalty:
            bound = proven
            if found:
                bound = max(bound, math.ceil(solver.best_objective_bound - 1e-6))
            if race is not None:
                bound = max(bound, race.lower_bound)
        if found:
            slot_of, objective = built.slot_of(solver), solver.objective_value
        if fallback is not None and (
            not found or _score(problem, fallback) > _score(problem, slot_of)
        ):
            slot_of, objective = fallback, float(-_score(problem, fallback)[1])
        optimal = status == cp_model.OPTIMAL or (bound is not None and round(objective) <= bound)
        if improving and not optimal and bound is not None:
            report(
                elapsed() / options.time_limit,
                f"neighbourhood search from {objective:.0f}",
            )
            slot_of, value = improve_schedule(
                problem,
                built.model,
                built.x,
                slot_of,
                objective,
                deadline=deadline,
                floor=bound,
                workers=workers,
                seed=options.seed,
                on_improvement=lambda value: report(
                    elapsed() / options.time_limit, f"neighbourhood search: objective {value:.0f}"
                ),
                settled=race.settles if race is not None else None,
            )
            if race is not None:
                if ended := _race_result(problem, race, elapsed(), lower, progress):
                    return ended
                bound = max(bound, race.lower_bound)
            optimal = round(value) <= bound
            seconds = elapsed()
        return _finish(
            problem=problem,
            slot_of=slot_of,
            status=Status.OPTIMAL if optimal else Status.FEASIBLE,
            bound=bound,
            seconds=seconds,
            lower=lower,
            progress=progress,
        )

    finally:
        if race is not None:
            race.stop()


def _proven_infeasible(
    problem: Problem, solver: str, seconds: float, progress: Progress | None
) -> Result:
    if progress is not None:
        progress(1.0, f"infeasible (proven by {solver})")
    return Result(
        status=Status.INFEASIBLE,
        unscheduled=tuple(m.id for m in problem.meetings),
        seconds=seconds,
        reasons=(f"{solver} proved that no schedule satisfies all constraints",),
    )


def _race_result(
    problem: Problem,
    race: MaxSatRace,
    seconds: float,
    lower: dict[int, int],
    progress: Progress | None,
) -> Result | None:
    """The result when the race has settled the problem on its own, else None."""
    race.poll()
    if race.infeasible:
        return _proven_infeasible(problem, "the race's exact solver", seconds, progress)
    if race.slot_of is None:
        return None
    return _finish(
        problem=problem,
        slot_of=race.slot_of,
        status=Status.OPTIMAL,
        bound=race.lower_bound,
        seconds=seconds,
        lower=lower,
        progress=progress,
    )


def _finish(
    *,
    problem: Problem,
    slot_of: dict[int, int],
    status: Status,
    bound: int | None,
    seconds: float,
    lower: dict[int, int],
    progress: Progress | None = None,
) -> Result:
    """Hand out tables and count breaks of a slot assignment."""
    placements = TableBook(problem).assign(slot_of)
    breaks = schedule_breaks(problem, slot_of)
    lower_bound = breaks if status == Status.OPTIMAL else bound
    if progress is not None:
        progress(1.0, f"{status}: {breaks} breaks")
    return Result(
        status=status,
        placements=tuple(placements),
        breaks=breaks,
        lower_bound=lower_bound,
        unscheduled=tuple(sorted(m.id for m in problem.meetings if m.id not in slot_of)),
        seconds=seconds,
        details={"participant_bound": float(sum(lower.values()))},
    )


def _score(problem: Problem, slot_of: Mapping[int, int]) -> tuple[int, int]:
    """(placed weight, minus breaks): larger is better, in the objective's order."""
    weight = sum(problem.meetings_by_id[mid].weight for mid in slot_of)
    return (weight, -schedule_breaks(problem, slot_of))


def _valid_schedule(problem: Problem, slot_of: Mapping[int, int]) -> dict[int, int] | None:
    """``slot_of`` if the independent verifier accepts it (tables handed out), else None."""
    known = {mid: s for mid, s in slot_of.items() if mid in problem.meetings_by_id}
    if not verify(problem, TableBook(problem).assign(known)).ok:
        return None
    return known
