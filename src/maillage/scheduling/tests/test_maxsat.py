"""The exact solvers (MaxSAT with RC2, pseudo-Boolean with Exact) and their race against CP-SAT
(exactness against brute force is a property test in test_properties.py)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from multiprocessing import Pipe
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
    verify,
)
from maillage.scheduling.engine.greedy import TableBook
from maillage.scheduling.engine.maxsat import _Encoding, without_breaks
from maillage.scheduling.engine.race import SOLVERS, MaxSatRace
from maillage.scheduling.engine.race_child import RaceBound, run_solver

from .params import exact_solvers
from .problems import two_meetings_of_one


def race_children() -> list[str]:
    """Pids of this process's MaxSAT children still running (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = stat.read_text().rsplit(")", 1)[1].split()[1]
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == str(os.getpid()) and b"maillage.scheduling.engine.race_child" in cmdline:
            found.append(stat.parent.name)
    return found


def stands_problem() -> Problem:
    """Reserved table 3 is participant 1's stand; two free tables for the rest."""
    people = (Participant(id=1, table=3), *(Participant(id=i) for i in range(2, 7)))
    pairs = [(1, 2), (1, 3), (1, 4), (2, 3), (2, 5), (3, 6), (4, 5), (4, 6), (5, 6), (2, 6)]
    return Problem(
        n_slots=6,
        n_tables=3,
        reserved_tables=frozenset({3}),
        participants=people,
        meetings=tuple(Meeting(i, a, b) for i, (a, b) in enumerate(pairs, start=1)),
        all_mandatory=True,
        fairness=1,
    )


@exact_solvers
def test_stands_and_reserved_tables_match_cpsat(solver: str) -> None:
    problem = stands_problem()
    outcome = run_solver(solver, problem)
    assert outcome.slot_of is not None
    verdict = verify(problem, TableBook(problem).assign(outcome.slot_of))
    assert verdict.violations == ()
    reference = solve(problem, SolveOptions(time_limit=10.0, workers=2, maxsat=False))
    assert reference.status == Status.OPTIMAL
    assert verdict.breaks == outcome.lower_bound == reference.breaks


@exact_solvers
def test_solver_reports_the_bounds_it_proves(solver: str) -> None:
    # Participant 1 meets 2 in slot 1 and 3 in slot 3 (fixed): one break it cannot avoid.
    problem = Problem(
        n_slots=3,
        n_tables=2,
        participants=tuple(Participant(id=i) for i in range(1, 4)),
        meetings=(Meeting(1, 1, 2, slot=1), Meeting(2, 1, 3, slot=3)),
        all_mandatory=True,
    )
    bounds: list[int] = []
    schedules: list[dict[int, int]] = []
    outcome = run_solver(solver, problem, on_bound=bounds.append, on_schedule=schedules.append)
    assert outcome.lower_bound == 1
    assert bounds == [1]
    assert schedules
    assert all(s == {1: 1, 2: 3} for s in schedules)


def test_the_zero_break_question_finds_a_schedule_without_breaks_or_none() -> None:
    """Participant 1 meets 2 and 3: back to back, unless both meetings are fixed apart."""
    free = two_meetings_of_one()
    slot_of = without_breaks(_Encoding(free))
    assert slot_of is not None
    assert abs(slot_of[1] - slot_of[2]) == 1
    apart = replace(free, meetings=(Meeting(1, 1, 2, slot=1), Meeting(2, 1, 3, slot=3)))
    assert without_breaks(_Encoding(apart)) is None


def test_the_zero_break_question_ends_once_the_race_proves_a_break_unavoidable() -> None:
    looks: list[int] = []

    def race_bound(bound: int) -> Callable[[], int]:
        def look() -> int:
            looks.append(bound)
            return bound

        return look

    assert without_breaks(_Encoding(two_meetings_of_one()), race_bound(0)) is not None
    assert looks == [0]
    # Whatever the problem: the race's word is taken, no question is asked.
    assert without_breaks(_Encoding(two_meetings_of_one()), race_bound(1)) is None
    assert looks == [0, 1]


def test_a_racing_child_reads_the_race_bound_without_waiting() -> None:
    receiving, sending = Pipe(duplex=False)
    race_bound = RaceBound(receiving)
    assert race_bound() == 0
    for bound in (1, 3, 2):
        sending.send(bound)
    assert race_bound() == 3
    sending.close()  # the race has stopped: its last word stands
    assert race_bound() == 3


@exact_solvers
def test_solver_refuses_optional_meetings(solver: str) -> None:
    with pytest.raises(ValueError, match="all-mandatory"):
        run_solver(solver, replace(stands_problem(), all_mandatory=False))


@pytest.mark.parametrize("solvers", [SOLVERS, *((name,) for name in SOLVERS)])
def test_race_children_find_the_optimum_and_stop(solvers: tuple[str, ...]) -> None:
    problem = stands_problem()
    race = MaxSatRace(problem, solvers)
    try:
        race.wait(60)
        assert race.slot_of is not None
        assert race.settles(float("inf"))
        assert verify(problem, TableBook(problem).assign(race.slot_of)).violations == ()
    finally:
        race.stop()
    assert not race.running


@exact_solvers
def test_solver_proves_infeasibility(solver: str) -> None:
    # Three meetings, two slots, one table: no schedule (called without explain.py's checks).
    problem = Problem(
        n_slots=2,
        n_tables=1,
        participants=tuple(Participant(id=i) for i in range(1, 5)),
        meetings=(Meeting(1, 1, 2), Meeting(2, 3, 4), Meeting(3, 1, 3)),
        all_mandatory=True,
    )
    outcome = run_solver(solver, problem)
    assert outcome.infeasible
    assert outcome.slot_of is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("instance", "optimum"),
    [
        ("tic-13crafc", 4),
        # RC2 alone found no 1-break schedule in 60 s; Exact proves it in about 15 s.
        ("ticf-13crafc", 1),
    ],
)
def test_race_proves_published_optima(b2b_dir: Path, instance: str, optimum: int) -> None:
    problem = read_problem(b2b_dir / "instances" / f"{instance}.original.dzn")
    result = solve(problem, SolveOptions(time_limit=60.0, workers=2))
    assert result.status == Status.OPTIMAL
    assert result.breaks == verify(problem, result.placements).breaks == optimum
    # The children are gone once the call returns.
    assert race_children() == []


def test_race_refuses_an_unknown_solver() -> None:
    with pytest.raises(ValueError, match="unknown solver 'gurobi'"):
        MaxSatRace(stands_problem(), ("rc2", "gurobi"))
    assert race_children() == []
