"""Advice after an assessment: for the company's two weakest dimensions, the labelled providers
and initiatives of the catalogue that address them, ranked by the matching engine, with reasons.

The company's profile states as needs the practices it does not have yet in those dimensions
(the questionnaire items it left unticked or graded low); each candidate's profile states its
offers, its summary and the sectors it serves. The engine ranks by text, taxonomy and the
offer/need direction; we add the reasons the engine cannot know: the dimension addressed with
the company's score, the label with its body and expiry, and the companies of the company's
sector the provider has worked with (shared projects in the directory).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.catalogue.models import Entry, LabelApplication
from maillage.catalogue.queries import current_labels
from maillage.ecosystem.models import Domain, Organisation, ProjectPartner
from maillage.ecosystem.sectors import sector_codes_by_organisation
from maillage.matching.engine import HashingEmbedder, Matcher, Profile
from maillage.matching.reasons import render_reason
from maillage.maturity.dma import Questionnaire, load_questionnaire, localise
from maillage.maturity.models import Assessment

#: Suggestions shown.
TOP = 8
#: Candidates ranked at most (those serving the company's sector first): the ranking runs in the
#: request, about a millisecond per candidate with the hashing embedder.
MAX_CANDIDATES = 300
#: A 0-5 row at or below this counts as a need.
LOW_GRADE = 2
CACHE_SECONDS = 600


@dataclass(frozen=True)
class Advice:
    entry: Entry
    score: float
    reasons: tuple[str, ...]


def _needs(
    questionnaire: Questionnaire, answers: dict[str, object], dimensions: list[str]
) -> list[str]:
    """What the company does not do yet in ``dimensions`` (English item texts)."""
    needs = []
    for dimension in dimensions:
        for question in questionnaire.questions_of(dimension):
            answer = answers.get(question.id)
            for item in question.items:
                if item.negative:
                    continue
                if question.type == "checkbox":
                    missing = not isinstance(answer, list) or item.id not in answer
                elif question.type == "dual_checkbox":
                    missing = not isinstance(answer, dict) or "already" not in answer.get(
                        item.id, []
                    )
                else:
                    value = answer.get(item.id) if isinstance(answer, dict) else None
                    top = max(questionnaire.scale_values(question.type))
                    missing = value is None or float(value) <= LOW_GRADE * top / 5
                if missing:
                    needs.append(item.text["en"])
    return needs


def _worked_with(organisation_ids: list[int], sector: str) -> dict[int, int]:
    """Per organisation: companies of ``sector`` it shares a project with. Two queries."""
    if not sector:
        return {}
    pairs = ProjectPartner.objects.filter(
        project__partners__organisation_id__in=organisation_ids, organisation__isnull=False
    ).values_list("project__partners__organisation_id", "organisation_id")
    partners: dict[int, set[int]] = {}
    for provider, partner in pairs:
        if provider != partner:
            partners.setdefault(provider, set()).add(partner)
    sectors = sector_codes_by_organisation({p for group in partners.values() for p in group})
    return {
        provider: sum(1 for p in group if sectors.get(p) == sector)
        for provider, group in partners.items()
    }


def _candidates(dimensions: list[str], sector: str) -> list[Entry]:
    labelled = LabelApplication.objects.current().values("entry_id")
    entries = [
        entry
        for entry in Entry.objects.filter(published=True, pk__in=labelled)
        .select_related("organisation")
        .prefetch_related(current_labels())
        .order_by("name")
        if set(entry.dimensions) & set(dimensions)
    ]
    entries.sort(key=lambda entry: bool(entry.sectors) and sector not in entry.sectors)
    return entries[:MAX_CANDIDATES]


def advice_for(assessment: Assessment) -> list[Advice]:
    """The ranked advice for a completed assessment (empty for imported results without
    answers or when nothing addresses the weakest dimensions)."""
    if assessment.score is None:
        return []
    key = f"maturity:advice:{assessment.pk}:{assessment.score_id}:{get_language()}"
    cached = cache.get(key)
    if isinstance(cached, list):
        ids = [pk for pk, _s, _r in cached]
        by_id = {
            e.pk: e for e in Entry.objects.filter(pk__in=ids).prefetch_related(current_labels())
        }
        return [Advice(by_id[pk], s, tuple(r)) for pk, s, r in cached if pk in by_id]
    result = _compute(assessment)
    cache.set(key, [(a.entry.pk, a.score, list(a.reasons)) for a in result], CACHE_SECONDS)
    return result


def _compute(assessment: Assessment) -> list[Advice]:
    assert assessment.score is not None
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    scores = assessment.score.dimensions
    order = list(scores)
    weakest = sorted(order, key=lambda d: (scores[d], order.index(d)))[:2]
    organisation: Organisation = assessment.organisation
    sector = sector_codes_by_organisation([organisation.pk]).get(organisation.pk, "")
    candidates = _candidates(weakest, sector)
    if not candidates:
        return []
    english = {d.code: d.label_en for d in Domain.objects.filter(parent__isnull=True)}
    own_domains = [d.label_en for d in organisation.domains.all()]
    query = Profile(
        id="company",
        name=organisation.display_name,
        kind="company",
        description=" ".join(str(t) for t in organisation.descriptions.values() if t),
        needs=tuple(_needs(questionnaire, assessment.answers, weakest)[:12])
        or tuple(questionnaire.dimension(d).label["en"] for d in weakest),
        domains=tuple([*own_domains, english.get(sector, "")] if sector else own_domains),
    )
    profiles = [query] + [
        Profile(
            id=str(entry.pk),
            name=entry.name,
            kind="company",
            description=str(entry.summary.get("en") or entry.summary_text()),
            offers=tuple(entry.offers),
            domains=tuple(english.get(code, code) for code in entry.sectors),
        )
        for entry in candidates
    ]
    matcher = Matcher(profiles, embedder=HashingEmbedder())
    ranked = matcher.suggest("company", top=TOP)
    by_id = {str(entry.pk): entry for entry in candidates}
    worked = _worked_with(
        [e.organisation_id for e in candidates if e.organisation_id is not None], sector
    )
    language = get_language()
    result = []
    for match in ranked:
        entry = by_id[match.id]
        reasons = []
        for rank, dimension in enumerate(weakest):
            if dimension in entry.dimensions:
                label = localise(questionnaire.dimension(dimension).label, language)
                template = (
                    _("Addresses %(dimension)s, your weakest dimension at %(score).0f/100")
                    if rank == 0
                    else _(
                        "Addresses %(dimension)s, your second weakest dimension at %(score).0f/100"
                    )
                )
                reasons.append(template % {"dimension": label, "score": scores[dimension]})
        for grant in entry.current_labels:  # type: ignore[attr-defined]
            body = grant.label.body.display_name if grant.label.body else grant.label.name
            reasons.append(
                _("Labelled %(label)s by %(body)s, valid until %(date)s")
                % {
                    "label": grant.label.name,
                    "body": body,
                    "date": formats.date_format(grant.valid_until, "DATE_FORMAT"),
                }
                if grant.valid_until
                else _("Labelled %(label)s") % {"label": grant.label.name}
            )
        count = worked.get(entry.organisation_id or 0, 0)
        if count:
            reasons.append(
                _("Worked with %(n)d companies of your sector") % {"n": count}
                if count > 1
                else _("Worked with a company of your sector")
            )
        reasons.extend(
            text
            for text in (render_reason(r.code, r.params) for r in match.explanations[:2])
            if text
        )
        result.append(Advice(entry=entry, score=match.score, reasons=tuple(reasons)))
    return result
