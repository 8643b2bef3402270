from __future__ import annotations

from dataclasses import replace

from maillage.scheduling.engine import (
    Meeting,
    Participant,
    Problem,
    Reason,
    explain_infeasibility,
)


def english(reasons: list[Reason]) -> list[str]:
    return [str(reason) for reason in reasons]


def test_explain_feasible_problem_has_no_reason(small_problem: Problem) -> None:
    assert english(explain_infeasibility(small_problem)) == []


def test_explain_participant_with_too_many_meetings(small_problem: Problem) -> None:
    problem = replace(
        small_problem,
        participants=(
            Participant(id=1, forbidden=frozenset({1, 2})),
            *small_problem.participants[1:],
        ),
    )
    assert english(explain_infeasibility(problem)) == [
        "participant 1 has 3 mandatory meetings but only 2 usable slots"
    ]


def test_explain_session_overload(small_problem: Problem) -> None:
    meetings = (
        *(replace(m, session=1) if m.a == 1 else m for m in small_problem.meetings),
        Meeting(id=6, a=1, b=4, session=2),
    )
    assert english(explain_infeasibility(replace(small_problem, meetings=meetings))) == [
        "participant 1 has 3 mandatory meetings in session 1 but only 2 usable slots there"
    ]


def test_explain_fixed_meetings_over_tables(small_problem: Problem) -> None:
    meetings = (
        Meeting(id=1, a=1, b=2, slot=1),
        Meeting(id=2, a=3, b=4, slot=1),
    )
    problem = replace(small_problem, meetings=meetings, n_tables=1)
    assert english(explain_infeasibility(problem)) == [
        "slot 1 has 2 fixed meetings but only 1 tables (meetings [1, 2])"
    ]


def test_explain_precedence_cycle(small_problem: Problem) -> None:
    meetings = (
        Meeting(id=1, a=1, b=2, after=(3,)),
        Meeting(id=2, a=3, b=4, after=(1,)),
        Meeting(id=3, a=1, b=3, after=(2,)),
    )
    problem = replace(small_problem, meetings=meetings)
    [cycle] = explain_infeasibility(problem)
    assert (cycle.code, dict(cycle.facts)) == ("precedence_cycle", {"cycle": (1, 3, 2, 1)})
    assert str(cycle) == "precedence cycle between meetings 1 -> 3 -> 2 -> 1"


def test_explain_precedence_chain_too_long(small_problem: Problem) -> None:
    meetings = (
        Meeting(id=1, a=1, b=2, session=2),
        Meeting(id=2, a=3, b=4, after=(1,)),
        Meeting(id=3, a=1, b=3, after=(2,)),
    )
    problem = replace(small_problem, meetings=meetings)
    assert english(explain_infeasibility(problem)) == [
        "meeting 3 cannot come after its mandatory predecessors [2] within its slots"
    ]
