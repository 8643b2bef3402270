"""Property tests on random small instances, checked by the independent verifier."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.scheduling.engine import (
    Meeting,
    Participant,
    Problem,
    SolveOptions,
    Status,
    solve,
    solve_greedy,
    verify,
)
from maillage.scheduling.engine.greedy import TableBook
from maillage.scheduling.engine.race_child import run_solver
from maillage.scheduling.engine.verify import count_breaks

from .params import exact_solvers

OPTIONS = SolveOptions(time_limit=10.0, workers=1)


@st.composite
def problems(draw: st.DrawFn, max_meetings: int = 7, mandatory: bool | None = None) -> Problem:
    n_slots = draw(st.integers(2, 5))
    n_people = draw(st.integers(2, 5))
    split = draw(st.integers(0, n_slots - 1))
    sessions = ((1, split), (split + 1, n_slots)) if split else ()
    people = tuple(
        Participant(
            id=i,
            forbidden=frozenset(draw(st.sets(st.integers(1, n_slots), max_size=1))),
            max_meetings=draw(st.one_of(st.none(), st.integers(1, 3))),
        )
        for i in range(1, n_people + 1)
    )
    pairs = [(a, b) for a in range(1, n_people + 1) for b in range(a + 1, n_people + 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=max_meetings))
    meetings = []
    for index, (a, b) in enumerate(chosen, start=1):
        session = draw(st.sampled_from([None, 1, 2])) if sessions else None
        after = (index - 1,) if index > 1 and draw(st.integers(0, 5)) == 0 else ()
        # One meeting in five is fixed to a slot (possibly one its session or people exclude).
        slot = draw(st.integers(1, n_slots)) if draw(st.integers(0, 4)) == 0 else None
        meetings.append(
            Meeting(
                index,
                a,
                b,
                weight=draw(st.integers(1, 3)),
                session=session,
                slot=slot,
                after=after,
            )
        )
    return Problem(
        n_slots=n_slots,
        n_tables=draw(st.integers(1, 3)),
        participants=people,
        meetings=tuple(meetings),
        sessions=sessions,
        all_mandatory=draw(st.booleans()) if mandatory is None else mandatory,
        fairness=draw(st.one_of(st.none(), st.integers(0, 2))),
    )


def brute_force(problem: Problem) -> int | None:
    """Fewest breaks over all slot assignments placing every meeting (None: infeasible)."""
    options = [list(problem.allowed_slots(m)) for m in problem.meetings]
    best: int | None = None
    order = {m.id: i for i, m in enumerate(problem.meetings)}
    for combo in itertools.product(*options):
        per_slot: dict[int, int] = {}
        busy: dict[int, list[int]] = {p.id: [] for p in problem.participants}
        ok = True
        for m, slot in zip(problem.meetings, combo, strict=True):
            per_slot[slot] = per_slot.get(slot, 0) + 1
            busy[m.a].append(slot)
            busy[m.b].append(slot)
            if any(combo[order[q]] >= slot for q in m.after):
                ok = False
        if not ok or max(per_slot.values()) > problem.n_tables:
            continue
        if any(len(set(v)) != len(v) for v in busy.values()):
            continue
        if any(
            p.max_meetings is not None and len(busy[p.id]) > p.max_meetings
            for p in problem.participants
        ):
            continue
        breaks = [count_breaks(v) for v in busy.values()]
        if problem.fairness is not None and max(breaks) - min(breaks) > problem.fairness:
            continue
        total = sum(breaks)
        best = total if best is None else min(best, total)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_cpsat_result_passes_verifier(problem: Problem) -> None:
    result = solve(problem, OPTIONS)
    assert result.status in (Status.OPTIMAL, Status.INFEASIBLE)
    if result.status == Status.OPTIMAL:
        verdict = verify(problem, result.placements)
        assert verdict.violations == ()
        assert verdict.breaks == result.breaks
        greedy = solve_greedy(problem)
        greedy_verdict = verify(problem, greedy.placements)
        # The solver places at least the greedy weight; with equal weight, no more breaks.
        if greedy_verdict.ok:
            assert verdict.placed_weight >= greedy_verdict.placed_weight
            if verdict.placed_weight == greedy_verdict.placed_weight:
                assert verdict.breaks <= greedy_verdict.breaks


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_meetings=6, mandatory=True))
def test_cpsat_matches_brute_force(problem: Problem) -> None:
    result = solve(problem, OPTIONS)
    expected = brute_force(problem)
    if expected is None:
        assert result.status == Status.INFEASIBLE
    else:
        assert result.status == Status.OPTIMAL
        assert result.breaks == expected
        assert verify(problem, result.placements).violations == ()


@exact_solvers
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_meetings=6, mandatory=True))
def test_exact_solver_matches_brute_force(solver: str, problem: Problem) -> None:
    outcome = run_solver(solver, problem)
    expected = brute_force(problem)
    if expected is None:
        assert outcome.infeasible
        assert outcome.slot_of is None
    else:
        assert outcome.slot_of is not None
        verdict = verify(problem, TableBook(problem).assign(outcome.slot_of))
        assert verdict.violations == ()
        assert verdict.breaks == outcome.lower_bound == expected
