"""``/impact``: the impact KPIs of a cluster, pole or hub over a period (the same JSON as
``maillage kpi_report --output FILE.json``), for its managers and the platform admins."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError

from maillage.accounts.models import User
from maillage.api.auth import actor
from maillage.api.schemas import ProblemOut
from maillage.impact import queries
from maillage.impact.report import kpi_report
from maillage.impact.report_json import report_json
from maillage.impact.services.reports import check_period

router = Router(tags=["impact"])


class KpiParams(Schema):
    organiser: str = Field(description="Slug of the cluster, pole or hub.")
    start: dt.date | None = Field(
        None, alias="from", description="First day (YYYY-MM-DD); the body's first event."
    )
    end: dt.date | None = Field(None, alias="to", description="Last day (YYYY-MM-DD); today.")


class DominanceOut(Schema):
    n: int
    k: float


class MethodOut(Schema):
    min_respondents: int = Field(description="Figures from fewer organisations are suppressed.")
    dominance: DominanceOut


class KpiOut(Schema):
    code: str
    label: str
    value: float | None = Field(description="Null exactly when suppressed is true.")
    n: int = Field(description="Organisations whose answers the figure uses.")
    asked: int = Field(description="Organisations asked.")
    response_rate: float
    interval: list[float] | None = Field(description="95 % interval, for rates and amounts.")
    suppressed: bool


class KpiReportOut(Schema):
    organiser: str
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    method: MethodOut
    kpis: list[KpiOut]
    synthetic: bool = Field(description="True when simulated (demo) answers are counted.")


@router.get(
    "/kpis",
    response={
        200: KpiReportOut,
        401: ProblemOut,
        403: ProblemOut,
        404: ProblemOut,
        422: ProblemOut,
    },
    by_alias=True,
)
def kpis(request: HttpRequest, params: Query[KpiParams]) -> dict[str, object]:
    """The KPIs of the events a body organised (managers of that body and platform admins).
    Every figure carries N, the population asked, the response rate and a 95 % interval; a
    figure below the disclosure threshold, or dominated by two contributions, or hidden to
    protect another, has ``value: null`` and ``suppressed: true``."""
    user = actor(request)
    if not isinstance(user, User):
        raise AuthenticationError()
    organiser = queries.report_organiser(user, params.organiser)
    start, end = queries.default_period(organiser)
    start, end = params.start or start, params.end or end
    check_period(start, end)
    return report_json(kpi_report(organiser=organiser, start=start, end=end))
