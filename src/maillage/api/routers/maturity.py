"""``/maturity``: peer benchmarks (public aggregates), assessments (private), hub reporting."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from maillage.api.auth import actor
from maillage.api.pagination import paginate
from maillage.api.schemas import Page, PageParams, ProblemOut
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Domain, Organisation
from maillage.ecosystem.places import PROVINCES
from maillage.maturity import benchmark, permissions, queries, services
from maillage.maturity.models import Assessment
from maillage.maturity.reporting import maturity_progress

router = Router(tags=["maturity"])

_ERRORS = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class BenchmarkFilters(Schema):
    sector: str = Field(
        "", description="Sector code: a strategic axis (see /domains, those without parent)."
    )
    size: str = Field("", description="Size band: micro, small, medium or large.")
    province: str = Field("", description="Belgian province code, e.g. WLG.")


class Statistic(Schema):
    mean: float
    sd: float = Field(description="Standard deviation.")


class BenchmarkOut(Schema):
    sector: str
    size: str
    province: str
    suppressed: bool = Field(description="True when the group's figures may not be published.")
    group_size: int = Field(description="Assessed companies in the group now.")
    threshold: int = Field(description="Smallest group whose figures are published.")
    reason: str = Field(
        description='Why suppressed: "too_few_peers" or "could_reveal_a_smaller_group"; "".'
    )
    n: int | None = Field(description="Companies the published figures cover.")
    as_of: str | None = Field(description="When the published figures were computed.")
    rules: str | None = Field(description="Rule version of the scores.")
    dimensions: dict[str, Statistic] | None = Field(description="D1..D6; null when suppressed.")
    overall: Statistic | None


def _checked(filters: BenchmarkFilters) -> benchmark.Key:
    errors: dict[str, list[str]] = {}
    sector, size, province = filters.sector.strip(), filters.size.strip(), filters.province
    province = province.strip().upper()
    if sector and not Domain.objects.filter(code=sector, parent__isnull=True).exists():
        errors["sector"] = [
            _("Unknown sector %(code)s (a strategic axis code).") % {"code": sector}
        ]
    if size and size not in Organisation.SizeBand.values:
        errors["size"] = [
            _("Unknown size %(size)s; one of: %(sizes)s.")
            % {"size": size, "sizes": ", ".join(Organisation.SizeBand.values)}
        ]
    if province and province not in PROVINCES:
        errors["province"] = [_("Unknown province code %(code)s.") % {"code": province}]
    if errors:
        raise ValidationFailed(errors)
    return sector, size, province


@router.get("/benchmark", response={200: BenchmarkOut, 422: ProblemOut}, auth=None)
def get_benchmark(request: HttpRequest, filters: Query[BenchmarkFilters]) -> dict[str, Any]:
    """Peer statistics of a group of assessed companies (every filter optional), as last
    published; or, when the group may not be published (fewer than the threshold, or it would
    let a smaller group be computed from published ones), ``suppressed`` with its size."""
    key = _checked(filters)
    found = benchmark.answer(key)
    cell = found.cell
    stats = cell.stats if cell is not None else {}
    return {
        "sector": key[0],
        "size": key[1],
        "province": key[2],
        "suppressed": found.suppressed,
        "group_size": found.group_size,
        "threshold": found.threshold,
        "reason": found.reason,
        "n": cell.n if cell else None,
        "as_of": cell.release.as_of.isoformat() if cell else None,
        "rules": cell.release.rules_version if cell else None,
        "dimensions": {d: stats[d] for d in benchmark.DIMENSIONS} if cell else None,
        "overall": stats.get("overall") if cell else None,
    }


class ScoreOut(Schema):
    rules: str
    dimensions: dict[str, float]
    overall: float
    band: str


class AssessmentOut(Schema):
    id: int
    organisation: str = Field(description="Slug of the company.")
    time_point: str
    status: Assessment.Status
    source: Assessment.Source
    hub: str | None
    previous: int | None
    assessed_on: date | None
    steps_done: list[str]
    answers: dict[str, Any]
    score: ScoreOut | None

    @staticmethod
    def resolve_organisation(obj: Assessment) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_hub(obj: Assessment) -> str | None:
        return obj.hub.slug if obj.hub else None

    @staticmethod
    def resolve_previous(obj: Assessment) -> int | None:
        return obj.previous_id

    @staticmethod
    def resolve_score(obj: Assessment) -> dict[str, Any] | None:
        if obj.score is None:
            return None
        return {
            "rules": obj.score.rules_version,
            "dimensions": obj.score.dimensions,
            "overall": obj.score.overall,
            "band": obj.score.band,
        }


@router.get("/assessments", response={200: Page[AssessmentOut], **_ERRORS})
def list_assessments(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """The assessments you may see: your organisations', and those of companies you follow."""
    visible = permissions.assessments_visible_to(actor(request)).select_related(
        "organisation", "hub", "score"
    )
    return paginate(visible.order_by("organisation__name", "sequence"), page)


@router.get("/assessments/{assessment_id}", response={200: AssessmentOut, **_ERRORS})
def get_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    """One assessment: its raw answers, and its score once completed."""
    return queries.assessment_for(actor(request), assessment_id)


@router.post(
    "/organisations/{slug}/assessments",
    response={201: AssessmentOut, 200: AssessmentOut, **_ERRORS},
)
def start_assessment(request: HttpRequest, slug: str) -> Status[Assessment]:
    """Start the company's next assessment (201), or get the one in progress (200)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    before = Assessment.objects.filter(organisation=organisation).count()
    assessment = services.start_assessment(actor=actor(request), organisation=organisation)
    created = Assessment.objects.filter(organisation=organisation).count() > before
    return Status(201 if created else 200, assessment)


class DimensionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(
        description='The dimension\'s questions, as in dma_score: {"Q7": [...], "Q8": [...]}.'
    )


@router.put(
    "/assessments/{assessment_id}/dimensions/{dimension}", response={200: AssessmentOut, **_ERRORS}
)
def save_dimension(
    request: HttpRequest, assessment_id: int, dimension: str, payload: DimensionIn
) -> Assessment:
    """Save one dimension's answers (every one of its questions); 422 names the culprit."""
    assessment = queries.assessment_for(actor(request), assessment_id, fill=True)
    services.save_dimension(
        actor=actor(request), assessment=assessment, dimension=dimension, answers=payload.answers
    )
    return queries.assessment_for(actor(request), assessment_id)


@router.post("/assessments/{assessment_id}/complete", response={200: AssessmentOut, **_ERRORS})
def complete_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    """Score and close the assessment (422 naming the dimension still missing)."""
    assessment = queries.assessment_for(actor(request), assessment_id, fill=True)
    services.complete_assessment(actor=actor(request), assessment=assessment)
    return queries.assessment_for(actor(request), assessment_id)


class ProgressRow(Schema):
    dimension: str
    n: int
    mean_t0: float | None
    mean_t1: float | None
    mean_change: float | None
    suppressed: bool


class PeriodParams(Schema):
    start: date | None = Field(None, alias="from", description="First day (YYYY-MM-DD).")
    end: date | None = Field(None, alias="to", description="Last day (YYYY-MM-DD).")


class ProgressOut(Schema):
    hub: str
    start: date | None = Field(description="First day of the period (the `from` parameter).")
    end: date | None = Field(description="Last day of the period (the `to` parameter).")
    threshold: int
    companies_assessed: int
    companies_progressed: int
    dimensions: list[ProgressRow]
    overall: ProgressRow


@router.get("/hubs/{slug}/progress", response={200: ProgressOut, **_ERRORS})
def hub_progress(
    request: HttpRequest,
    slug: str,
    period: Query[PeriodParams],
) -> Any:
    """Companies assessed with the hub's support in the period, and their T0 -> T1 progression
    per dimension with N (means suppressed below the threshold). The hub's people only."""
    hub = Organisation.objects.filter(slug=slug).first()
    if hub is None:
        raise Http404
    if not permissions.is_hub_person(actor(request), hub):
        raise PermissionDenied(permissions.HUB_REFUSED)
    return maturity_progress(hub=hub, start=period.start, end=period.end)
