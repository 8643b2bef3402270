"""Reads of digital maturity with their access checks (views and the API never filter roles).

Individual assessments go through ``permissions``; peer statistics through ``benchmark``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import get_language

from maillage.accounts.models import Affiliation, User
from maillage.accounts.permissions import AnyUser, organisation_ids_with_role
from maillage.ecosystem.models import Organisation
from maillage.maturity import benchmark, permissions
from maillage.maturity.advice import Advice, advice_for
from maillage.maturity.comparisons import describe
from maillage.maturity.dma import Questionnaire, load_questionnaire, load_rules, localise
from maillage.maturity.models import (
    AdvisorFollow,
    Assessment,
    AssessmentScore,
    ResultImportJob,
    active_follow,
)
from maillage.maturity.radar import Radar, radar_chart


def organisation_for_maturity(user: AnyUser, slug: str) -> Organisation:
    """The organisation whose assessments ``user`` may see (403 with the reason otherwise)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    if not permissions.can_view_assessments(user, organisation):
        raise PermissionDenied(permissions.PRIVATE_ASSESSMENTS)
    return organisation


def assessment_for(user: AnyUser, pk: int, *, fill: bool = False) -> Assessment:
    """One assessment ``user`` may see (or, with ``fill``, fill in); 404 when unknown, 403 with
    the reason when private to others."""
    assessment = (
        Assessment.objects.select_related("organisation", "score", "hub", "previous__score")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    allowed = (
        permissions.can_fill_assessment(user, assessment.organisation)
        if fill
        else permissions.can_view_assessments(user, assessment.organisation)
    )
    if not allowed:
        raise PermissionDenied(
            permissions.FILL_REFUSED if fill else permissions.PRIVATE_ASSESSMENTS
        )
    return assessment


@dataclass
class OrganisationMaturity:
    organisation: Organisation
    assessments: list[Assessment]
    draft: Assessment | None
    follows: list[AdvisorFollow]
    can_fill: bool

    @property
    def completed(self) -> list[Assessment]:
        return [a for a in self.assessments if a.completed]


def organisation_maturity(user: AnyUser, organisation: Organisation) -> OrganisationMaturity:
    """The company's assessments (T0, T1...) and the advisors following it. Three queries."""
    assessments = list(
        permissions.assessments_visible_to(user)
        .filter(organisation=organisation)
        .select_related("score", "hub")
        .order_by("sequence")
    )
    follows = list(
        AdvisorFollow.objects.filter(active_follow(), organisation=organisation).select_related(
            "advisor", "hub"
        )
    )
    return OrganisationMaturity(
        organisation=organisation,
        assessments=assessments,
        draft=next((a for a in assessments if not a.completed), None),
        follows=follows,
        can_fill=permissions.can_fill_assessment(user, organisation),
    )


@dataclass
class MaturityHome:
    #: Organisations the user belongs to, then the companies they follow.
    organisations: list[Organisation]
    followed: list[Organisation]
    latest: dict[int, Assessment] = field(default_factory=dict)


def maturity_home(user: AnyUser) -> MaturityHome:
    """The user's own organisations and followed companies, with their latest assessment."""
    visible = permissions.assessments_visible_to(user)
    followed_ids = permissions.followed_organisation_ids(user)
    own_ids = organisation_ids_with_role(user, *Affiliation.Role.values)
    organisations = list(
        Organisation.objects.filter(pk__in=own_ids | followed_ids).order_by("name")
    )
    latest: dict[int, Assessment] = {}
    for assessment in visible.select_related("score").order_by("organisation_id", "-sequence"):
        latest.setdefault(assessment.organisation_id, assessment)
    return MaturityHome(
        organisations=[o for o in organisations if o.pk in own_ids],
        followed=[o for o in organisations if o.pk in followed_ids and o.pk not in own_ids],
        latest=latest,
    )


@dataclass
class DimensionRow:
    id: str
    label: str
    score: float
    previous: float | None
    peer_mean: float | None

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.score - self.previous


@dataclass
class ResultsPage:
    assessment: Assessment
    score: AssessmentScore
    previous: Assessment | None
    rows: list[DimensionRow]
    band_label: str
    rules_title: str
    comparisons: list[benchmark.Comparison]
    radar: Radar
    weakest: list[DimensionRow]
    comparison_sentences: list[str]
    advice: list[Advice]


def _label(questionnaire: Questionnaire, dimension: str) -> str:
    return localise(questionnaire.dimension(dimension).label, get_language())


def results_page(user: AnyUser, pk: int) -> ResultsPage:
    """Everything the results page (and its PDF) shows, for someone who may see it."""
    assessment = assessment_for(user, pk)
    if not assessment.completed or assessment.score is None:
        raise Http404
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    score = assessment.score
    previous = assessment.previous if assessment.previous and assessment.previous.score else None
    comparisons = benchmark.comparisons_for(assessment.organisation)
    headline = next((c for c in comparisons if not c.shown.suppressed), None)
    peer_stats = headline.shown.cell.stats if headline and headline.shown.cell else {}
    rows = [
        DimensionRow(
            id=dimension,
            label=_label(questionnaire, dimension),
            score=value,
            previous=previous.score.dimensions[dimension] if previous and previous.score else None,
            peer_mean=peer_stats.get(dimension, {}).get("mean"),
        )
        for dimension, value in score.dimensions.items()
    ]
    band_label = ""
    rules_title = score.rules_version
    if score.rules_version != AssessmentScore.IMPORTED:
        rules = load_rules(score.rules_version)
        band = next((b for b in rules.bands if b.name == score.band), None)
        band_label = localise(band.label, get_language()) if band else ""
        rules_title = localise(rules.title, get_language())
    order = [row.id for row in rows]
    weakest = sorted(rows, key=lambda row: (row.score, order.index(row.id)))[:2]
    return ResultsPage(
        assessment=assessment,
        score=score,
        previous=previous,
        rows=rows,
        band_label=band_label,
        rules_title=rules_title,
        comparisons=comparisons,
        radar=radar_chart(
            [row.label for row in rows],
            [row.score for row in rows],
            previous=[row.previous or 0.0 for row in rows] if previous else None,
            peers=[row.peer_mean or 0.0 for row in rows] if peer_stats else None,
        ),
        weakest=weakest,
        comparison_sentences=describe(comparisons),
        advice=advice_for(assessment),
    )


def hub_follows(user: AnyUser, hub: Organisation) -> list[AdvisorFollow]:
    """The hub's active follows: all of them for its managers and platform admins, the user's
    own for its advisors (403 for anyone else). Each with ``latest``: the company's latest
    assessment when the user may see it (an advisor's own companies), else None."""
    if not permissions.is_hub_person(user, hub):
        raise PermissionDenied(permissions.HUB_REFUSED)
    follows = AdvisorFollow.objects.filter(active_follow(), hub=hub).select_related(
        "organisation", "advisor"
    )
    if not permissions.can_manage_follows(user, hub):
        follows = follows.filter(advisor_id=getattr(user, "pk", None))
    rows = list(follows.order_by("organisation__name"))
    latest: dict[int, Assessment] = {}
    visible = permissions.assessments_visible_to(user).filter(
        organisation_id__in=[f.organisation_id for f in rows]
    )
    for assessment in visible.select_related("score").order_by("organisation_id", "-sequence"):
        latest.setdefault(assessment.organisation_id, assessment)
    for follow in rows:
        follow.latest = latest.get(follow.organisation_id)  # type: ignore[attr-defined]
    return rows


def result_import_job_for(*, user: User, hub: Organisation, job_id: int) -> ResultImportJob:
    """The import ``job_id`` of ``hub`` started by ``user``: nobody else sees its rows
    (``ResultImportJob.DoesNotExist`` otherwise)."""
    return ResultImportJob.objects.get(pk=job_id, hub=hub, user=user)
