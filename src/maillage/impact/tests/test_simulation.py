"""The simulated answers pass the checks the services apply, and the same seed gives the same
answers."""

import datetime as dt
import random

from maillage.impact.amounts import check_amount
from maillage.impact.simulation import FollowUpSimulator, SimMeeting, SimOutcome

HELD_ON = dt.date(2015, 5, 21)


def _simulate(seed: int) -> list[SimOutcome]:
    meetings = [
        SimMeeting(i, (2 * i, 2 * i + 1), (1000 + i % 40, 2000 + i % 55)) for i in range(400)
    ]
    simulator = FollowUpSimulator(meetings, held_on=HELD_ON, rng=random.Random(seed))
    everyone = simulator.registrations
    simulator.rate(everyone)
    outcomes = []
    for months in (3, 6, 12):
        opens = HELD_ON + dt.timedelta(days=30 * months)
        drawn, _quiet = simulator.follow_up(everyone, opens_on=opens, today=dt.date(2026, 1, 1))
        outcomes += drawn
    return outcomes


def test_simulated_outcomes_are_valid_answers() -> None:
    outcomes = _simulate(1)

    assert {o.status for o in outcomes} == {"no_contact", "negotiation", "agreement"}
    for outcome in outcomes:
        if outcome.status == "agreement":
            assert outcome.kind
            assert outcome.agreed_on is not None
            assert HELD_ON <= outcome.agreed_on <= HELD_ON + dt.timedelta(days=360)
        else:
            assert (outcome.kind, outcome.amount, outcome.band, outcome.agreed_on) == (
                "",
                None,
                "",
                None,
            )
        if outcome.amount is not None:
            assert check_amount(outcome.amount) == outcome.amount
            assert outcome.band == ""


def test_the_same_seed_gives_the_same_answers() -> None:
    assert _simulate(7) == _simulate(7)
    assert _simulate(7) != _simulate(8)
