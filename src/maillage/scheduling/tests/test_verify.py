from __future__ import annotations

from dataclasses import replace

from maillage.scheduling.engine import Meeting, Participant, Placement, Problem, verify
from maillage.scheduling.engine.verify import count_breaks


def test_count_breaks_runs_not_slots() -> None:
    assert count_breaks([1, 2, 5, 6, 9]) == 2
    assert count_breaks([3]) == 0
    assert count_breaks([]) == 0
    assert count_breaks([1, 3, 4, 8]) == 2


def test_verify_valid_schedule_recomputes_breaks(small_problem: Problem) -> None:
    placements = [
        Placement(1, 1, 1),
        Placement(2, 2, 1),
        Placement(3, 3, 1),
        Placement(4, 3, 2),
        Placement(5, 1, 2),
    ]
    verdict = verify(small_problem, placements)
    assert verdict.violations == ()
    # Participant 2: slots 1 and 3 (one break); 3: slots 1, 2, 3; 4: slots 1, 3 (one break).
    assert verdict.breaks_by_participant == {1: 0, 2: 1, 3: 0, 4: 1}
    assert verdict.breaks == 2
    assert verdict.placed == 5


def test_verify_reports_each_violation(small_problem: Problem) -> None:
    problem = replace(
        small_problem,
        participants=(
            Participant(id=1, forbidden=frozenset({4})),
            Participant(id=2, table=2),
            Participant(id=3, max_meetings=1),
            Participant(id=4),
        ),
        meetings=(
            *small_problem.meetings[:4],
            Meeting(id=5, a=3, b=4, slot=2, after=(4,)),
        ),
        reserved_tables=frozenset({3}),
        n_tables=3,
        fairness=0,
    )
    placements = [
        Placement(1, 4, 1),  # forbidden for 1, not at 2's stand
        Placement(2, 4, 1),  # same table and slot as meeting 1, participant 1 twice
        Placement(4, 2, 3),  # outside session 2, reserved table
        Placement(5, 1, 2),  # locked at 2, before its predecessor 4
    ]
    violations = set(verify(problem, placements).violations)
    assert violations == {
        "meeting 1: slot 4 is forbidden for participant 1",
        "meeting 1: at table 1, not at its stand 2",
        "meeting 2: slot 4 is forbidden for participant 1",
        "meeting 4: slot 2 outside session 2",
        "meeting 4: at table 3, not at its stand 2",
        "meeting 4: uses reserved table 3",
        "meeting 5: locked at slot 2, placed at 1",
        "meeting 5: not after meeting 4",
        "slot 4 table 1: meetings [1, 2] collide",
        "participant 1: two meetings in one slot",
        "participant 3: 3 meetings, at most 1",
        "meeting 3: mandatory but not placed",
        "fairness: breaks range over 1 > 0",
    }


def test_verify_duplicate_and_unknown_placements(small_problem: Problem) -> None:
    verdict = verify(small_problem, [Placement(1, 1, 1), Placement(1, 2, 1), Placement(9, 1, 2)])
    assert "meeting 1 placed twice" in verdict.violations
    assert "placement of unknown meeting 9" in verdict.violations
