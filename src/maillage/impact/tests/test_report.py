"""The indicators of a report, computed from answers given through the services."""

import datetime as dt
from typing import Any

import pytest

from maillage.accounts.models import Affiliation
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)
from maillage.impact.facts import load_facts
from maillage.impact.figures import Figure, Report
from maillage.impact.report import build_report, current_policy, kpi_report
from maillage.impact.report_json import report_json
from maillage.impact.services.answers import declare_nothing_to_report, withdraw_rating
from maillage.impact.statistics.intervals import wilson
from maillage.impact.tests.editions import Edition, make_edition, organisations
from maillage.maturity.models import AdvisorFollow
from maillage.maturity.reporting import maturity_progress
from maillage.maturity.tests.conftest import answers_with, complete

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HELD_ON = dt.date(2026, 3, 18)


@pytest.fixture
def body() -> Organisation:
    return NetworkFactory(name="InfoPole Test", slug="infopole-test")


def _pairs(count: int, prefix: str) -> list[tuple[Organisation, Organisation]]:
    left, right = organisations(count, f"{prefix} ICT"), organisations(count, f"{prefix} Maker")
    return list(zip(left, right, strict=True))


def _edition(
    body: Organisation,
    count: int,
    *,
    name: str = "ICT meets Test",
    held_on: dt.date = HELD_ON,
    prefix: str = "E1",
) -> Edition:
    return make_edition(name=name, organisers=[body], held_on=held_on, pairs=_pairs(count, prefix))


def _report(
    body: Organisation, start: dt.date = dt.date(2026, 1, 1), end: dt.date = dt.date(2026, 12, 31)
) -> Report:
    return kpi_report(organiser=body, start=start, end=end)


def _kpi(report: Report, code: str) -> Figure:
    return next(f for f in report.kpis if f.code == code)


def _value(report: Report, code: str) -> float | None:
    return _kpi(report, code).value


def test_every_figure_of_a_small_edition_is_suppressed_never_zero(body: Organisation) -> None:
    edition = _edition(body, 3)
    for index in range(3):
        edition.rate(index)

    report = _report(body)

    held = _kpi(report, "meetings_held")
    assert (held.value, held.suppressed, held.reason, held.n, held.asked) == (
        None,
        True,
        "threshold",
        6,
        6,
    )
    assert all(f.value is None for f in report.headline if f.suppressed)
    assert _kpi(report, "cooperation_possible_share").interval is None


def test_ratings_give_meetings_held_and_the_cooperation_share_with_wilson_intervals(
    body: Organisation,
) -> None:
    edition = _edition(body, 12)
    for index in range(6):
        edition.rate(index, interest="cooperation")
    for index in range(6, 10):
        edition.rate(index, interest="knowledge")

    report = _report(body)

    assert _value(report, "meetings_scheduled") == 12
    assert _value(report, "meetings_held") == 10
    assert _value(report, "meetings_held_share") == 1.0
    share = _kpi(report, "cooperation_possible_share")
    assert (share.value, share.n, share.asked) == (0.6, 20, 24)
    assert share.interval == wilson(12, 20)
    assert [round(bound, 4) for bound in share.interval] == [0.3866, 0.7812]
    assert share.response_rate == pytest.approx(20 / 24)


def test_the_report_is_built_from_the_facts_alone(
    body: Organisation, django_assert_num_queries: Any
) -> None:
    """Every read happens in ``load_facts``: the benchmarks and simulations build reports from
    facts they made themselves, without a database."""
    edition = _edition(body, 12)
    for index in range(6):
        edition.rate(index, interest="cooperation")
    facts = load_facts(organiser=body, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))

    with django_assert_num_queries(0):
        report = build_report(facts, current_policy())

    assert _value(report, "meetings_scheduled") == 12


def _follow_up(edition: Edition) -> None:
    """Six pairs rated "cooperation possible" by both sides, then the 3-month wave."""
    for index in range(6):
        edition.rate(index)
    edition.open(3)
    edition.report(0, 0, amount="10 000")
    edition.report(0, 1, amount="12 000")
    edition.report(1, 0, kind="licence", amount="20 000")
    edition.report(1, 1, status="negotiation", kind="")
    edition.report(2, 0, status="negotiation", kind="")
    edition.report(2, 1, status="negotiation", kind="")
    edition.report(3, 0, status="no_contact", kind="")
    edition.report(3, 1, status="no_contact", kind="")
    edition.report(
        4,
        0,
        kind="joint_development",
        amount_band="10k-50k",
        agreed_on=HELD_ON + dt.timedelta(days=40),
    )
    edition.report(4, 1, kind="joint_development", agreed_on=HELD_ON + dt.timedelta(days=60))
    declare_nothing_to_report(
        invitation=edition.invitation(edition.requests[5].requester.organisation, 3)
    )
    edition.report(5, 1, status="no_contact", kind="")


def test_outcomes_count_each_pair_once_by_kind_with_disagreements(body: Organisation) -> None:
    edition = _edition(body, 12)
    _follow_up(edition)

    report = _report(body)

    agreements = _kpi(report, "agreements")
    assert (agreements.value, agreements.n, agreements.asked) == (3, 12, 24)
    assert _value(report, "agreements_supply") == 1
    assert _value(report, "agreements_licence") == 1
    assert _value(report, "agreements_joint_development") == 1
    assert _value(report, "agreements_funded") == 0
    assert _value(report, "negotiations_started") == 1
    assert _value(report, "reported_disagreements") == 1
    # Five of the eleven answers to the 3-month wave report an agreement (docs/impact.md).
    assert _value(report, "agreement_share") == 5 / 11
    # Four contributors gave amounts: fewer than ten, so the amounts stay hidden.
    assert _kpi(report, "amount_sum_eur").reason == "threshold"
    assert _kpi(report, "amount_median_eur").value is None


def test_the_latest_wave_wins(body: Organisation) -> None:
    edition = _edition(body, 12)
    _follow_up(edition)
    edition.open(6)
    edition.report(2, 0, months=6)  # the negotiation of pair 2 became a supply agreement

    report = _report(body)

    assert _value(report, "agreements") == 4
    assert _value(report, "negotiations_started") == 0
    assert _value(report, "reported_disagreements") == 2
    # The share is over the latest wave's answers only: its one answer reports an agreement.
    share = _kpi(report, "agreement_share")
    assert (share.value, share.interval) == (1.0, wilson(1, 1))


def test_amounts_are_summed_with_a_median_and_the_share_that_gave_one(body: Organisation) -> None:
    edition = _edition(body, 12)
    for index in range(12):
        edition.rate(index, both=False)
    edition.open(3)
    amounts = [1000 * (index + 1) for index in range(11)]
    for index, amount in enumerate(amounts):
        edition.report(index, 0, amount=str(amount))
    edition.report(11, 0)  # an agreement without amount

    report = _report(body)

    total = _kpi(report, "amount_sum_eur")
    assert (total.value, total.n, total.reason, total.interval) == (66_000, 11, None, None)
    # Twelve of the 24 asked answered (one without an amount): 66,000 / 12 x 24.
    estimate = _kpi(report, "amount_total_estimate_eur")
    assert (estimate.value, estimate.n, estimate.asked) == (132_000, 12, 24)
    assert estimate.interval is not None
    assert estimate.interval[0] < 132_000 < estimate.interval[1]
    median = _kpi(report, "amount_median_eur")
    assert median.value == 6000
    assert median.interval == (2000.0, 10000.0)
    assert _value(report, "amount_given_share") == pytest.approx(11 / 12)


def test_one_dominant_contract_hides_the_amounts(body: Organisation) -> None:
    edition = _edition(body, 12)
    for index in range(12):
        edition.rate(index, both=False)
    edition.open(3)
    for index in range(11):
        edition.report(index, 0, amount="1 000")
    edition.report(11, 0, amount="500 000")

    report = _report(body)

    assert _kpi(report, "amount_sum_eur").reason == "dominance"
    assert _kpi(report, "amount_median_eur").value is None


def test_days_to_agreement_come_from_the_earliest_date_given(body: Organisation) -> None:
    edition = _edition(body, 12)
    for index in range(12):
        edition.rate(index, both=False)
    edition.open(3)
    for index in range(12):
        edition.report(index, 0, agreed_on=HELD_ON + dt.timedelta(days=10 * (index + 1)))

    days = _kpi(_report(body), "days_to_agreement_median")

    assert days.value == 65
    assert days.interval == (30.0, 100.0)


def test_a_small_event_beside_a_large_one_hides_both_rows_but_not_the_total(
    body: Organisation,
) -> None:
    large = _edition(body, 12, name="Large edition")
    small = _edition(
        body, 3, name="Small edition", prefix="E2", held_on=HELD_ON + dt.timedelta(days=30)
    )
    for index in range(12):
        large.rate(index)
    for index in range(3):
        small.rate(index)

    report = _report(body)

    rows = {row.label.split(" (")[0]: row.figures[1] for row in report.tables[0].rows}
    assert rows["Large edition"].reason == "secondary"
    assert rows["Small edition"].reason == "threshold"
    assert rows["All events of the period"].value == 15


def test_withdrawn_ratings_no_longer_count(body: Organisation) -> None:
    edition = _edition(body, 12)
    for index in range(12):
        edition.rate(index)
    request = edition.requests[0]
    for registration in (request.requester, request.recipient):
        withdraw_rating(
            invitation=edition.invitation(registration.organisation), request_id=request.pk
        )

    report = _report(body)

    assert _value(report, "meetings_held") == 11
    assert _kpi(report, "meetings_held").n == 22


def test_new_ties_across_clusters_are_first_meetings_of_organisations_sharing_no_cluster(
    body: Organisation,
) -> None:
    pairs = _pairs(12, "T")
    shared = NetworkFactory(name="Shared cluster")
    for organisation in pairs[0]:
        MembershipFactory(organisation=organisation, network=shared)
    make_edition(
        name="Earlier",
        organisers=[body],
        held_on=HELD_ON - dt.timedelta(days=400),
        pairs=pairs[1:2],
    )
    make_edition(name="Now", organisers=[body], held_on=HELD_ON, pairs=pairs)

    ties = _kpi(_report(body), "new_cross_cluster_ties")

    # Pair 0 shares a cluster; pair 1 met at the earlier edition.
    assert (ties.value, ties.n) == (10, 20)


def test_the_period_selects_events_by_the_day_their_meetings_took_place(
    body: Organisation,
) -> None:
    _edition(body, 12)

    assert _report(body, dt.date(2026, 1, 1), dt.date(2026, 3, 17)).events == 0
    assert _report(body, dt.date(2026, 3, 18), dt.date(2026, 3, 18)).events == 1


def test_the_json_keeps_the_contract(body: Organisation) -> None:
    edition = _edition(body, 12)
    for index in range(12):
        edition.rate(index)

    payload = report_json(_report(body))

    assert list(payload)[:5] == ["organiser", "from", "to", "method", "kpis"]
    assert (payload["organiser"], payload["from"], payload["to"]) == (
        "infopole-test",
        "2026-01-01",
        "2026-12-31",
    )
    assert payload["method"] == {"min_respondents": 10, "dominance": {"n": 2, "k": 0.85}}
    for kpi in payload["kpis"]:
        assert set(kpi) == {
            "code",
            "label",
            "value",
            "n",
            "asked",
            "response_rate",
            "interval",
            "suppressed",
        }
        assert (kpi["value"] is None) == kpi["suppressed"], kpi
        assert kpi["interval"] is None or len(kpi["interval"]) == 2
    codes = [kpi["code"] for kpi in payload["kpis"]]
    assert len(codes) == len(set(codes))
    maturity = next(kpi for kpi in payload["kpis"] if kpi["code"] == "hub_maturity_change")
    # No assessment was made with the body's support: suppressed with N = 0, never zero.
    assert (maturity["value"], maturity["n"], maturity["suppressed"]) == (None, 0, True)
    assert payload["synthetic"] is False


def test_hub_indicators_count_the_organisations_served(body: Organisation) -> None:
    _edition(body, 12)

    report = _report(body)
    served = {f.code: f.value for f in report.hub}

    assert served["hub_served_total"] == 24
    assert served["hub_served_category_sme"] == 24
    assert served["hub_served_province_wlg"] == 24
    assert served["hub_support_b2b"] == 24
    assert served["hub_support_brainstorming"] is None  # nobody: 0 < 10, suppressed
    assert served["hub_collaboration_events"] == 0


def test_outcomes_known_today_count_whatever_the_period_s_end(body: Organisation) -> None:
    edition = _edition(body, 12)
    _follow_up(edition)

    report = _report(body, dt.date(2026, 3, 1), dt.date(2026, 3, 31))

    assert _value(report, "agreements") == 3


def test_the_change_in_digital_maturity_comes_from_the_assessments(body: Organisation) -> None:
    """Companies assessed at T0 then T1 with the body's support: the maturity app's mean change,
    once there are enough of them."""
    advisor = UserFactory(email="advisor@example.org")
    AffiliationFactory(user=advisor, organisation=body, role=Affiliation.Role.MEMBER)
    companies = organisations(10, "Assessed")
    for company in companies:
        AdvisorFollow.objects.create(hub=body, advisor=advisor, organisation=company)
        complete(advisor, company)
        complete(advisor, company, answers_with(Q9={"Q9.1": 5}))
    progress = maturity_progress(hub=body)

    maturity = next(f for f in _report(body).hub if f.code == "hub_maturity_change")

    assert progress.overall.mean_change is not None
    assert (maturity.value, maturity.n, maturity.suppressed) == (
        progress.overall.mean_change,
        10,
        False,
    )
