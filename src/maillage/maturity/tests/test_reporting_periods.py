"""Hub reporting over overlapping periods: a T1 counts in the period it was completed in,
paired with the company's T0 whenever that was; N and the means follow the period exactly."""

from datetime import UTC, date, datetime

import pytest

from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import OrganisationFactory
from maillage.maturity.models import AdvisorFollow, Assessment
from maillage.maturity.reporting import maturity_progress
from maillage.maturity.tests.conftest import Hub, answers_with, complete
from maillage.maturity.tests.dma_answers import empty_answers

pytestmark = pytest.mark.django_db


def completed_on(assessment: Assessment, day: date) -> None:
    when = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    Assessment.objects.filter(pk=assessment.pk).update(completed_at=when)


@pytest.fixture
def twelve(cast: Cast, hub: Hub, settings: object) -> None:
    """Twelve followed companies: T0 (all zero) in 2025; T1 (D5 at 20, the rest at 100) in
    January for six, in February for four, in March for two; one T2 in February (no T1)."""
    settings.MAILLAGE_DISCLOSURE_MIN_GROUP = 5  # type: ignore[attr-defined]
    months = [1] * 6 + [2] * 4 + [3] * 2
    for month in months:
        organisation = OrganisationFactory()
        AdvisorFollow.objects.create(hub=hub.hub, advisor=hub.advisor, organisation=organisation)
        completed_on(complete(hub.advisor, organisation, empty_answers()), date(2025, 6, 1))
        t1 = complete(hub.advisor, organisation, answers_with(Q9={"Q9.1": 5}))
        completed_on(t1, date(2026, month, 15))
        if month == 1 and not Assessment.objects.filter(sequence=2).exists():
            t2 = complete(hub.advisor, organisation, empty_answers())
            completed_on(t2, date(2026, 2, 20))


@pytest.mark.parametrize(
    ("start", "end", "assessed", "n", "change"),
    [
        (date(2026, 1, 1), date(2026, 1, 31), 6, 6, 20.0),
        (date(2026, 1, 1), date(2026, 2, 28), 10, 10, 20.0),  # overlaps the first
        (date(2026, 2, 1), date(2026, 3, 31), 7, 6, 20.0),  # and the second; one T2, no T1
        (date(2026, 3, 1), date(2026, 3, 31), 2, 2, None),  # under the threshold: suppressed
        (date(2025, 1, 1), date(2025, 12, 31), 12, 0, None),  # T0s only
    ],
)
def test_each_period_counts_its_own_t1s_with_their_t0s(  # noqa: PLR0917 - parametrised
    hub: Hub, twelve: None, start: date, end: date, assessed: int, n: int, change: float | None
) -> None:
    progress = maturity_progress(hub=hub.hub, start=start, end=end)
    d5 = next(row for row in progress.dimensions if row.dimension == "D5")
    assert (progress.companies_assessed, progress.companies_progressed) == (assessed, n)
    assert (d5.n, d5.mean_change) == (n, change)
    if change is not None:
        assert (d5.mean_t0, d5.mean_t1) == (0.0, 20.0)
        d1 = next(row for row in progress.dimensions if row.dimension == "D1")
        assert (d1.mean_t0, d1.mean_change) == (0.0, 100.0)  # the other answers: all full
