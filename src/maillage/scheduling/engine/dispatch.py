"""The engine's entry point: which method runs on a problem, in what order, with what time.

``solve`` first looks for a cheap proof that no schedule exists (``explain.py``); large events
with optional meetings go to the neighbourhood search on small models (``lns.py``); everything
else is ``_Search``: per-participant bounds (``bounds.py``), the race of the exact solvers in
child processes (``race.py``) or CP-SAT probes, CP-SAT's optimisation (``cpsat.py``) and the
improvement: the SAT search joining the race (``lsu.py``) or the neighbourhood search on the full
model (``improve.py``). ``docs/scheduling.md`` explains each step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ortools.sat.python import cp_model

from .bounds import participant_lower_bounds
from .conflicts import explain_conflict
from .cpsat import BreakModel, Reporter, solve_watched
from .explain import explain_infeasibility
from .greedy import schedule_breaks, solve_greedy
from .improve import improve_schedule
from .lns import lns_applies, solve_lns
from .model import Problem, Progress, Result, Status
from .outcome import finish, proven_infeasible, score, unfinished, valid_schedule
from .race import POLL_SECONDS, SOLVERS, MaxSatRace

#: At most this long to name the constraints that conflict once infeasibility is proven.
CONFLICT_SECONDS = 10.0


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
    #: Improvement of the breaks after CP-SAT's optimisation (all-mandatory problems): share of
    #: the time left after the probes. The SAT search joins the race then when the race holds
    #: every core; otherwise CP-SAT's neighbourhood search runs.
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


def solve(
    problem: Problem,
    options: SolveOptions | None = None,
    progress: Progress | None = None,
    *,
    move_penalty: Mapping[int, int] | None = None,
) -> Result:
    """A verified-shape schedule of ``problem``; anytime: on timeout the best schedule and the
    proven bound, or with no complete schedule yet, status unknown with greedy's partial one when
    it breaks nothing else (``outcome.unfinished``).

    ``move_penalty`` (meeting id -> announced slot) charges each announced meeting that changes
    slot more than all breaks together (used by rescheduling).
    """
    options = options or SolveOptions()
    start = time.perf_counter()
    reasons = explain_infeasibility(problem)
    if reasons:
        if progress is not None:
            progress(1.0, f"infeasible: {reasons[0]}")
        return Result(
            status=Status.INFEASIBLE,
            unscheduled=tuple(m.id for m in problem.meetings),
            seconds=time.perf_counter() - start,
            reasons=tuple(reasons),
        )
    large = len(problem.meetings) > options.large and not problem.all_mandatory
    if large and not move_penalty and lns_applies(problem):
        if progress is not None:
            progress(
                0.0, f"large event: greedy then neighbourhood search ({options.time_limit:.0f}s)"
            )
        result = solve_lns(
            problem,
            time_limit=max(0.0, options.time_limit - (time.perf_counter() - start)),
            seed=options.seed,
            progress=progress,
            start_slots=dict(options.hint) if options.hint is not None else None,
        )
        return replace(result, seconds=time.perf_counter() - start)
    return _Search(problem, options, progress, move_penalty or {}, start).run()


class _Search:
    """CP-SAT's optimisation, with the race or probes before it and neighbourhood search after."""

    def __init__(
        self,
        problem: Problem,
        options: SolveOptions,
        progress: Progress | None,
        move_penalty: Mapping[int, int],
        start: float,
    ) -> None:
        self.problem = problem
        self.options = options
        self.progress = progress
        self.move_penalty = move_penalty
        self.start = start
        #: Breaks are the whole objective (no optional meeting, no move cost): the exact solvers,
        #: the probes, the bounds and the neighbourhood search apply.
        self.pure = problem.all_mandatory and not move_penalty
        self.lower: dict[int, int] = {}
        self.proven = 0
        self.race: MaxSatRace | None = None

    # -- helpers ---------------------------------------------------------------------------
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def report(self, fraction: float, message: str) -> None:
        if self.progress is not None:
            self.progress(fraction, message)

    def build(self, cap: int | None) -> BreakModel:
        built = BreakModel(
            self.problem,
            move_penalty=self.move_penalty,
            # Windows make the "at most LB breaks" probes propagate; in the optimisation phase
            # they slow the neighbourhood search down (measured), so they are off there.
            windows=self.options.windows if cap is not None else self.options.main_windows,
            compact=self.options.compact,
        )
        for pid, lb in self.lower.items():
            built.model.add(built.breaks[pid] >= lb)
        built.model.add(built.total_breaks >= self.proven)
        if cap is not None:
            # A probe: is there a schedule with at most ``cap`` breaks? (pure satisfaction)
            built.model.add(built.total_breaks <= cap)
            built.model.clear_objective()  # type: ignore[no-untyped-call]
        return built

    def solver_for(self, seconds: float, workers: int | None = None) -> cp_model.CpSolver:
        options = self.options
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.num_workers = max(1, options.workers if workers is None else workers)
        params.random_seed = options.seed
        params.max_time_in_seconds = max(0.01, seconds)
        params.log_search_progress = options.log
        if options.subsolvers:
            params.subsolvers.extend(options.subsolvers)
        for name, value in options.parameters.items():
            setattr(params, name, value)
        return solver

    def finish(self, slot_of: dict[int, int], status: Status, bound: int | None) -> Result:
        return finish(
            problem=self.problem,
            slot_of=slot_of,
            status=status,
            bound=bound,
            seconds=self.elapsed(),
            lower=self.lower,
            progress=self.progress,
        )

    def infeasible(self, solver: str) -> Result:
        """The proof's result, with the constraints that conflict when they are found within
        the time left (at most ``CONFLICT_SECONDS``)."""
        left = min(CONFLICT_SECONDS, self.options.time_limit - self.elapsed())
        conflict = explain_conflict(self.problem, left) if left > 0.5 else []
        return proven_infeasible(self.problem, solver, self.elapsed(), self.progress, conflict)

    def race_result(self) -> Result | None:
        """The result when the race has settled the problem on its own, else None."""
        race = self.race
        if race is None:
            return None
        race.poll()
        if race.infeasible:
            return self.infeasible("the race's exact solver")
        if race.slot_of is None:
            return None
        return self.finish(race.slot_of, Status.OPTIMAL, race.lower_bound)

    # -- phases ----------------------------------------------------------------------------
    def run(self) -> Result:
        options = self.options
        # The race (all-mandatory problems, two workers or more) starts at once: its children
        # build their models while the per-participant bounds are computed.
        if options.maxsat and options.workers >= 2 and self.pure:
            self.race = MaxSatRace(self.problem, options.race_solvers)
        try:
            if options.participant_bounds and self.problem.all_mandatory:
                self.lower = participant_lower_bounds(self.problem)
                self.report(0.0, f"participant bounds: {sum(self.lower.values())} breaks at least")
            self.proven = sum(self.lower.values())
            return self.probe() or self.race_result() or self.optimise()
        finally:
            if self.race is not None:
                self.race.stop()

    def probe(self) -> Result | None:
        """Probe "at most LB breaks" while probes are conclusive (all-mandatory problems).

        A feasible probe is optimal at once; an infeasible one raises the proven bound by one.
        Not when racing: the race settles easy instances as fast, and the probes' threads slowed
        its children down on the hard ones (8 hardest published instances, 111 s in all with 2 s
        of probes, 99 s without, docs/scheduling.md).
        """
        budget = self.options.time_limit * self.options.probe_share
        if not self.pure or budget <= 0 or self.race is not None:
            return None
        while self.elapsed() < budget:
            built = self.build(self.proven)
            solver = self.solver_for(budget - self.elapsed())
            status = solver.solve(built.model)
            if status == cp_model.INFEASIBLE:
                self.proven += 1
                self.report(
                    self.elapsed() / self.options.time_limit,
                    f"probe: at least {self.proven} breaks",
                )
                continue
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self.report(1.0, f"probe: a schedule with {self.proven} breaks is optimal")
                return self.finish(built.slot_of(solver), Status.OPTIMAL, self.proven)
            break
        return None

    def optimise(self) -> Result:
        """CP-SAT from a hint, anytime (beside the race when it runs), then ``conclude``; only the
        race when it holds every core (``race_to_the_end``)."""
        problem, options, race = self.problem, self.options, self.race
        hint = options.hint
        if hint is None and not self.move_penalty:
            greedy = solve_greedy(problem)
            if not greedy.unscheduled or not problem.all_mandatory:
                hint = {p.meeting: p.slot for p in greedy.placements}
        # With neighbourhood search to follow, CP-SAT gets a share of the time to find a schedule
        # (and often to prove it optimal); if it has none by then, it keeps the rest of the time.
        improving = self.pure and options.improve_share > 0
        # Reading the schedule back, handing out tables (and, for rescheduling, restoring
        # announced tables) take about 4e-5 s per meeting after the solver stops (measured on
        # 8,000 meetings): keep about twice that out of the solver's time so that the whole call
        # fits the limit.
        reserve = min(0.1 * options.time_limit, 1e-4 * len(problem.meetings))
        deadline = self.start + options.time_limit - reserve
        # Each of the race's child processes takes one of the workers.
        workers = options.workers - race.size if race is not None else options.workers
        if race is not None and workers < 1:
            return self.race_to_the_end(hint, deadline, improving=improving)
        built = self.build(None)
        variables = len(built.model.proto.variables)
        self.report(self.elapsed() / options.time_limit, f"model: {variables} variables")
        if hint:
            built.add_hint(hint)
        remaining = deadline - time.perf_counter()
        reporter = Reporter(self.progress, options.time_limit, self.elapsed())
        settled = (lambda: race.settles(reporter.best)) if race is not None else None
        share = remaining * (1 - options.improve_share) if improving else remaining
        solver = self.solver_for(share, workers)
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
            solver = self.solver_for(deadline - time.perf_counter(), workers)
            status = solve_watched(solver, built.model, settled, reporter)
        if ended := self.race_result():
            return ended
        if status == cp_model.INFEASIBLE:
            return self.infeasible("the solver")
        return self.conclude(
            built, solver, status=status, hint=hint, workers=workers, deadline=deadline
        )

    def race_to_the_end(
        self, hint: Mapping[int, int] | None, deadline: float, *, improving: bool
    ) -> Result:
        """Every core races: CP-SAT's share of the time goes to the race, and its model is never
        built (it took 0.2 s of CPU beside the children on the published instances, and more
        than a 1 s limit allows under load). Unless it raced from the start, the SAT search takes
        the core of an overtaken prover within that share (``hand_over``), or joins after it
        (``join_search``); the result is the best verified schedule at ``deadline``."""
        race = self.race
        assert race is not None
        if improving and not race.finds_schedules:
            share = (deadline - time.perf_counter()) * (1 - self.options.improve_share)
            if not self.hand_over(hint, time.perf_counter() + share):
                self.join_search(hint, deadline)
        race.wait(deadline - time.perf_counter())
        if ended := self.race_result():
            return ended
        best = self.best_known(hint)
        bound = max(self.proven, race.lower_bound)
        if best is None:
            self.report(1.0, "no complete schedule found within the time limit")
            return unfinished(self.problem, seconds=self.elapsed(), lower_bound=bound)
        optimal = schedule_breaks(self.problem, best) <= bound
        return self.finish(best, Status.OPTIMAL if optimal else Status.FEASIBLE, bound)

    def hand_over(self, hint: Mapping[int, int] | None, until: float) -> bool:
        """Until ``until``, give the core of a prover that another has overtaken
        (``MaxSatRace.overtaken``) to the SAT search, from the best schedule so far: True once
        done, False if no prover was overtaken in time, or the race settled.

        On the crafted variants Exact proves its bound within seconds and then holds a core
        without closing the gap; RC2 reaching that bound is the sign, and the SAT search then
        starts long before CP-SAT's share of the time ends (``join_search``), on a core of its
        own instead of a third of one (the 37 hardest variants of seeds 1 and 2: 22 settled
        within 60 s instead of 18, docs/benchmarks.md).
        """
        race = self.race
        assert race is not None
        while time.perf_counter() < until and not race.settles(math.inf):
            race.wait(min(POLL_SECONDS, until - time.perf_counter()))
            overtaken = race.overtaken()
            start = self.best_known(hint) if overtaken is not None else None
            if overtaken is not None and start is not None:
                self.report(
                    self.elapsed() / self.options.time_limit,
                    f"the SAT search takes the core of {overtaken}, overtaken",
                )
                race.replace(overtaken, "lsu", start)
                return True
        return False

    def join_search(self, hint: Mapping[int, int] | None, deadline: float) -> None:
        """The race holds every core and has not settled in CP-SAT's share of the time: the SAT
        search (lsu.py) joins it from the best schedule so far (once there is one), in place of
        CP-SAT's neighbourhood search on the core it would have had.

        On the forbidden-slot variants, where the bound is proven early and the schedules stay
        far from it, the SAT search improves schedules much faster than CP-SAT's neighbourhood
        search (docs/scheduling.md); joining late keeps both cores for Exact and RC2 during the
        first share, where the published instances are settled.
        """
        race = self.race
        assert race is not None
        # It starts from a schedule: Exact's first one comes sooner (0.3 to 0.5 s of CPU on the
        # hard variants) than the SAT search's own (0.7 to 1.6 s), and a third process would
        # slow it down at short time limits.
        start = self.best_known(hint)
        while start is None and time.perf_counter() < deadline - 0.5:
            race.wait(POLL_SECONDS)
            if race.settles(math.inf):
                break
            start = self.best_known(hint)
        if (
            start is not None
            and not race.settles(math.inf)
            and time.perf_counter() < deadline - 0.5
        ):
            self.report(self.elapsed() / self.options.time_limit, "the SAT search joins the race")
            race.join("lsu", start)

    def best_known(self, hint: Mapping[int, int] | None) -> dict[int, int] | None:
        """The best schedule among the hint and the race's that the verifier accepts."""
        race = self.race
        starts = [hint, *(race.schedules if race is not None else [])]
        valid = [v for v in (valid_schedule(self.problem, s) for s in starts if s) if v]
        return max(valid, key=lambda v: score(self.problem, v), default=None)

    def conclude(
        self,
        built: BreakModel,
        solver: cp_model.CpSolver,
        *,
        status: Any,
        hint: Mapping[int, int] | None,
        workers: int,
        deadline: float,
    ) -> Result:
        """The best schedule of CP-SAT, its hint and the race's, improved by neighbourhood search
        while it is not proven optimal (all-mandatory problems)."""
        problem, options, race = self.problem, self.options, self.race
        improving = self.pure and options.improve_share > 0
        # CP-SAT may stop with a schedule worse than its (complete, valid) hint, or with none,
        # when it could not complete the hint's auxiliary variables in time: never return less.
        # The race's schedules are other such starting points.
        fallback = None if self.move_penalty else self.best_known(hint)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if not found and fallback is not None and not improving:
            self.report(1.0, "no better schedule than the starting one within the time limit")
            return self.finish(
                fallback, Status.FEASIBLE, self.proven if problem.all_mandatory else None
            )
        if not found and fallback is None:
            self.report(1.0, "no complete schedule found within the time limit")
            return unfinished(
                problem,
                seconds=self.elapsed(),
                lower_bound=self.proven if self.pure else None,
                baseline=not self.move_penalty,
            )
        bound: int | None = None
        if self.pure:
            bound = self.proven
            if found:
                bound = max(bound, math.ceil(solver.best_objective_bound - 1e-6))
            if race is not None:
                bound = max(bound, race.lower_bound)
        if found:
            slot_of, objective = built.slot_of(solver), solver.objective_value
        if fallback is not None and (
            not found or score(problem, fallback) > score(problem, slot_of)
        ):
            slot_of, objective = fallback, float(-score(problem, fallback)[1])
        optimal = status == cp_model.OPTIMAL or (bound is not None and round(objective) <= bound)
        if improving and not optimal and bound is not None:
            self.report(
                self.elapsed() / options.time_limit, f"neighbourhood search from {objective:.0f}"
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
                on_improvement=lambda value: self.report(
                    self.elapsed() / options.time_limit,
                    f"neighbourhood search: objective {value:.0f}",
                ),
                settled=race.settles if race is not None else None,
            )
            if ended := self.race_result():
                return ended
            if race is not None:
                bound = max(bound, race.lower_bound)
            optimal = round(value) <= bound
        return self.finish(slot_of, Status.OPTIMAL if optimal else Status.FEASIBLE, bound)
