from __future__ import annotations

from maillage.scheduling.engine import (
    Meeting,
    Participant,
    Placement,
    Problem,
    SolveOptions,
    Status,
    verify,
)
from maillage.scheduling.engine.reschedule import Changes, reschedule

OPTIONS = SolveOptions(time_limit=10.0, workers=2)


def _event() -> tuple[Problem, tuple[Placement, ...]]:
    people = tuple(Participant(id=i) for i in range(1, 7))
    meetings = (
        Meeting(1, 1, 2),
        Meeting(2, 1, 3),
        Meeting(3, 2, 3),
        Meeting(4, 4, 5),
        Meeting(5, 5, 6),
        Meeting(6, 4, 6, weight=2),
    )
    problem = Problem(n_slots=4, n_tables=2, participants=people, meetings=meetings)
    published = (
        Placement(1, 1, 1),
        Placement(2, 2, 1),
        Placement(3, 3, 1),
        Placement(4, 1, 2),
        Placement(5, 2, 2),
        Placement(6, 3, 2),
    )
    return problem, published


def test_reschedule_cancelled_meeting_moves_nothing() -> None:
    problem, published = _event()
    out = reschedule(problem, published, Changes(cancelled=frozenset({5})), options=OPTIONS)
    assert out.result.status == Status.OPTIMAL
    assert verify(out.problem, out.result.placements).violations == ()
    assert out.moved == ()
    assert out.dropped == ()
    assert {p.meeting: (p.slot, p.table) for p in out.result.placements} == {
        1: (1, 1),
        2: (2, 1),
        3: (3, 1),
        4: (1, 2),
        6: (3, 2),
    }


def test_reschedule_absent_slot_moves_one_meeting() -> None:
    problem, published = _event()
    changes = Changes(absent={3: frozenset({3})})
    out = reschedule(problem, published, changes, options=OPTIONS)
    assert verify(out.problem, out.result.placements).violations == ()
    assert out.moved == (3,)
    assert out.dropped == ()
    assert next(p.slot for p in out.result.placements if p.meeting == 3) == 4


def test_reschedule_gone_participant_refills_with_late_meeting() -> None:
    problem, published = _event()
    changes = Changes(gone=frozenset({6}), added=(Meeting(7, 4, 5, weight=1),))
    out = reschedule(problem, published, changes, options=OPTIONS)
    placed = {p.meeting: p.slot for p in out.result.placements}
    assert verify(out.problem, out.result.placements).violations == ()
    assert out.dropped == ()
    assert out.moved == ()
    assert set(placed) == {1, 2, 3, 4, 7}
    assert placed[7] in (2, 3, 4)


def test_reschedule_freeze_mode_keeps_unaffected() -> None:
    problem, published = _event()
    changes = Changes(absent={3: frozenset({3})})
    out = reschedule(problem, published, changes, options=OPTIONS, freeze_unaffected=True)
    assert verify(out.problem, out.result.placements).violations == ()
    assert out.moved == (3,)
    assert out.result.status == Status.FEASIBLE
