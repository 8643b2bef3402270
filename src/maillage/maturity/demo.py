"""Demo data of digital maturity: about 200 synthetic SMEs assessed at T0, a third of them again
at T1 after the hub's support, an advisor of the hub following twenty of them, and a released
peer benchmark. Every answer is generated (flagged ``synthetic``), from a stated model:

- each company has a latent maturity between 0.08 and 0.85: higher for larger companies and for
  the digital sector, plus noise;
- a box is ticked, a business area invested in, with that probability; a 0-5 row is about five
  times it; a No/Partially/Yes row follows it;
- T1, six to ten months later, raises the latent maturity by 0.05 to 0.25.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.sectors import sector_codes_by_organisation
from maillage.maturity import jobs
from maillage.maturity.dma import load_questionnaire, parse_answers, score_answers
from maillage.maturity.dma.questionnaire import CURRENT_VERSION
from maillage.maturity.models import AdvisorFollow, Assessment
from maillage.maturity.scoring import current_rules, score_row

#: The hub of the demo (the Agence du Numérique runs the Walloon digital innovation hub).
DEMO_HUB_SLUG = "agence-du-numerique"
SIZE_EFFECT = {"micro": -0.12, "small": 0.0, "medium": 0.1, "large": 0.15}
DIGITAL_SECTOR = "digital-technologies"


@dataclass(frozen=True)
class MaturityDemo:
    assessed: int
    followups: int
    followed: int


def _answers(rng: random.Random, level: float) -> dict[str, Any]:
    questionnaire = load_questionnaire()
    raw: dict[str, Any] = {}
    for question in questionnaire.questions.values():
        if question.type == "dual_checkbox":
            raw[question.id] = {
                item: [c for c, p in (("already", level), ("plan", 0.45)) if rng.random() < p]
                for item in question.item_ids
            }
        elif question.type == "checkbox":
            raw[question.id] = [
                item.id
                for item in question.items
                if rng.random() < ((1 - level) * 0.3 if item.negative else level)
            ]
        elif question.type == "scale_0_5":
            raw[question.id] = {
                item: max(0, min(5, round(rng.gauss(5 * level, 1.1))))
                for item in question.item_ids
                if rng.random() < 0.95
            }
        else:
            raw[question.id] = {
                item: rng.choice([0, 0.5, 1][: 1 + round(2 * level + rng.random() * 0.6)])
                for item in question.item_ids
            }
    # A company that does not collect data digitally ticks nothing else about its data.
    if "Q7.2" in raw["Q7"]:
        raw["Q7"] = ["Q7.2"]
    return raw


def _assess(
    organisation: Organisation,
    *,
    sequence: int,
    level: float,
    when: Any,
    hub: Organisation,
    previous: Assessment | None,
    rng: random.Random,
    advisor: User | None,
) -> Assessment:
    questionnaire = load_questionnaire()
    raw = _answers(rng, level)
    parsed = parse_answers(questionnaire, raw)
    assessment = Assessment.objects.create(
        organisation=organisation,
        sequence=sequence,
        previous=previous,
        hub=hub,
        questionnaire_version=CURRENT_VERSION,
        status=Assessment.Status.COMPLETED,
        answers=raw,
        steps_done=list(questionnaire.dimension_ids),
        assessed_on=when.date(),
        completed_at=when,
        advisor=advisor,
        synthetic=True,
    )
    score = score_row(assessment, score_answers(questionnaire, parsed, current_rules()))
    score.save()
    assessment.score = score
    assessment.save(update_fields=["score"])
    return assessment


@transaction.atomic
def load_maturity_demo(
    *, count: int = 200, include: tuple[str, ...] = (), seed: int = 20261203
) -> MaturityDemo | None:
    """Assess ``count`` synthetic Walloon SMEs, the organisations ``include`` names first (None
    when the demo's assessments exist or the hub is missing); let the demo advisor follow twenty
    of them; release the benchmark."""
    hub = Organisation.objects.filter(slug=DEMO_HUB_SLUG).first()
    if hub is None or Assessment.objects.filter(synthetic=True).exists():
        return None
    rng = random.Random(seed)
    included = list(Organisation.objects.filter(slug__in=include).order_by("pk"))
    companies = included + list(
        Organisation.objects.filter(
            synthetic=True,
            country="BE",
            kind__in=[Organisation.Kind.SME, Organisation.Kind.STARTUP],
        )
        .exclude(slug__in=include)
        .order_by("pk")[: max(0, count - len(included))]
    )
    sectors = sector_codes_by_organisation(o.pk for o in companies)
    advisor = User.objects.filter(email="advisor@maillage.example").first()
    followed = companies[:20]
    if advisor is not None:
        for organisation in followed:
            AdvisorFollow.objects.get_or_create(hub=hub, advisor=advisor, organisation=organisation)
    now = timezone.now()
    followups = 0
    for organisation in companies:
        level = 0.35 + SIZE_EFFECT.get(organisation.size_band, 0.0)
        level += 0.12 if sectors.get(organisation.pk) == DIGITAL_SECTOR else 0.0
        level = max(0.08, min(0.85, level + rng.gauss(0, 0.12)))
        helper = advisor if organisation in followed else None
        started = now - timedelta(days=rng.randint(200, 500))
        first = _assess(
            organisation,
            sequence=0,
            level=level,
            when=started,
            hub=hub,
            previous=None,
            rng=rng,
            advisor=helper,
        )
        if rng.random() < 0.35 or organisation in included:
            later = started + timedelta(days=rng.randint(180, 300))
            _assess(
                organisation,
                sequence=1,
                level=min(0.95, level + rng.uniform(0.05, 0.25)),
                when=later,
                hub=hub,
                previous=first,
                rng=rng,
                advisor=helper,
            )
            followups += 1
    jobs.refresh_benchmark()
    return MaturityDemo(assessed=len(companies), followups=followups, followed=len(followed))
