"""Simulated follow-up answers, for the demo and the response benchmark. Django-free.

Given an event's meetings, who answers each wave (the caller decides: the demo draws it from
response rates, the benchmark from a model with and without reminders), and the assumptions
below (docs/impact.md, "Demo"), ``FollowUpSimulator`` draws the ratings and the outcomes a
participant would give. Every drawn answer passes the checks the services apply (an agreement
has a kind, amounts are positive and under EUR 1 billion, dates lie between the meeting and the
wave).
"""

import datetime as dt
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

#: Amount bands (``models.answers.AmountBand``), by their upper limit in EUR.
BANDS = ((10_000, "lt10k"), (50_000, "10k-50k"), (250_000, "50k-250k"), (1_000_000, "250k-1m"))
TOP_BAND = "gt1m"
STATES = ("no_contact", "negotiation", "agreement")


@dataclass(frozen=True)
class Assumptions:
    """What the simulation draws from (stated in docs/impact.md, "Demo")."""

    #: Share of a sector participant's meeting requests, three each, that are accepted.
    accepted: float = 0.8
    #: Share of those invited who answer, reminders included: the rating, then each wave.
    response: tuple[tuple[int, float], ...] = ((0, 0.62), (3, 0.48), (6, 0.42), (12, 0.38))
    took_place: float = 0.93
    #: Interest in a held meeting: none, knowledge gained, cooperation possible.
    interest: tuple[tuple[str, float], ...] = (
        ("none", 0.30),
        ("knowledge", 0.42),
        ("cooperation", 0.28),
    )
    #: A pair's state after each wave, from the state before it (meetings rated "cooperation
    #: possible"): no further contact, negotiation, agreement.
    moves: tuple[tuple[str, tuple[float, float, float]], ...] = (
        ("start", (0.35, 0.47, 0.18)),
        ("no_contact", (0.92, 0.06, 0.02)),
        ("negotiation", (0.22, 0.46, 0.32)),
        ("agreement", (0.0, 0.0, 1.0)),
    )
    #: A side reports the pair's true state with this probability, the neighbouring one else.
    faithful: float = 0.88
    kinds: tuple[tuple[str, float], ...] = (
        ("supply", 0.30),
        ("subcontracting", 0.18),
        ("distribution", 0.08),
        ("joint_venture", 0.02),
        ("licence", 0.06),
        ("joint_development", 0.16),
        ("proposal", 0.12),
        ("funded", 0.08),
    )
    #: Amounts: lognormal around a median (EUR) by kind, sigma 1.1; given by 55 % of agreement
    #: reports, a third of them as a band.
    median_amount: tuple[tuple[str, float], ...] = (
        ("supply", 12_000),
        ("subcontracting", 18_000),
        ("distribution", 25_000),
        ("joint_venture", 120_000),
        ("licence", 20_000),
        ("joint_development", 35_000),
        ("proposal", 0.0),
        ("funded", 90_000),
    )
    sigma: float = 1.1
    gives_amount: float = 0.55
    as_band: float = 0.33
    publishable: float = 0.4
    #: Share of a wave's respondents who also report a new partner met at the event.
    new_partner: float = 0.04


ASSUMPTIONS = Assumptions()


def pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def band_of(value: float) -> str:
    return next((band for limit, band in BANDS if value < limit), TOP_BAND)


@dataclass(frozen=True)
class SimMeeting:
    request_id: int
    registrations: tuple[int, int]
    organisations: tuple[int, int]


@dataclass(frozen=True)
class SimRating:
    registration: int
    request_id: int
    took_place: bool
    interest: str


@dataclass(frozen=True)
class SimOutcome:
    registration: int
    partner: int
    #: None for a new partner met outside the B2B meetings.
    request_id: int | None
    status: str
    kind: str = ""
    amount: Decimal | None = None
    band: str = ""
    agreed_on: dt.date | None = None
    publishable: bool = False


@dataclass
class _Pair:
    """The truth of one meeting rated "cooperation possible" by a side."""

    request_id: int
    state: str = "start"
    kind: str = ""
    agreed_on: dt.date | None = None
    #: Each side's amount, drawn once: (exact, band), or (None, "") when kept private.
    amounts: dict[int, tuple[Decimal | None, str]] = field(default_factory=dict)


class FollowUpSimulator:
    """The answers of one edition, wave after wave (call ``rate`` first, then ``follow_up`` for
    each wave in order)."""

    def __init__(
        self,
        meetings: Iterable[SimMeeting],
        *,
        held_on: dt.date,
        rng: random.Random,
        assumptions: Assumptions = ASSUMPTIONS,
    ) -> None:
        self.meetings = list(meetings)
        self.held_on, self.rng, self.a = held_on, rng, assumptions
        #: registration -> [(request, partner organisation)]
        self.of: dict[int, list[tuple[int, int]]] = {}
        self.organisation_of: dict[int, int] = {}
        for m in self.meetings:
            for side in (0, 1):
                self.of.setdefault(m.registrations[side], []).append(
                    (m.request_id, m.organisations[1 - side])
                )
                self.organisation_of[m.registrations[side]] = m.organisations[side]
        self.held = {m.request_id: rng.random() < assumptions.took_place for m in self.meetings}
        #: (registration, request) rated "cooperation possible".
        self.cooperation: set[tuple[int, int]] = set()
        self.pairs: dict[int, _Pair] = {}

    @property
    def registrations(self) -> list[int]:
        return sorted(self.of)

    def rate(self, respondents: Iterable[int]) -> list[SimRating]:
        ratings = []
        for registration in sorted(respondents):
            for request_id, _partner in self.of.get(registration, []):
                held = self.held[request_id]
                interest = pick(self.rng, self.a.interest) if held else ""
                if interest == "cooperation":
                    self.cooperation.add((registration, request_id))
                ratings.append(SimRating(registration, request_id, held, interest))
        return ratings

    def follow_up(
        self, respondents: Iterable[int], *, opens_on: dt.date, today: dt.date
    ) -> tuple[list[SimOutcome], set[int]]:
        """One wave: the pairs move on, respondents report; returns the outcomes and the
        respondents with nothing to report."""
        for request_id in sorted({request for _reg, request in self.cooperation}):
            self._advance(self.pairs.setdefault(request_id, _Pair(request_id)), opens_on, today)
        outcomes: list[SimOutcome] = []
        quiet: set[int] = set()
        for registration in sorted(respondents):
            own = [
                (request_id, partner)
                for request_id, partner in self.of.get(registration, [])
                if (registration, request_id) in self.cooperation
            ]
            for request_id, partner in own:
                outcomes.append(self._report(registration, self.pairs[request_id], partner))
            if self.rng.random() < self.a.new_partner:
                outcomes += self._new_partner(registration, opens_on, today)
            if not own:
                quiet.add(registration)
        return outcomes, quiet

    def _advance(self, pair: _Pair, opens_on: dt.date, today: dt.date) -> None:
        before = pair.state
        pair.state = self.rng.choices(STATES, weights=dict(self.a.moves)[before])[0]
        if pair.state == "agreement" and before != "agreement":
            pair.kind = pick(self.rng, self.a.kinds)
            earliest = self.held_on + dt.timedelta(days=14)
            latest = min(opens_on, today)
            span = max(0, (latest - earliest).days)
            pair.agreed_on = min(latest, earliest + dt.timedelta(days=self.rng.randint(0, span)))

    def _amount(self, pair: _Pair, registration: int) -> tuple[Decimal | None, str]:
        if registration not in pair.amounts:
            middle = dict(self.a.median_amount)[pair.kind]
            amount: tuple[Decimal | None, str] = (None, "")
            if middle and self.rng.random() < self.a.gives_amount:
                value = min(1e9, middle * math.exp(self.rng.gauss(0, self.a.sigma)))
                if self.rng.random() < self.a.as_band:
                    amount = (None, band_of(value))
                else:
                    amount = (Decimal(max(100, round(value, -2))), "")
            pair.amounts[registration] = amount
        return pair.amounts[registration]

    def _report(self, registration: int, pair: _Pair, partner: int) -> SimOutcome:
        status = pair.state
        if self.rng.random() > self.a.faithful:
            status = STATES[max(0, STATES.index(status) - 1)]
        if status != "agreement":
            return SimOutcome(registration, partner, pair.request_id or None, status)
        amount, band = self._amount(pair, registration)
        return SimOutcome(
            registration,
            partner,
            pair.request_id or None,
            status,
            kind=pair.kind,
            amount=amount,
            band=band,
            agreed_on=pair.agreed_on,
            publishable=self.rng.random() < self.a.publishable,
        )

    def _new_partner(
        self, registration: int, opens_on: dt.date, today: dt.date
    ) -> list[SimOutcome]:
        """A partner met at the event outside the B2B meetings (another participant)."""
        met = {partner for _request, partner in self.of.get(registration, [])}
        own = self.organisation_of.get(registration)
        others = sorted(set(self.organisation_of.values()) - met - {own})
        if not others:
            return []
        pair = _Pair(0, state=self.rng.choice(("negotiation", "agreement")))
        if pair.state == "agreement":
            pair.kind = pick(self.rng, self.a.kinds)
            pair.agreed_on = min(opens_on, today)
        return [self._report(registration, pair, self.rng.choice(others))]
