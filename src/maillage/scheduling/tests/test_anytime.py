"""Any-time results: never below the greedy baseline, and the SAT search that joins the race late
from the best schedule so far."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.scheduling.engine import (
    Meeting,
    Participant,
    Placement,
    Problem,
    Result,
    SolveOptions,
    Status,
    read_problem,
    solve,
    solve_greedy,
    verify,
)
from maillage.scheduling.engine.greedy import TableBook
from maillage.scheduling.engine.lsu import solve_lsu
from maillage.scheduling.engine.outcome import rank, unfinished
from maillage.scheduling.engine.race import MaxSatRace, overtaken
from maillage.scheduling.engine.variants import make_variant

from .problems import two_meetings_of_one


def test_sat_search_improves_on_its_start_and_proves_the_optimum() -> None:
    problem = two_meetings_of_one()
    schedules: list[dict[int, int]] = []
    outcome = solve_lsu(problem, on_schedule=schedules.append, start={1: 1, 2: 4})
    assert outcome.lower_bound == 0
    assert outcome.slot_of is not None
    assert verify(problem, _placements(problem, outcome.slot_of)).breaks == 0
    # Only schedules better than the start (one break) are reported.
    assert schedules
    assert all(abs(s[1] - s[2]) == 1 for s in schedules)


def test_sat_search_returns_an_optimal_start_as_it_is() -> None:
    problem = two_meetings_of_one(fairness=1)
    schedules: list[dict[int, int]] = []
    outcome = solve_lsu(problem, on_schedule=schedules.append, start={1: 2, 2: 3})
    assert outcome.slot_of == {1: 2, 2: 3}
    assert outcome.lower_bound == 0
    assert schedules == []


@pytest.mark.parametrize("replace", [False, True])
def test_race_adds_the_sat_search_from_a_start(replace: bool) -> None:
    """``join`` adds it beside RC2; ``replace`` stops RC2 and starts it in RC2's place."""
    problem = two_meetings_of_one()
    race = MaxSatRace(problem, ("rc2",))
    try:
        if replace:
            race.replace("rc2", "lsu", {1: 1, 2: 4})
        else:
            race.join("lsu", {1: 1, 2: 4})
        assert race.finds_schedules
        assert race.solvers == ("rc2", "lsu")
        race.wait(60)
        assert race.slot_of is not None
        assert verify(problem, _placements(problem, race.slot_of)).breaks == 0
    finally:
        race.stop()
    assert not race.running


@pytest.mark.parametrize(
    ("provers", "expected"),
    [
        # RC2 reached Exact's bound after it: Exact gives way.
        ([("exact", 6, 1.0), ("rc2", 6, 9.0)], "exact"),
        # RC2 passed it.
        ([("exact", 3, 1.0), ("rc2", 5, 6.0)], "exact"),
        # Whichever it is: the one reached later.
        ([("exact", 6, 10.0), ("rc2", 6, 9.0)], "rc2"),
        # RC2 still below: both prove something of their own.
        ([("exact", 3, 1.0), ("rc2", 2, 6.0)], None),
        # Exact above and earlier: RC2 has not caught up.
        ([("exact", 4, 1.0), ("rc2", 3, 6.0)], None),
        # Nothing proven yet (a bound of 0 is no sign of a stall).
        ([("exact", 0, 0.0), ("rc2", 0, 0.0)], None),
        # Alone.
        ([("rc2", 5, 1.0)], None),
        ([], None),
    ],
)
def test_overtaken_is_the_prover_whose_bound_another_reached_later(
    provers: list[tuple[str, int, float]], expected: str | None
) -> None:
    assert overtaken(provers) == expected


def test_rank_puts_complete_then_accepted_schedules_first() -> None:
    problem = two_meetings_of_one()
    complete = _placements(problem, {1: 1, 2: 4})
    partial = _placements(problem, {1: 1})
    assert rank(problem, complete) == (0, 0, 1)
    assert rank(problem, partial) == (1, 0, 0)
    assert rank(problem, []) == (2, 0, 0)
    assert rank(problem, complete) < rank(problem, partial) < rank(problem, [])


def test_unfinished_returns_greedy_partial_schedule_only_when_fair() -> None:
    # One table, two slots: the first fit places meetings 1 and 2, not 3.
    people = tuple(Participant(id=i) for i in range(1, 5))
    meetings = (Meeting(1, 1, 2), Meeting(2, 3, 4), Meeting(3, 1, 3))
    problem = Problem(
        n_slots=2, n_tables=1, participants=people, meetings=meetings, all_mandatory=True
    )
    result = unfinished(problem, seconds=0.5, lower_bound=None)
    greedy = solve_greedy(problem)
    assert result.status == Status.UNKNOWN
    assert result.placements == greedy.placements
    assert result.unscheduled == (3,)
    assert rank(problem, result.placements) == (1, 0, 0)
    # Locked at slots 1 and 3, participant 1 has a break and 2 none: fairness 0 is broken.
    unfair = Problem(
        n_slots=3,
        n_tables=2,
        participants=tuple(Participant(id=i) for i in range(1, 4)),
        meetings=(Meeting(1, 1, 2, slot=1), Meeting(2, 1, 3, slot=3)),
        all_mandatory=True,
        fairness=0,
    )
    assert rank(unfair, solve_greedy(unfair).placements)[1] == 1
    nothing = unfinished(unfair, seconds=0.5, lower_bound=1)
    assert nothing.placements == ()
    assert nothing.unscheduled == (1, 2)


def _variant(b2b_dir: Path, base: str, family: str) -> Problem:
    return make_variant(
        read_problem(b2b_dir / "instances" / f"{base}.original.dzn"), base, family, 1
    )


def _solve_verified(problem: Problem, limit: float, messages: list[str]) -> Result:
    """The engine's result at ``limit``, checked: complete and verified, or (status unknown)
    none or a partial schedule the verifier accepts but for its unplaced meetings."""
    result = solve(
        problem,
        SolveOptions(time_limit=limit, workers=2),
        lambda _fraction, message: messages.append(message),
    )
    if result.status == Status.UNKNOWN:
        assert rank(problem, result.placements)[1] == 0
    else:
        verdict = verify(problem, result.placements)
        assert verdict.ok
        assert verdict.breaks == result.breaks
    return result


def test_one_second_limit_never_falls_below_greedy(b2b_dir: Path) -> None:
    """tic-13crafc with precedences for 15 % of each participant's meetings (seed 1): greedy
    leaves 20 meetings out but breaks no other constraint. At 1 s the
    engine returns a complete schedule, or greedy's own when no race member has one yet (a
    loaded machine), never less."""
    problem = _variant(b2b_dir, "tic-13crafc", "precedence-15")
    greedy = solve_greedy(problem)
    assert len(greedy.unscheduled) == 20
    result = _solve_verified(problem, 1.0, [])
    assert rank(problem, result.placements) <= rank(problem, greedy.placements)


@pytest.mark.slow
def test_sat_search_joins_the_race_after_cpsat_share(b2b_dir: Path) -> None:
    """forum-13crafb with 0.3 % forbidden slots (seed 1): the bound is proven early, good
    schedules come late (docs/benchmarks.md); at 10 s the race has not settled after 5 s, and
    has a first schedule to start from before 9.5 s."""
    problem = _variant(b2b_dir, "forum-13crafb", "forbidden-0.3")
    messages: list[str] = []
    result = _solve_verified(problem, 10.0, messages)
    # It joins after CP-SAT's share, or earlier when RC2 reaches Exact's bound first (a fast
    # machine).
    assert any(m.startswith("the SAT search") for m in messages)
    assert result.status != Status.OPTIMAL


@pytest.mark.slow
def test_sat_search_takes_the_core_of_the_overtaken_prover(b2b_dir: Path) -> None:
    """ticf-13crafb with precedences for 15 % of each participant's meetings (seed 1): Exact
    proves 3 breaks within 3 s of CPU and RC2 reaches 3 within 6 s (docs/benchmarks.md), long
    before half of 60 s; the optimum is still unknown then."""
    problem = _variant(b2b_dir, "ticf-13crafb", "precedence-15")
    messages: list[str] = []
    result = _solve_verified(problem, 60.0, messages)
    # The progress messages say what the race did, should the timing ever differ.
    assert "the SAT search takes the core of exact, overtaken" in messages, messages
    assert "the SAT search joins the race" not in messages, messages
    assert result.lower_bound is not None
    assert result.lower_bound >= 3


def _placements(problem: Problem, slot_of: dict[int, int]) -> list[Placement]:
    return TableBook(problem).assign(slot_of)
