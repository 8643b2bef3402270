"""Exact solver for all-mandatory problems: a pseudo-Boolean model solved by Exact.

Exact (a RoundingSat descendant, AGPL-3.0, on PyPI as ``exact``) learns linear constraints
where a SAT solver learns clauses, so the counting arguments that make these instances hard
(tables nearly full, each participant busy exactly as often as it has meetings) stay linear
instead of being rebuilt clause by clause from a cardinality encoding. Its optimisation mixes
core-guided bounds and solution-improving search. On the published instances it proves ticf-13crafc
(optimum 1) in about 20 s, where RC2 over CaDiCaL finds no 1-break schedule in 60 s; RC2 is
faster on forum-13crafb and ticf-13crafb, where Exact proves the bound but finds no schedule
near it. The race runs both (race.py); measured figures are in docs/benchmarks.md.

Variables, 0/1 unless said: ``x[m, s]`` meeting m in slot s; ``busy[p, s]`` exactly "p has a
meeting in s" (the sum of its meetings' literals in s); ``start[p, s]`` exactly "p is busy in s
and idle (or outside the day) in s - 1", the first slot of a run of meetings. A participant with
meetings has one run more than breaks, so the objective is the number of starts minus the number
of participants with meetings. Fairness uses one integer variable, the smallest number of breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import exact

from .maxsat import MaxSatOutcome
from .model import Problem

#: Exact's search is resumed slice by slice so that progress can be reported in between.
SLICE_SECONDS = 1.0
#: Shorter slices until the first schedule, which the engine returns at short time limits.
FIRST_SLICE_SECONDS = 0.05
#: Exact's options. ``opt-ratio`` is the share of its optimisation time spent bottom-up
#: (core-guided: each core raises the proven bound, and the step that reaches the optimum
#: returns an optimal schedule at once), the rest top-down (better and better schedules);
#: Exact's default is 0.5. In the race RC2 and the SAT search find the better schedules, so
#: Exact's time goes to bounds: at 0.9 the published instances took 45.1 s instead of 60.4 s
#: (forum-13crafc 1.0 s against 13.4 s) and the crafted variants of seed 2 503.8 s instead of
#: 570.8 s, those of seed 1 the same (docs/benchmarks.md). A lower share (0.25) was slower.
OPTIONS = (("opt-ratio", "0.9"),)

Terms = list[tuple[int, str]]


class _Model:
    """The linear constraints of one problem in an Exact instance."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.solver = exact.Exact(OPTIONS)
        self.x: dict[int, dict[int, str]] = {}
        self.starts: dict[int, list[str]] = {}
        self._meetings()
        self._participants()
        self._tables()
        self._precedences()
        self._fairness()
        active = sum(1 for starts in self.starts.values() if starts)
        objective = [(1, s) for starts in self.starts.values() for s in starts]
        self.solver.setObjective(objective, True, -active)

    def _var(self, name: str, upper: int = 1) -> str:
        self.solver.addVariable(name, 0, upper)
        return name

    def _between(self, terms: Terms, low: int | None, high: int | None) -> None:
        self.solver.addConstraint(terms, low is not None, low or 0, high is not None, high or 0)

    def _meetings(self) -> None:
        for m in self.problem.meetings:
            self.x[m.id] = {s: self._var(f"x{m.id}_{s}") for s in self.problem.allowed_slots(m)}
            self._between(_ones(self.x[m.id].values()), 1, 1)  # empty: 0 = 1, infeasible

    def _participants(self) -> None:
        problem = self.problem
        self.busy_in_slot: dict[int, list[str]] = {s: [] for s in range(1, problem.n_slots + 1)}
        for p in problem.participants:
            mids = problem.meeting_ids_of[p.id]
            busy: dict[int, str] = {}
            for s in range(1, problem.n_slots + 1):
                here = [self.x[mid][s] for mid in mids if s in self.x[mid]]
                if here:
                    busy[s] = self._var(f"busy{p.id}_{s}")
                    self._between([*_ones(here), (-1, busy[s])], 0, 0)
                    self.busy_in_slot[s].append(busy[s])
            # Implied: busy in exactly as many slots as it has meetings (the counting argument).
            self._between(_ones(busy.values()), len(mids), len(mids))
            if p.max_meetings is not None:
                self._between(_ones(busy.values()), None, p.max_meetings)
            self.starts[p.id] = [self._start(p.id, s, busy) for s in busy]

    def _start(self, pid: int, s: int, busy: dict[int, str]) -> str:
        start = self._var(f"start{pid}_{s}")
        before = busy.get(s - 1)
        if before is None:
            self._between([(1, start), (-1, busy[s])], 0, 0)
        else:
            # start = busy[s] and not busy[s - 1], exactly (fairness counts each participant).
            self._between([(1, start), (-1, busy[s]), (1, before)], 0, None)
            self._between([(1, start), (-1, busy[s])], None, 0)
            self._between([(1, start), (1, before)], None, 1)
        return start

    def _tables(self) -> None:
        problem = self.problem
        for busy in self.busy_in_slot.values():
            # Each busy participant holds one seat: the capacity stated on the participants.
            self._between(_ones(busy), None, 2 * problem.n_tables)
        on_free, on_table = problem.seat_groups(self.x)
        free = problem.n_tables - len(problem.reserved_tables)
        for literals in on_free.values():
            self._between(_ones(literals), None, free)
        for literals in on_table.values():
            self._between(_ones(literals), None, 1)

    def _precedences(self) -> None:
        for m in self.problem.meetings:
            for q in m.after:
                for s, lit in self.x[m.id].items():
                    earlier = [v for t, v in self.x[q].items() if t < s]
                    self._between([(1, lit), *((-1, v) for v in earlier)], None, 0)

    def _fairness(self) -> None:
        """Largest minus smallest breaks <= d, with ``low`` the smallest number of breaks."""
        d = self.problem.fairness
        if d is None:
            return
        # A participant has at most one break fewer than meetings: that caps the minimum.
        top = min(
            (max(0, len(self.problem.meeting_ids_of[p.id]) - 1) for p in self.problem.participants),
            default=0,
        )
        low = self._var("low", top) if top > 0 else None
        for starts in self.starts.values():
            # breaks = starts - 1 for a participant with meetings, 0 without (no start).
            runs = 1 if starts else 0
            terms = _ones(starts) + ([(-1, low)] if low is not None else [])
            self._between(terms, runs if low is not None else None, runs + d)

    def slot_of(self) -> dict[int, int]:
        names = [(mid, s, name) for mid, slots in self.x.items() for s, name in slots.items()]
        values = self.solver.getLastSolutionFor([name for _, _, name in names])
        return {mid: s for (mid, s, _), value in zip(names, values, strict=True) if value}


def _ones(names: Iterable[str]) -> Terms:
    return [(1, name) for name in names]


def solve_exact(
    problem: Problem,
    on_bound: Callable[[int], None] | None = None,
    on_schedule: Callable[[dict[int, int]], None] | None = None,
) -> MaxSatOutcome:
    """Optimal schedule of an all-mandatory problem (runs until done: see race.py for limits).

    ``on_bound`` hears of every rise of the proven lower bound on the breaks, ``on_schedule`` of
    every better schedule.
    """
    if not problem.all_mandatory:
        raise ValueError("the pseudo-Boolean solver handles all-mandatory problems only")
    model = _Model(problem)
    solver = model.solver
    best: int | None = None
    bound = 0
    while True:
        state = solver.runFull(True, SLICE_SECONDS if best is not None else FIRST_SLICE_SECONDS)
        if solver.hasSolution() and (best is None or solver.getBestSoFar() < best):
            best = int(solver.getBestSoFar())
            if on_schedule is not None:
                on_schedule(model.slot_of())
        if int(solver.getDualBound()) > bound:
            bound = int(solver.getDualBound())
            if on_bound is not None:
                on_bound(bound)
        if state != "TIMEOUT":
            break
    if best is None:  # the search ended without any solution: the constraints are unsatisfiable
        return MaxSatOutcome(None, lower_bound=0, infeasible=True)
    return MaxSatOutcome(model.slot_of(), lower_bound=best)
