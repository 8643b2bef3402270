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

From a start (``start``: the race passes the best schedule it holds when this search joins late,
dispatch.py), the first call already asks for fewer breaks than the start, from its polarities.

Fairness: the search uses the encoding that caps every participant at d breaks (valid, as the
smallest number of breaks is then at least 0) and claims optimality only where that cap is exact:
when someone cannot have a break, or when the optimum found is at most one break per participant
(a schedule where everyone has a break costs at least that much), as RC2's two steps do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pysat.card import ITotalizer
from pysat.solvers import Solver

from .greedy import schedule_breaks
from .maxsat import ORACLE, MaxSatOutcome, _Encoding, min_break_capacity
from .model import Problem


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
        while value > 0:
            sat.set_phases(phases)
            if not sat.solve(assumptions=[-totalizer.rhs[value - 1]]):
                break
            best, value, phases = adopt(sat.get_model())
    return best, value
