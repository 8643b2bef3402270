"""The rule set in force, and scoring stored answers with it (the Django side of ``dma``)."""

from django.conf import settings

from maillage.maturity.dma import RuleSet, Score, load_questionnaire, load_rules, parse_answers
from maillage.maturity.dma import score_answers as score_checked
from maillage.maturity.models import Assessment, AssessmentScore


def current_rules() -> RuleSet:
    """The default rule set of the data files, unless ``MAILLAGE_DMA_RULES`` names another."""
    return load_rules(getattr(settings, "MAILLAGE_DMA_RULES", "") or None)


def score_stored(assessment: Assessment, rules: RuleSet) -> Score:
    """Score an assessment's stored raw answers (``AnswerError`` when they are incomplete)."""
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    return score_checked(questionnaire, parse_answers(questionnaire, assessment.answers), rules)


def score_row(assessment: Assessment, score: Score) -> AssessmentScore:
    values = list(score.dimensions.values())
    return AssessmentScore(
        assessment=assessment,
        rules_version=score.rules,
        d1=values[0],
        d2=values[1],
        d3=values[2],
        d4=values[3],
        d5=values[4],
        d6=values[5],
        overall=score.overall,
        band=score.band or "",
    )
