"""The demo's simulated follow-up: marked synthetic, valid answers, a real InfoPôle report."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maillage.accounts.models import User
from maillage.core.demo import (
    DEMO_ORGANISATION_SLUG,
    ensure_demo_accounts,
    load_demo_data,
    load_live_edition,
)
from maillage.ecosystem.models import Organisation
from maillage.impact.demo import FollowUpDemo, load_follow_up_demo
from maillage.impact.models import FollowUpPlan, MeetingRating, Outcome, ReferenceFigure
from maillage.impact.queries import default_period
from maillage.impact.report import kpi_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def load_follow_up() -> FollowUpDemo | None:
    return load_follow_up_demo(
        representative=User.objects.get(email="representative@maillage.example"),
        representative_organisation=Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG),
    )


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_data(population=400)
    ensure_demo_accounts()
    load_live_edition()


def test_the_demo_simulates_every_edition_and_marks_it_synthetic(demo: None) -> None:
    done = load_follow_up()

    assert done is not None
    plans = FollowUpPlan.objects.all()
    assert plans.count() == done.editions == 10
    assert all(plan.synthetic for plan in plans)
    assert MeetingRating.objects.filter(synthetic=False).count() == 0
    assert Outcome.objects.filter(synthetic=False).count() == 0
    assert done.outcomes > 0
    assert "/impact/wave/" in done.representative_link


def test_the_demo_follow_up_loads_once(demo: None) -> None:
    load_follow_up()

    assert load_follow_up() is None


def test_the_simulated_answers_pass_the_model_checks(demo: None) -> None:
    load_follow_up()

    for outcome in Outcome.objects.all()[:300]:
        try:
            outcome.full_clean(validate_unique=False)
        except ValidationError as error:  # pragma: no cover - the assertion says what failed
            pytest.fail(f"{outcome}: {error}")
        if outcome.agreed_on is not None:
            assert outcome.agreed_on >= outcome.invitation.wave.plan.held_on


def test_the_representative_has_a_history_and_an_open_rating(demo: None) -> None:
    load_follow_up()
    representative = User.objects.get(email="representative@maillage.example")
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)

    waves = representative.registrations.filter(organisation=organisation).count()

    assert waves == 2  # the past MecaTech edition and the live one


def test_the_infopole_report_shows_measured_figures_beside_the_estimate(demo: None) -> None:
    load_follow_up()
    infopole = Organisation.objects.get(slug="infopole-cluster-tic")
    start, end = default_period(infopole)

    report = kpi_report(organiser=infopole, start=start, end=end)

    assert report.synthetic is True
    assert report.events == 10
    assert [r.amount for r in report.references] == [210_000.0]
    assert ReferenceFigure.objects.get().organiser == infopole
    by_event = report.tables[0]
    assert any(f.confidential for row in by_event.rows for f in row.figures)
    assert "hub_maturity_change" in {figure.code for figure in report.hub}
