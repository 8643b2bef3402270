"""Infeasibility that only a solver proves, explained by the constraints that conflict."""

from __future__ import annotations

from dataclasses import replace

from maillage.scheduling.engine import (
    Meeting,
    Participant,
    Problem,
    SolveOptions,
    Status,
    explain_infeasibility,
    solve,
)
from maillage.scheduling.engine.conflicts import explain_conflict


def one_table_problem() -> Problem:
    """One table, three slots, three meetings: participant 1 cannot attend slot 1, meeting 2 is
    fixed at slot 2 and meeting 3 must come after it: meetings 1 and 3 both need slot 3."""
    return Problem(
        n_slots=3,
        n_tables=1,
        participants=(
            Participant(id=1, forbidden=frozenset({1})),
            *(Participant(id=i) for i in range(2, 7)),
        ),
        meetings=(
            Meeting(1, 1, 2),
            Meeting(2, 3, 4, slot=2),
            Meeting(3, 5, 6, after=(2,)),
        ),
        all_mandatory=True,
        fairness=2,
    )


EXPECTED = [
    "no schedule satisfies these constraints together:",
    "participant 1 cannot attend slot 1",
    "meeting 2 (participant 3 with participant 4) is fixed at slot 2",
    "meeting 3 (participant 5 with participant 6) must come after meeting 2"
    " (participant 3 with participant 4)",
]


def test_conflict_names_the_unavailable_slot_fixed_meeting_and_precedence() -> None:
    problem = one_table_problem()
    assert explain_infeasibility(problem) == []  # no cheap proof
    assert [str(r) for r in explain_conflict(problem)] == EXPECTED


def test_conflict_leaves_out_constraints_that_do_not_take_part() -> None:
    # Participant 2 cannot attend slot 2 either: meeting 1 still fits nowhere but slot 3, the
    # same conflict, and the extra unavailable slot is not part of it.
    base = one_table_problem()
    people = list(base.participants)
    people[1] = Participant(id=2, forbidden=frozenset({2}))
    problem = replace(base, participants=tuple(people))
    reasons = [str(r) for r in explain_conflict(problem)]
    assert reasons[0] == EXPECTED[0]
    assert "participant 2 cannot attend slot 2" not in reasons
    assert len(reasons) == 4


def test_conflict_names_participants_slots_and_meetings_as_data() -> None:
    """The platform words the reasons itself: each carries its rule and the ids it names."""
    _header, unavailable, fixed, after = explain_conflict(one_table_problem())
    assert (unavailable.code, dict(unavailable.facts)) == (
        "unavailable",
        {"participant": 1, "slot": 1},
    )
    assert (fixed.code, dict(fixed.facts)) == ("fixed", {"meeting": 2, "a": 3, "b": 4, "slot": 2})
    assert after.code == "after"
    assert dict(after.facts) == {
        "meeting": 3,
        "a": 5,
        "b": 6,
        "before": 2,
        "before_a": 3,
        "before_b": 4,
    }


def test_conflict_of_a_feasible_problem_is_empty() -> None:
    base = one_table_problem()
    feasible = replace(base, n_tables=2)
    assert explain_conflict(feasible) == []


def test_solve_reports_the_conflict_of_an_infeasible_problem() -> None:
    result = solve(one_table_problem(), SolveOptions(time_limit=20.0, workers=2))
    assert result.status == Status.INFEASIBLE
    assert [str(r) for r in result.reasons[1:]] == EXPECTED
