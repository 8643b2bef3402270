"""The one place the impact reports ask the digital maturity assessments for their figure.

The European hub indicators include "the change in digital maturity" of the companies a hub
supported. It comes from the ``maturity`` app (``maturity.reporting.maturity_progress``): the
mean change of the overall score (points out of 100) between the T0 and the T1 assessments
completed with the body's support in the period, over the companies assessed twice. The report
applies its own disclosure threshold to that number of companies, as to any figure; a body that
supported no assessment gets a suppressed row, never zero.
"""

import datetime as dt
from dataclasses import dataclass

from maillage.ecosystem.models import Organisation
from maillage.maturity.reporting import maturity_progress


@dataclass(frozen=True)
class MaturityChange:
    #: Mean change of the overall score, in points out of 100 (None: suppressed by maturity).
    value: float | None
    #: Companies assessed twice, whose change the value averages.
    respondents: int
    #: Companies assessed with the body's support in the period.
    asked: int


def maturity_change(*, organiser: Organisation, start: dt.date, end: dt.date) -> MaturityChange:
    """The change in digital maturity of the companies ``organiser`` supported over the period."""
    progress = maturity_progress(hub=organiser, start=start, end=end)
    return MaturityChange(
        value=progress.overall.mean_change,
        respondents=progress.overall.n,
        asked=max(progress.companies_assessed, progress.overall.n),
    )
