"""Hub reporting: companies assessed, and their T0 -> T1 progression per dimension, with N.

``maturity_progress`` is what the impact report's "change in digital maturity" row calls. Means
are only given over at least ``benchmark.min_peers()`` companies; below that the figure is
suppressed (None) and says so, never zero.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from maillage.ecosystem.models import Organisation
from maillage.maturity.benchmark import DIMENSIONS, min_peers
from maillage.maturity.models import Assessment


@dataclass(frozen=True)
class Progress:
    #: "D1".."D6" or "overall".
    dimension: str
    #: Companies with both a T0 and a T1 score.
    n: int
    mean_t0: float | None
    mean_t1: float | None
    #: Mean of T1 - T0, in points out of 100.
    mean_change: float | None

    @property
    def suppressed(self) -> bool:
        return self.mean_change is None


@dataclass(frozen=True)
class MaturityProgress:
    hub: str
    start: date | None
    end: date | None
    threshold: int
    #: Distinct companies with an assessment completed in the period, under the hub.
    companies_assessed: int
    #: Of which, companies whose T1 was completed in the period (after a completed T0).
    companies_progressed: int
    dimensions: list[Progress]
    overall: Progress


def _bounds(start: date | None, end: date | None) -> Q:
    condition = Q()
    zone = timezone.get_current_timezone()
    if start is not None:
        condition &= Q(completed_at__gte=datetime.combine(start, time.min, zone))
    if end is not None:
        condition &= Q(completed_at__lte=datetime.combine(end, time.max, zone))
    return condition


def maturity_progress(
    *, hub: Organisation, start: date | None = None, end: date | None = None
) -> MaturityProgress:
    """The hub's figures for the period ``start``-``end`` (inclusive; None leaves it open).

    An assessment is the hub's when it was made with the hub's support (``Assessment.hub``).
    Progression pairs each T1 completed in the period with the company's T0. Two queries.
    """
    threshold = min_peers()
    completed = Assessment.objects.filter(
        _bounds(start, end), status=Assessment.Status.COMPLETED, score__isnull=False
    )
    assessed = completed.filter(hub=hub).values("organisation_id").distinct().count()
    pairs = list(
        completed.filter(Q(hub=hub) | Q(previous__hub=hub), sequence=1)
        .filter(previous__status=Assessment.Status.COMPLETED, previous__score__isnull=False)
        .values_list(
            *(f"previous__score__{d.lower()}" for d in DIMENSIONS),
            "previous__score__overall",
            *(f"score__{d.lower()}" for d in DIMENSIONS),
            "score__overall",
        )
    )
    width = len(DIMENSIONS) + 1
    figures = []
    for position, name in enumerate((*DIMENSIONS, "overall")):
        before = [float(row[position]) for row in pairs]
        after = [float(row[position + width]) for row in pairs]
        n = len(pairs)
        shown = n >= threshold
        figures.append(
            Progress(
                dimension=name,
                n=n,
                mean_t0=round(sum(before) / n, 1) if shown else None,
                mean_t1=round(sum(after) / n, 1) if shown else None,
                mean_change=round((sum(after) - sum(before)) / n, 1) if shown else None,
            )
        )
    return MaturityProgress(
        hub=hub.slug,
        start=start,
        end=end,
        threshold=threshold,
        companies_assessed=assessed,
        companies_progressed=len(pairs),
        dimensions=figures[:-1],
        overall=figures[-1],
    )
