"""Exact solver for all-mandatory problems: a MaxSAT encoding solved by RC2 over CaDiCaL.

It races the pseudo-Boolean solver (pseudo_boolean.py) and CP-SAT (race.py).

The published instances are hard for CP-SAT when the tables are nearly full: proving that fewer
breaks are impossible is a pigeonhole argument that a clause-learning SAT solver finds quickly once
the capacity is stated on the *participants* (each participant busy in a slot holds one seat, so
at most ``2 * tables`` participants are busy per slot) as well as on the meetings, and once each
participant's busy slots are counted (exactly its number of meetings). Without those two implied
cardinality constraints CaDiCaL did not decide "at most 3 breaks" on tic-13crafc in 100 s; with
them it proved it impossible in 2 s. Core-guided MaxSAT (RC2, PySAT) then finds the optimum and
proves it: each unsatisfiable core of "no break here" assumptions raises the proven bound.

Variables, all Boolean: ``x[m, s]`` meeting m in slot s (allowed slots only); ``busy[p, s]``
exactly "p has a meeting in s"; ``later[p, s]`` exactly "p has a meeting in s or after";
``brk[p, s]`` exactly "p is busy in s-1, idle in s and busy later": one literal per break, so a
participant's breaks are the count of its literals (fairness needs that count to be exact). Soft
clauses: ``not brk[p, s]``, weight 1: the cost of a model is its number of breaks.

Everything of the problem is encoded exactly (sessions, forbidden and fixed slots, precedences,
stands, reserved tables, maximum of meetings, fairness); only all-mandatory problems are handled
(the published definition); others go to CP-SAT.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pysat.card import CardEnc, EncType
from pysat.examples.rc2 import RC2
from pysat.formula import WCNF, IDPool
from pysat.solvers import Solver

from .model import Problem

#: The SAT oracle. CaDiCaL 1.9.5 decided the capacity arguments fastest of those PySAT ships
#: (Glucose 3 did not finish the first call on tic-13crafc in 120 s).
ORACLE = "cadical195"
#: Conflicts of the zero-break question before its first look at what the race has proven
#: (``without_breaks``), about half a second of CaDiCaL; each later look comes after twice as
#: many.
ZERO_BREAK_SLICE = 10_000
#: Below this many literals, "at most one" is written pairwise (no auxiliary variables).
PAIRWISE = 6


@dataclass(frozen=True)
class MaxSatOutcome:
    #: The optimal schedule (meeting id -> slot), None when not found in time or infeasible.
    slot_of: dict[int, int] | None
    #: Breaks proven unavoidable (the optimum when ``slot_of`` is set).
    lower_bound: int
    #: The hard constraints alone are unsatisfiable: no schedule exists (a proof, not a timeout).
    infeasible: bool = False


class _Encoding:
    """The clauses of one problem, and the literals needed to read a model back."""

    def __init__(self, problem: Problem, *, nobody_above_d: bool = False) -> None:
        self.problem = problem
        self.nobody_above_d = nobody_above_d
        self.pool = IDPool()
        self.formula = WCNF()
        self.x: dict[int, dict[int, int]] = {}
        self.breaks: dict[int, list[int]] = {}
        self._meetings()
        self._participants()
        self._tables()
        self._precedences()
        self._fairness()

    # -- helpers -----------------------------------------------------------------------------
    def _var(self, *key: object) -> int:
        return int(self.pool.id(key))

    def _hard(self, clauses: Iterable[list[int]], condition: int | None = None) -> None:
        """Add clauses, each weakened by ``not condition`` when a condition literal is given."""
        for clause in clauses:
            self.formula.append(clause if condition is None else [-condition, *clause])

    def _at_most(self, literals: list[int], bound: int, condition: int | None = None) -> None:
        if len(literals) <= bound:
            return
        if bound == 1 and len(literals) <= PAIRWISE:
            encoding = EncType.pairwise
        else:
            encoding = EncType.seqcounter
        self._hard(CardEnc.atmost(literals, bound, vpool=self.pool, encoding=encoding), condition)

    def _at_least(self, literals: list[int], bound: int, condition: int | None = None) -> None:
        if bound <= 0:
            return
        enc = CardEnc.atleast(literals, bound, vpool=self.pool, encoding=EncType.seqcounter)
        self._hard(enc.clauses, condition)

    def _exactly(self, literals: list[int], count: int) -> None:
        if count > len(literals):
            # More meetings than usable slots: unsatisfiable (a variable and its negation).
            never = self._var("never")
            self._hard([[never], [-never]])
        elif literals:
            self._hard(CardEnc.equals(literals, count, vpool=self.pool).clauses)

    # -- constraints -------------------------------------------------------------------------
    def _meetings(self) -> None:
        for m in self.problem.meetings:
            self.x[m.id] = {s: self._var("x", m.id, s) for s in self.problem.allowed_slots(m)}
            literals = list(self.x[m.id].values())
            self._hard([literals])  # mandatory: at least one slot (an empty clause if none)
            self._at_most(literals, 1)

    def _participants(self) -> None:
        problem = self.problem
        self.busy_in_slot: dict[int, list[int]] = defaultdict(list)
        for p in problem.participants:
            mids = problem.meeting_ids_of[p.id]
            busy: dict[int, int] = {}
            for s in range(1, problem.n_slots + 1):
                here = [self.x[mid][s] for mid in mids if s in self.x[mid]]
                if not here:
                    continue
                busy[s] = self._var("busy", p.id, s)
                self._hard([[-busy[s], *here]])
                self._hard([-lit, busy[s]] for lit in here)
                self._at_most(here, 1)
                self.busy_in_slot[s].append(busy[s])
            # Implied: a participant is busy in exactly as many slots as it has meetings.
            self._exactly(list(busy.values()), len(mids))
            if p.max_meetings is not None:
                self._at_most(list(busy.values()), p.max_meetings)
            self.breaks[p.id] = self._break_literals(p.id, busy)

    def _break_literals(self, pid: int, busy: dict[int, int]) -> list[int]:
        if len(busy) < 2:
            return []
        first, last = min(busy), max(busy)
        later: dict[int, int] = {}
        for s in range(last, first, -1):
            later[s] = self._var("later", pid, s)
            causes = [c for c in (busy.get(s), later.get(s + 1)) if c is not None]
            self._hard([[-later[s], *causes]])
            self._hard([-c, later[s]] for c in causes)
        literals = []
        for s in range(first + 1, last):
            if s - 1 not in busy:
                continue
            brk = self._var("brk", pid, s)
            pattern = [busy[s - 1], later[s + 1]]
            idle = busy.get(s)
            self._hard([[-brk, lit] for lit in pattern])
            if idle is not None:
                self._hard([[-brk, -idle]])
            self._hard([[-lit for lit in pattern] + ([idle] if idle is not None else []) + [brk]])
            self.formula.append([-brk], weight=1)
            literals.append(brk)
        return literals

    def _tables(self) -> None:
        problem = self.problem
        # Implied (exact when no table is reserved): at most two busy participants per seat pair.
        for literals in self.busy_in_slot.values():
            self._at_most(literals, 2 * problem.n_tables)
        on_free, on_table = problem.seat_groups(self.x)
        if problem.reserved_tables:
            free = problem.n_tables - len(problem.reserved_tables)
            for literals in on_free.values():
                self._at_most(literals, free)
        for literals in on_table.values():
            self._at_most(literals, 1)

    def _precedences(self) -> None:
        for m in self.problem.meetings:
            for q in m.after:
                for s, lit in self.x[m.id].items():
                    self._hard([[-lit, *(v for t, v in self.x[q].items() if t < s)]])

    def _fairness(self) -> None:
        """Largest minus smallest breaks <= d, with unary literals ``low[k]`` = "min >= k".

        ``low[k]`` forces every participant to at least k breaks, ``not low[k]`` caps every
        participant at k - 1 + d; the chain ``low[k+1] -> low[k]`` makes the pair exact.
        """
        d = self.problem.fairness
        if d is None:
            return
        counts = [self.breaks.get(p.id, []) for p in self.problem.participants]
        # The minimum can only be k if every participant can have k breaks.
        top = 0 if self.nobody_above_d else min_break_capacity(self.problem, self.breaks)
        low = [self._var("low", k) for k in range(1, top + 1)]
        for k, lit in enumerate(low, start=1):
            if k > 1:
                self._hard([[-lit, low[k - 2]]])
            for literals in counts:
                self._at_least(literals, k, condition=lit)
        for k in range(1, top + 2):
            cap = k - 1 + d
            condition = -low[k - 1] if k <= top else None
            for literals in counts:
                self._at_most(literals, cap, condition=condition)
            if condition is None:
                break

    def phases(self, slot_of: Mapping[int, int]) -> list[int]:
        """The slot literals of a schedule, each true or false (a SAT solver's phases)."""
        return [
            lit if slot_of.get(mid) == s else -lit
            for mid, slots in self.x.items()
            for s, lit in slots.items()
        ]

    def slot_of(self, model: Iterable[int]) -> dict[int, int]:
        true = {lit for lit in model if lit > 0}
        return {mid: s for mid, slots in self.x.items() for s, lit in slots.items() if lit in true}


def min_break_capacity(problem: Problem, breaks: dict[int, list[int]]) -> int:
    """The most breaks that every participant could have (0 if one has no break literal)."""
    return min((len(breaks.get(p.id, [])) for p in problem.participants), default=0)


class _ReportingRC2(RC2):  # type: ignore[misc]
    """RC2 that reports each rise of its proven bound (CaDiCaL cannot be interrupted in PySAT,
    so the caller bounds the time by running this in a process it may stop: see race.py)."""

    def __init__(self, formula: WCNF, on_bound: Callable[[int], None] | None, **kwargs: Any):
        super().__init__(formula, **kwargs)
        self._reported = 0
        self._on_bound = on_bound

    def _call_oracle(self, assumptions: Any = (), expect_interrupt: bool = False) -> Any:
        if self.cost > self._reported and self._on_bound is not None:
            self._reported = self.cost
            self._on_bound(int(self.cost))
        return super()._call_oracle(assumptions=assumptions, expect_interrupt=expect_interrupt)


def solve_maxsat(
    problem: Problem,
    on_bound: Callable[[int], None] | None = None,
    on_schedule: Callable[[dict[int, int]], None] | None = None,
    proven_elsewhere: Callable[[], int] | None = None,
) -> MaxSatOutcome:
    """Optimal schedule of an all-mandatory problem (runs until done: see race.py for limits).

    ``on_bound`` hears of every rise of the proven lower bound on the breaks; ``on_schedule``
    gets a first valid schedule, breaks ignored, before the optimisation starts (a plain SAT
    call, seconds where CP-SAT with one worker found none in a minute on forum-14). Then, before
    RC2, it asks for a schedule without any break (``without_breaks``), optimal if found, until
    ``proven_elsewhere`` (the race's bound, race_child.py) says that every schedule has one.

    Fairness is solved in two steps when the smallest number of breaks could be above 0. First
    with every participant capped at d breaks (the fairness bound when someone has none): the
    exact encoding of a free minimum is much heavier (forum-13 went from seconds to no answer in
    100 s). A schedule in which everyone has a break costs at least one break per participant,
    so a first-step optimum at or below that is the optimum; otherwise the exact encoding runs.
    """
    if not problem.all_mandatory:
        raise ValueError("the MaxSAT solver handles all-mandatory problems only")
    capped = _Encoding(problem, nobody_above_d=True)
    if on_schedule is not None:
        with Solver(name=ORACLE, bootstrap_with=capped.formula.hard) as sat:
            if sat.solve():
                on_schedule(capped.slot_of(sat.get_model()))
    if (slot_of := without_breaks(capped, proven_elsewhere)) is not None:
        # No participant idles: optimal, and fair whatever d (the cap is no constraint on it).
        return MaxSatOutcome(slot_of, lower_bound=0)
    if problem.fairness is None or min_break_capacity(problem, capped.breaks) == 0:
        return _run(capped, on_bound)  # exact: the minimum is 0 whatever the schedule
    everyone = len(problem.participants)
    first = _run(capped, None if on_bound is None else lambda b: on_bound(min(b, everyone)))
    if first.slot_of is not None and first.lower_bound <= everyone:
        return first
    return _run(_Encoding(problem), on_bound)


def without_breaks(
    encoding: _Encoding, proven_elsewhere: Callable[[], int] | None = None
) -> dict[int, int] | None:
    """A schedule of ``encoding`` without any break; None if there is none, or once
    ``proven_elsewhere`` returns a bound above 0 (the race's: race_child.py).

    RC2's first call asks the same question, with "no break" as assumptions, and RC2 proves
    nothing before that call returns. Here each break literal is false by a unit clause, which
    CaDiCaL uses to simplify the formula before it searches (assumptions it cannot): ticf-14crafa
    with 15 % precedences (seed 1), a 0-break schedule in 2.1 s of CPU this way, where the race
    took 58.8 s. The price is a refutation, which gives RC2 no core, so it asks again. Where the
    units take long to refute (published ticf-13crafc: 13.3 s of CPU), Exact has proven a bound
    of 1 within 2 s, and the question stops at its next look. A fixed budget of 100,000
    conflicts instead cut off 0-break schedules that needed 16.8 to 91.9 s (docs/benchmarks.md).
    Without ``proven_elsewhere`` (RC2 on its own) the question runs until it is answered.

    The looks come after ``ZERO_BREAK_SLICE`` conflicts, then twice as many each time: CaDiCaL
    starts its search afresh at each call, and slices of a fixed 10,000 took 43 calls and
    63.6 s of CPU where one call took 22.5 s (ticf-14crafa with 25 % precedences, seed 2;
    doubling: 4 calls, 16.5 s). RC2 then waits for a look at most as long as the question has
    already run.

    A refutation proves a bound of 1, but it is not reported: RC2 would then reach Exact's bound
    early, and the race would hand Exact's core to the SAT search (``race.overtaken``) where
    Exact was about to find the 1-break schedule (6 of 9 such variants then went unsettled).
    """
    with Solver(name=ORACLE, bootstrap_with=encoding.formula.hard) as sat:
        sat.append_formula([[-lit] for lits in encoding.breaks.values() for lit in lits])
        budget = ZERO_BREAK_SLICE
        while True:
            if proven_elsewhere is not None:
                if proven_elsewhere() > 0:
                    return None
                sat.conf_budget(budget)
                budget *= 2
            answer = sat.solve_limited()
            if answer is not None:
                return encoding.slot_of(sat.get_model()) if answer else None


def _run(encoding: _Encoding, on_bound: Callable[[int], None] | None) -> MaxSatOutcome:
    # With at-most-one detection (adapt): RC2 races Exact, which settles most instances first, and
    # is needed where Exact finds no schedule near its bound. There adapt is faster (one core
    # each, 2026-12-01: forum-13crafb 13.2 s against 16.6 s, ticf-13crafb 12.4 s against 26.8 s),
    # though it is slower alone on forum-14 and ticf-14crafa (docs/scheduling.md). Core
    # exhaustion and minimisation cost more than they saved (46 and 21 s on forum-13crafb).
    with _ReportingRC2(encoding.formula, on_bound, solver=ORACLE, adapt=True) as solver:
        model = solver.compute()
        if model is None:
            return MaxSatOutcome(None, lower_bound=0, infeasible=True)
        return MaxSatOutcome(encoding.slot_of(model), lower_bound=int(solver.cost))
