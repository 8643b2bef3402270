"""What a report shows: figures with their evidence, grouped in tables. Django-free.

A figure carries N (the respondents its value is computed from), the population asked, the
response rate, a 95 % interval for rates and amounts, and, when it is not shown, why: the
disclosure rule that suppressed it, or the absence of any data (a share of nothing).
"""

from dataclasses import dataclass, field
from enum import StrEnum

from maillage.impact.statistics.disclosure import Reason
from maillage.impact.statistics.intervals import Interval


class Unit(StrEnum):
    COUNT = "count"
    SHARE = "share"
    EUR = "eur"
    DAYS = "days"
    #: Points of a score out of 100 (the digital maturity).
    POINTS = "points"


#: Why a figure has no value although nothing was suppressed: it divides by zero.
NO_DATA = "no_data"


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    unit: Unit
    value: float | None
    n: int
    asked: int
    interval: Interval | None = None
    #: A ``disclosure.Reason`` value, or ``NO_DATA``; None when the value is shown.
    reason: str | None = None

    @property
    def suppressed(self) -> bool:
        return self.reason is not None

    @property
    def confidential(self) -> bool:
        """Hidden by a disclosure rule (":c" in exports), not merely empty (":")."""
        return self.reason is not None and self.reason != NO_DATA

    @property
    def response_rate(self) -> float:
        return self.n / self.asked if self.asked else 0.0


def shown(
    *,
    code: str,
    label: str,
    unit: Unit,
    value: float | None,
    n: int,
    asked: int,
    interval: Interval | None = None,
    reason: Reason | str | None = None,
) -> Figure:
    """A figure whose value and interval are blanked exactly when it is suppressed or empty."""
    if reason is None and value is None:
        reason = NO_DATA
    if reason is not None:
        return Figure(code, label, unit, None, n, asked, None, str(reason))
    return Figure(code, label, unit, value, n, asked, interval, None)


@dataclass(frozen=True)
class Row:
    label: str
    figures: tuple[Figure, ...]
    #: The table's total row (shown last, in bold).
    total: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""


@dataclass(frozen=True)
class Reference:
    label: str
    amount: float
    source: str


@dataclass
class Report:
    organiser_slug: str
    organiser_name: str
    start: str
    end: str
    min_respondents: int
    dominance_n: int
    dominance_k: float
    headline: list[Figure]
    tables: list[Table]
    hub: list[Figure]
    hub_tables: list[Table]
    references: list[Reference] = field(default_factory=list)
    synthetic: bool = False
    event_ids: tuple[int, ...] = ()

    @property
    def events(self) -> int:
        return len(self.event_ids)

    @property
    def kpis(self) -> list[Figure]:
        """The figures of the JSON contract: the headline, then the hub indicators."""
        return [*self.headline, *self.hub]

    @property
    def suppressed_count(self) -> int:
        figures = [*self.kpis, *(f for t in self.tables for r in t.rows for f in r.figures)]
        return sum(figure.confidential for figure in figures)
