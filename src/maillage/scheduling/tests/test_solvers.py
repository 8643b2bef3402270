from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from maillage.scheduling.engine import (
    Meeting,
    Participant,
    Problem,
    SolveOptions,
    Status,
    read_problem,
    solve,
    solve_greedy,
    verify,
)
from maillage.scheduling.engine.cpsat import BreakModel
from maillage.scheduling.engine.greedy import TableBook
from maillage.scheduling.engine.improve import improve_schedule
from maillage.scheduling.engine.outcome import score, valid_schedule

FAST = SolveOptions(time_limit=10.0, workers=2)


def test_cpsat_small_problem_optimal_and_verified(small_problem: Problem) -> None:
    result = solve(small_problem, FAST)
    verdict = verify(small_problem, result.placements)
    assert result.status == Status.OPTIMAL
    assert verdict.violations == ()
    assert result.breaks == verdict.breaks == 0
    assert result.lower_bound == 0
    assert result.unscheduled == ()


def test_cpsat_forced_break_counted(small_problem: Problem) -> None:
    # Forbidding slots 2 and 3 for participant 2 puts its meetings at 1 and 4 (one break); then
    # participants 1 and 3 both want meetings 2 and 3/5 in slots 2-3, which clash through
    # participant 4: one more break is unavoidable.
    people = (small_problem.participants[0], Participant(id=2, forbidden=frozenset({2, 3})))
    problem = replace(small_problem, participants=(*people, *small_problem.participants[2:]))
    result = solve(problem, FAST)
    assert result.status == Status.OPTIMAL
    assert result.breaks == 2
    assert verify(problem, result.placements).breaks == 2
    assert result.lower_bound == 2


def test_cpsat_infeasible_is_proven_with_reason(small_problem: Problem) -> None:
    problem = replace(small_problem, n_tables=1, n_slots=4)
    # Five meetings, one table, four slots: the cheap table-count check proves it.
    result = solve(problem, FAST)
    assert result.status == Status.INFEASIBLE
    assert [str(r) for r in result.reasons] == [
        "5 mandatory meetings need a free table but 1 tables x 4 slots give only 4"
    ]
    assert result.placements == ()


def test_cpsat_infeasible_proven_by_solver() -> None:
    # A triangle of meetings in two slots: every participant has 2 meetings and 2 slots, but
    # three pairwise-clashing meetings cannot share two slots.
    problem = Problem(
        n_slots=2,
        n_tables=3,
        participants=tuple(Participant(id=i) for i in (1, 2, 3)),
        meetings=(Meeting(1, 1, 2), Meeting(2, 2, 3), Meeting(3, 1, 3)),
        all_mandatory=True,
    )
    result = solve(problem, FAST)
    assert result.status == Status.INFEASIBLE
    # CP-SAT or the MaxSAT race, whichever proves it first; no unavailable slot, fixed meeting
    # or precedence takes part (conflicts.py).
    proof, conflict = map(str, result.reasons)
    assert proof.endswith("solver proved that no schedule satisfies all constraints")
    assert conflict == (
        "the meetings do not fit the tables and sessions, even without any participant's"
        " unavailable slots, fixed meetings or precedences"
    )


def test_cpsat_respects_locks_tables_and_precedences() -> None:
    problem = Problem(
        n_slots=4,
        n_tables=3,
        reserved_tables=frozenset({3}),
        participants=(
            Participant(id=1, table=3),
            Participant(id=2),
            Participant(id=3),
            Participant(id=4, max_meetings=1),
        ),
        meetings=(
            Meeting(1, 1, 2, slot=4),
            Meeting(2, 1, 3, after=(3,)),
            Meeting(3, 2, 3),
            Meeting(4, 2, 4, weight=3),
            Meeting(5, 3, 4, weight=1),
        ),
    )
    result = solve(problem, FAST)
    verdict = verify(problem, result.placements)
    assert verdict.violations == ()
    slots = {p.meeting: (p.slot, p.table) for p in result.placements}
    assert slots[1] == (4, 3)
    assert slots[2][1] == 3
    assert slots[3][0] < slots[2][0]
    # Participant 4 takes one meeting: the heavier one.
    assert 4 in slots
    assert result.unscheduled == (5,)
    assert result.status == Status.OPTIMAL


def test_cpsat_fairness_bound_holds() -> None:
    people = tuple(Participant(id=i) for i in range(1, 6))
    meetings = (Meeting(1, 1, 2), Meeting(2, 1, 3), Meeting(3, 1, 4), Meeting(4, 2, 5))
    problem = Problem(
        n_slots=4, n_tables=1, participants=people, meetings=meetings, all_mandatory=True
    )
    for d in (0, 1, 2):
        result = solve(replace(problem, fairness=d), FAST)
        verdict = verify(replace(problem, fairness=d), result.placements)
        assert verdict.violations == ()
        spread = max(verdict.breaks_by_participant.values()) - min(
            verdict.breaks_by_participant.values()
        )
        assert spread <= d


def test_greedy_first_fit_by_priority() -> None:
    problem = Problem(
        n_slots=2,
        n_tables=1,
        participants=tuple(Participant(id=i) for i in (1, 2, 3)),
        meetings=(Meeting(1, 1, 2, weight=1), Meeting(2, 2, 3, weight=3), Meeting(3, 1, 3)),
    )
    result = solve_greedy(problem)
    assert [(p.meeting, p.slot, p.table) for p in result.placements] == [(1, 2, 1), (2, 1, 1)]
    assert result.unscheduled == (3,)
    assert verify(problem, result.placements).violations == ()


@pytest.mark.slow
@pytest.mark.parametrize(("name", "optimum"), [("tic-12", 0), ("forumt-14", 5)])
def test_cpsat_published_instance_optimum(b2b_dir: Path, name: str, optimum: int) -> None:
    problem = read_problem(b2b_dir / "instances" / f"{name}.original.dzn")
    result = solve(problem, SolveOptions(time_limit=30.0, workers=2))
    verdict = verify(problem, result.placements)
    assert verdict.violations == ()
    assert result.status == Status.OPTIMAL
    assert result.breaks == verdict.breaks == optimum


def test_greedy_published_instance_verified(b2b_dir: Path) -> None:
    problem = read_problem(b2b_dir / "instances" / "forum-13.original.dzn")
    result = solve_greedy(problem)
    verdict = verify(replace(problem, fairness=None), result.placements)
    assert verdict.violations == ()
    assert result.breaks == verdict.breaks


def test_improve_schedule_closes_a_break() -> None:
    # Participant 1 meets at slots 1, 3 and 4 (one break); moving one meeting closes it.
    problem = Problem(
        n_slots=4,
        n_tables=1,
        participants=tuple(Participant(id=i) for i in (1, 2, 3, 4)),
        meetings=(Meeting(1, 1, 2), Meeting(2, 1, 3), Meeting(3, 1, 4)),
        all_mandatory=True,
    )
    built = BreakModel(problem, windows=False, compact=False)
    slot_of, value = improve_schedule(
        problem,
        built.model,
        built.x,
        {1: 1, 2: 3, 3: 4},
        1.0,
        deadline=time.perf_counter() + 30.0,
        floor=0,
        workers=1,
    )
    verdict = verify(problem, TableBook(problem).assign(slot_of))
    assert value == 0
    assert verdict.violations == ()
    assert verdict.breaks == 0


def test_valid_schedule_gate_and_score(small_problem: Problem) -> None:
    # The starting schedule CP-SAT must never do worse than: accepted only when valid.
    good = {1: 1, 2: 2, 3: 3, 4: 3, 5: 1}
    assert valid_schedule(small_problem, good) == good
    assert score(small_problem, good) == (5, -2)
    clash = {**good, 5: 2}  # participant 3 twice in slot 2
    assert valid_schedule(small_problem, clash) is None
    unfair = replace(small_problem, fairness=0)
    assert valid_schedule(unfair, good) is None
