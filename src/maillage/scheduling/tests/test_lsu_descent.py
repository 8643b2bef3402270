"""The SAT search's descent: which meetings each neighbourhood call may move, and how its size
follows the answers."""

from __future__ import annotations

import pytest

from maillage.scheduling.engine import Meeting, Participant, Problem
from maillage.scheduling.engine.lsu import STALL, _Neighbourhoods


def a_day_of_one_exhibitor() -> Problem:
    """Participant 1 meets 2..7 over ten slots; the others have one meeting each."""
    return Problem(
        n_slots=10,
        n_tables=2,
        participants=tuple(Participant(id=i) for i in range(1, 8)),
        meetings=tuple(Meeting(i - 1, 1, i) for i in range(2, 8)),
        all_mandatory=True,
    )


#: Meeting id -> slot: participant 1 has two breaks (slots 1-3, 5, 9-10); nobody else has one.
SCHEDULE = {1: 1, 2: 2, 3: 5, 4: 9, 5: 10, 6: 3}


def test_the_meetings_of_participants_with_breaks() -> None:
    neighbourhoods = _Neighbourhoods(a_day_of_one_exhibitor())
    assert neighbourhoods.of_breaking(SCHEDULE) == set(SCHEDULE)
    # Without a break, nobody's meetings are free.
    assert neighbourhoods.of_breaking({mid: mid for mid in SCHEDULE}) == set()


@pytest.mark.parametrize("share", [0.1, 0.2, 0.5])
def test_a_run_of_slots_as_wide_as_the_share_of_the_day(share: float) -> None:
    neighbourhoods = _Neighbourhoods(a_day_of_one_exhibitor())
    neighbourhoods.share = share
    width = round(share * 10)
    for _ in range(50):
        free = neighbourhoods.slot_run(SCHEDULE)
        slots = sorted(SCHEDULE[mid] for mid in free)
        assert not slots or slots[-1] - slots[0] < width
        # Every meeting inside the run's slots is free, not only some.
        if slots:
            inside = {mid for mid, s in SCHEDULE.items() if slots[0] <= s <= slots[-1]}
            assert inside == free


def test_the_size_follows_the_answers_and_the_descent_stalls() -> None:
    neighbourhoods = _Neighbourhoods(a_day_of_one_exhibitor())
    start = neighbourhoods.share
    neighbourhoods.learn(False)  # nothing better there: wider
    assert neighbourhoods.share > start
    neighbourhoods.learn(None)
    neighbourhoods.learn(None)  # budget out twice: narrower
    assert neighbourhoods.share < start
    assert neighbourhoods.misses == 3
    neighbourhoods.learn(True)
    assert neighbourhoods.misses == 0
    for _ in range(STALL - 1):
        neighbourhoods.learn(None)
    assert not neighbourhoods.stalled
    neighbourhoods.learn(None)
    assert neighbourhoods.stalled


def test_the_descent_stalls_when_every_meeting_is_free() -> None:
    neighbourhoods = _Neighbourhoods(a_day_of_one_exhibitor())
    while not neighbourhoods.stalled:
        neighbourhoods.learn(False)
    assert neighbourhoods.share >= 1.0
    assert neighbourhoods.misses < STALL
