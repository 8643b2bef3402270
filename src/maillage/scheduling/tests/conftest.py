"""Fixtures for the scheduling engine tests (no Django needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from maillage.scheduling.engine import Meeting, Participant, Problem

REPO = Path(__file__).resolve().parents[4]


def shared_b2b_dir() -> Path | None:
    """The published instances: ``$MAILLAGE_SHARED_DIR/b2b-benchmark`` or ``../shared/...``."""
    candidates = []
    if os.environ.get("MAILLAGE_SHARED_DIR"):
        base = Path(os.environ["MAILLAGE_SHARED_DIR"])
        candidates += [base / "b2b-benchmark", base]
    candidates.append(REPO.parent / "shared" / "b2b-benchmark")
    for path in candidates:
        if (path / "instances").is_dir():
            return path
    return None


@pytest.fixture
def b2b_dir() -> Path:
    path = shared_b2b_dir()
    if path is None:
        pytest.skip("published B2B instances not available (../shared/b2b-benchmark)")
    return path


@pytest.fixture
def small_problem() -> Problem:
    """Four participants, five meetings, two sessions of two slots, two tables."""
    people = tuple(Participant(id=i) for i in range(1, 5))
    meetings = (
        Meeting(id=1, a=1, b=2),
        Meeting(id=2, a=1, b=3),
        Meeting(id=3, a=1, b=4),
        Meeting(id=4, a=2, b=3, session=2),
        Meeting(id=5, a=3, b=4),
    )
    return Problem(
        n_slots=4,
        n_tables=2,
        participants=people,
        meetings=meetings,
        sessions=((1, 2), (3, 4)),
        all_mandatory=True,
        fairness=2,
    )
