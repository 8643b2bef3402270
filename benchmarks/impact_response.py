"""How many answer, and how wide the KPI intervals get, with and without reminders.

A simulated edition of 1,000 participants (500 ICT providers, 500 manufacturers meeting three
providers each: 1,500 meetings) answers the rating and the 3, 6 and 12-month waves with the
demo's assumptions (``impact.simulation``). Who answers follows a stated response model:

- first e-mail: 33 % answer the rating, 26 %, 22 % and 20 % the 3, 6 and 12-month waves;
- first reminder (day 7): 20 % of those who have not answered yet; second (day 18): 12 %;
- answering is independent of what one would answer (missing at random; the intervals assume
  it, and so does this simulation).

Each replication draws the truth (what everyone would answer) and, for each scenario, who
answers; the report is built by the platform's own code (``impact.report.build_report``: facts,
disclosure control, intervals), once from the respondents and once as if everyone had answered,
to check that the intervals cover the value of the whole population. Reported per scenario: the
response rates, the mean half-width of the 95 % intervals, how often they cover, and the mean
error of the figure against the whole population's (in points, or in % for amounts).

    python benchmarks/impact_response.py                 # 40 replications (about 3 minutes)
    python benchmarks/impact_response.py --replications 200
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PARTICIPANTS = 1000
HELD_ON = dt.date(2024, 3, 18)
TODAY = dt.date(2025, 6, 1)
#: Months of each wave (0: the rating) and the share answering the first e-mail.
FIRST_ANSWER = ((0, 0.33), (3, 0.26), (6, 0.22), (12, 0.20))
#: Share of those who have not answered yet who answer after each reminder.
REMINDERS = (0.20, 0.12)
FIGURES = (
    "cooperation_possible_share",
    "meetings_held_share",
    "agreement_share",
    "amount_sum_eur",
    "amount_median_eur",
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=40)
    parser.add_argument("--participants", type=int, default=PARTICIPANTS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.replications < 1 or args.participants < 20 or args.participants % 2:
        parser.error("--replications >= 1; --participants an even number >= 20")
    return args


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    os.environ.setdefault("MAILLAGE_DEBUG", "true")
    sys.path.insert(0, str(ROOT / "src"))
    import django  # noqa: PLC0415 - no database is used: the report is built from plain facts

    django.setup()


def respondents(people: list[int], first: float, reminders: bool, rng: random.Random) -> set[int]:
    answered = {p for p in people if rng.random() < first}
    for share in REMINDERS if reminders else ():
        answered |= {p for p in people if p not in answered and rng.random() < share}
    return answered


def facts_of(truth: dict[str, Any], answering: dict[int, set[int]], n: int) -> Any:
    """The facts a report would read if ``answering[months]`` had answered each wave."""
    from maillage.ecosystem.models import Organisation  # noqa: PLC0415
    from maillage.impact import facts  # noqa: PLC0415
    from maillage.impact.maturity import MaturityChange  # noqa: PLC0415

    rated = answering[0]
    # A wave asks about the meetings its respondent rated "cooperation possible": without a
    # rating, only a new partner can be reported.
    rated_requests = {
        (r.registration, r.request_id) for r in truth["ratings"] if r.registration in rated
    }
    outcomes = [
        facts.OutcomeFact(
            1,
            months,
            o.registration,
            o.partner,
            o.status,
            o.kind,
            None if o.amount is None and not o.band else float(o.amount or truth["band"][o.band]),
            o.agreed_on,
            dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        )
        for months, drawn in truth["outcomes"].items()
        for o in drawn
        if o.registration in answering[months]
        and (o.request_id is None or (o.registration, o.request_id) in rated_requests)
    ]
    reporting = {
        (months, o.registration) for months, drawn in truth["outcomes"].items() for o in drawn
    }
    return facts.Facts(
        organiser=Organisation(pk=10_000, slug="simulation", name="Simulation"),
        start=HELD_ON,
        end=HELD_ON,
        events={1: facts.EventFact(1, "Simulated edition", HELD_ON, ())},
        meetings=[facts.MeetingFact(m.request_id, 1, m.organisations) for m in truth["meetings"]],
        invitations=[
            facts.InvitationFact(
                1,
                months == 0,
                person,
                person in answering[months]
                and (
                    months == 0 or (months, person) in reporting or person in truth["quiet"][months]
                ),
            )
            for months in answering
            for person in range(n)
        ],
        ratings=[
            facts.RatingFact(1, r.request_id, r.registration, r.took_place, r.interest)
            for r in truth["ratings"]
            if r.registration in rated
        ],
        outcomes=outcomes,
        sector_of={p: "ICT" if p % 2 else "Industry" for p in range(n)},
        sector_code_of={p: "ict" if p % 2 else "industry" for p in range(n)},
        clusters_of={p: frozenset({p % 2}) for p in range(n)},
        first_met={frozenset(m.organisations): HELD_ON for m in truth["meetings"]},
        participants=[facts.ParticipantFact(p, "sme", "WLG", True, False) for p in range(n)],
        network_names={},
        synthetic=True,
        # The simulated body supported no maturity assessment: its row is suppressed.
        maturity=MaturityChange(value=None, respondents=0, asked=0),
    )


def draw_truth(n: int, rng: random.Random) -> dict[str, Any]:
    from maillage.impact.models.answers import BAND_VALUES  # noqa: PLC0415
    from maillage.impact.simulation import FollowUpSimulator, SimMeeting  # noqa: PLC0415

    providers, makers = list(range(1, n, 2)), list(range(0, n, 2))
    meetings = []
    for maker in makers:
        for provider in rng.sample(providers, k=3):
            meetings.append(SimMeeting(len(meetings) + 1, (maker, provider), (maker, provider)))
    simulator = FollowUpSimulator(meetings, held_on=HELD_ON, rng=rng)
    everyone = list(range(n))
    ratings = simulator.rate(everyone)
    outcomes, quiet = {}, {}
    for months, _first in FIRST_ANSWER[1:]:
        opens = HELD_ON + dt.timedelta(days=30 * months)
        outcomes[months], quiet[months] = simulator.follow_up(everyone, opens_on=opens, today=TODAY)
    return {
        "meetings": meetings,
        "ratings": ratings,
        "outcomes": outcomes,
        "quiet": quiet,
        "band": {band: float(value) for band, value in BAND_VALUES.items()},
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from maillage.impact.report import build_report  # noqa: PLC0415
    from maillage.impact.statistics.disclosure import Policy  # noqa: PLC0415

    policy = Policy()
    n = args.participants
    results: dict[bool, dict[str, list[float]]] = {True: {}, False: {}}
    for replication in range(args.replications):
        rng = random.Random(args.seed * 100_003 + replication)
        truth = draw_truth(n, rng)
        everyone = {months: set(range(n)) for months, _first in FIRST_ANSWER}
        population = {
            f.code: f for f in build_report(facts_of(truth, everyone, n), policy).headline
        }
        for reminders in (True, False):
            answering = {
                months: respondents(list(range(n)), first, reminders, rng)
                for months, first in FIRST_ANSWER
            }
            sample = {
                f.code: f for f in build_report(facts_of(truth, answering, n), policy).headline
            }
            out = results[reminders]
            for months, _first in FIRST_ANSWER:
                out.setdefault(f"response {months}", []).append(len(answering[months]) / n)
            for code in FIGURES:
                figure, whole = sample[code], population[code]
                if figure.interval is None or figure.value is None or not whole.value:
                    out.setdefault(f"{code} shown", []).append(0.0)
                    continue
                out.setdefault(f"{code} shown", []).append(1.0)
                half = (figure.interval[1] - figure.interval[0]) / 2
                relative = code.startswith("amount")
                out.setdefault(f"{code} half-width", []).append(
                    half / whole.value if relative else half
                )
                covered = figure.interval[0] <= whole.value <= figure.interval[1]
                out.setdefault(f"{code} covers", []).append(float(covered))
                # Coverage below 95 % with a small half-width is a bias, not noise: say its size.
                error = figure.value - whole.value
                out.setdefault(f"{code} error", []).append(
                    error / whole.value if relative else error
                )
    print(f"{n} participants, {args.replications} replications (seed {args.seed})")
    print(f"{'measure':<48} {'reminders':>10} {'none':>10}")
    for key in results[True]:
        with_r, without = (statistics.mean(results[r][key]) for r in (True, False))
        unit = (
            "%"
            if "response" in key or "covers" in key or "shown" in key or "amount" in key
            else "pp"
        )
        scale = 100
        print(f"{key:<48} {with_r * scale:>9.1f}{unit[0]} {without * scale:>9.1f}{unit[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
