"""Small problems that several test modules share."""

from __future__ import annotations

from maillage.scheduling.engine import Meeting, Participant, Problem


def two_meetings_of_one(fairness: int | None = None) -> Problem:
    """Participant 1 meets 2 and 3; four slots, two tables: the optimum has no break."""
    return Problem(
        n_slots=4,
        n_tables=2,
        participants=tuple(Participant(id=i) for i in range(1, 4)),
        meetings=(Meeting(1, 1, 2), Meeting(2, 1, 3)),
        all_mandatory=True,
        fairness=fairness,
    )
