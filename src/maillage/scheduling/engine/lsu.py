"""Solution-improving SAT search for all-mandatory problems: the race's schedule finder.

RC2 (maxsat.py) and Exact (pseudo_boolean.py) prove bounds, but on variants of the published
instances with a few forbidden slots drawn at random both could sit for a minute on a schedule
ten times worse than the bound they had proven: RC2's first core-guided call did not end, and
Exact's own solution-improving steps stalled (forum-13crafb with 0.3 % forbidden slots, seed 1:
bound 3 in 20 s, best schedule 88 breaks after 60 s). This solver works from the other side.
It takes the MaxSAT encoding's hard clauses (every break literal exact), finds a schedule, then
asks CaDiCaL again and again for one with fewer breaks than the best so far ("at most k - 1",
a totalizer over the break literals, incremental), each call starting from the best schedule's
polarities (phase saving), so that it searches near that schedule. On that variant it went from
89 to 9 breaks in 58 s and to the optimum, 3, in 123 s, niced on a machine loaded 10 on 2 cores;
the race's exact solvers prove the bound it meets. When a call is unsatisfiable, the best
schedule is optimal.

Those global calls are slow far from the optimum: each may move every meeting. So the search
descends first by large-neighbourhood calls (``_Neighbourhoods``): the same question, "fewer
breaks than the best", with every meeting outside a neighbourhood held at its slot by
assumptions and a budget of conflicts per call. A neighbourhood is the meetings of some
participants that have breaks, or the meetings in a run of consecutive slots; its size follows
the answers (larger after "no better schedule there", smaller after an exhausted budget). The
descent ends when its calls stop improving (``STALL`` in a row, or a neighbourhood of every
meeting); the global calls take over from its best schedule and alone can prove it optimal.

From a start (``start``: the race passes the best schedule it holds when this search joins late,
dispatch.py), the first call already asks for fewer breaks than the start, from its polarities.

Fairness: the search uses the encoding that caps every participant at d breaks (valid, as the
smallest number of breaks is then at least 0) and claims optimality only where that cap is exact:
when someone cannot have a break, or when the optimum found is at most one break per participant
(a schedule where everyone has a break costs at least that much), as RC2's two steps do.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

from pysat.card import ITotalizer
from pysat.solvers import Solver

from .greedy import busy_slots, participant_breaks, schedule_breaks
from .maxsat import ORACLE, MaxSatOutcome, _Encoding, min_break_capacity
from .model import Problem

#: Conflicts allowed to one neighbourhood call (CaDiCaL cannot be interrupted from Python, so
#: a budget is how a call ends).
CONFLICTS_PER_CALL = 1000
#: Neighbourhood calls in a row without a better schedule that end the descent.
STALL = 100


def solve_lsu(
    problem: Problem,
    on_bound: Callable[[int], None] | None = None,
    on_schedule: Callable[[dict[int, int]], None] | None = None,
    start: Mapping[int, int] | None = None,
) -> MaxSatOutcome:
    """Schedules with fewer and fewer breaks (runs until done: see race.py for limits).

    ``on_schedule`` hears of every better schedule. ``on_bound`` is only called with the optimum,
    when an unsatisfiable call proves it (this search proves no intermediate bound). ``start``, a
    valid schedule (the caller verified it), is the one to improve on; it may be returned as the
    optimum, and is not reported again.
    """
    if not problem.all_mandatory:
        raise ValueError("the SAT search handles all-mandatory problems only")
    encoding = _Encoding(problem, nobody_above_d=True)
    exact_cap = problem.fairness is None or min_break_capacity(problem, encoding.breaks) == 0
    found = _search(problem, encoding, on_schedule, start)
    if found is None and not exact_cap:
        # No schedule under the cap: only the exact fairness encoding can tell whether one exists.
        encoding, exact_cap = _Encoding(problem), True
        found = _search(problem, encoding, on_schedule, start)
    if found is None:
        return MaxSatOutcome(None, lower_bound=0, infeasible=True)
    best, value = found
    if not (exact_cap or value <= len(problem.participants)):
        # Optimal under the cap only: a schedule, no proof.
        return MaxSatOutcome(None, lower_bound=0)
    if on_bound is not None:
        on_bound(value)
    return MaxSatOutcome(best, lower_bound=value)


def _search(
    problem: Problem,
    encoding: _Encoding,
    on_schedule: Callable[[dict[int, int]], None] | None,
    start: Mapping[int, int] | None,
) -> tuple[dict[int, int], int] | None:
    """The best schedule of ``encoding`` (or ``start``) and its breaks (optimal for the encoding,
    or no schedule of it has fewer breaks than ``start``), None if it has no schedule."""
    literals = [lit for lits in encoding.breaks.values() for lit in lits]
    top = encoding.pool.top
    with Solver(name=ORACLE, bootstrap_with=encoding.formula.hard) as sat:

        def adopt(model: list[int]) -> tuple[dict[int, int], int, list[int]]:
            """The solver's model as the best schedule, its breaks and phases (reported)."""
            schedule = encoding.slot_of(model)
            if on_schedule is not None:
                on_schedule(schedule)
            phases = [lit for lit in model if abs(lit) <= top]
            return schedule, schedule_breaks(problem, schedule), phases

        if start is not None:
            # The start's slot literals; the solver completes the others by propagation.
            best, value = dict(start), schedule_breaks(problem, start)
            phases = encoding.phases(start)
        else:
            if not sat.solve():
                return None
            best, value, phases = adopt(sat.get_model())
        if value > 0:
            totalizer = ITotalizer(lits=literals, ubound=value, top_id=top)
            sat.append_formula(totalizer.cnf.clauses)
        neighbourhoods = _Neighbourhoods(problem)
        while value > 0 and not neighbourhoods.stalled:
            # Every meeting outside the neighbourhood stays where the best schedule has it.
            free = neighbourhoods.draw(best)
            held = [encoding.x[mid][s] for mid, s in best.items() if mid not in free]
            sat.set_phases(phases)
            sat.conf_budget(CONFLICTS_PER_CALL)
            better = sat.solve_limited(assumptions=[*held, -totalizer.rhs[value - 1]])
            neighbourhoods.learn(better)
            if better:
                best, value, phases = adopt(sat.get_model())
        while value > 0:
            sat.set_phases(phases)
            if not sat.solve(assumptions=[-totalizer.rhs[value - 1]]):
                break
            best, value, phases = adopt(sat.get_model())
    return best, value


class _Neighbourhoods:
    """The meetings each descent call may move, sized by the answers so far."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.rng = random.Random(0)  # the same problem, the same search
        self.share = 0.2  # of the meetings
        self.misses = 0

    @property
    def stalled(self) -> bool:
        return self.misses >= STALL or self.share >= 1.0

    def draw(self, schedule: Mapping[int, int]) -> set[int]:
        """Half the time a run of slots, else the meetings of participants with breaks."""
        if self.rng.random() < 0.5:
            return self.slot_run(schedule)
        return self.of_breaking(schedule)

    def slot_run(self, schedule: Mapping[int, int]) -> set[int]:
        """The meetings in a random run of consecutive slots, the share of the day."""
        n_slots = self.problem.n_slots
        width = max(1, round(self.share * n_slots))
        first = self.rng.randint(1, max(1, n_slots - width + 1))
        return {mid for mid, s in schedule.items() if first <= s < first + width}

    def of_breaking(self, schedule: Mapping[int, int]) -> set[int]:
        """The meetings of participants with breaks, in random order, up to the share of the
        meetings (the last participant's whole)."""
        problem = self.problem
        size = max(1, round(self.share * len(problem.meetings)))
        busy = busy_slots(problem, schedule)
        breaking = [pid for pid, taken in busy.items() if participant_breaks(taken)]
        self.rng.shuffle(breaking)
        free: set[int] = set()
        for pid in breaking:
            if len(free) >= size:
                break
            free.update(problem.meeting_ids_of[pid])
        return free

    def learn(self, better: bool | None) -> None:
        """``better``: the call's answer (None: its budget ran out)."""
        self.misses = 0 if better else self.misses + 1
        if better is False:
            self.share = min(1.0, self.share * 1.1)  # nothing better there: look wider
        elif better is None:
            self.share /= 1.1  # too hard within the budget: look narrower
