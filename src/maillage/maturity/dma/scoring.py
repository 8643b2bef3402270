"""Checked answers + a rule set -> six dimension scores (0-100), the overall score, the band.

Each question yields points and a maximum; its share is points / maximum (0 when the maximum is
0, e.g. every row of a scale left blank under ``exclude``). A dimension is the mean of its
questions' shares (or its pooled points over pooled maximum), times 100; the overall score is the
mean of the six dimensions (the one rule the Commission's documents confirm). Scores are not
rounded here: pages round for display, the command writes them whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .answers import Answers, Options, QuestionAnswer, Ticks, check_complete
from .questionnaire import Question, Questionnaire
from .rules import RuleSet


@dataclass(frozen=True)
class Score:
    rules: str
    #: Dimension id -> 0-100, in questionnaire order.
    dimensions: Mapping[str, float]
    overall: float
    band: str | None

    def as_dict(self) -> dict[str, object]:
        """The ``dma_score`` output shape."""
        return {
            "rules": self.rules,
            "dimensions": dict(self.dimensions),
            "overall": self.overall,
            "band": self.band,
        }

    def weakest(self, count: int = 2) -> list[str]:
        """The ``count`` lowest dimensions, lowest first (ties in questionnaire order)."""
        order = list(self.dimensions)
        return sorted(order, key=lambda d: (self.dimensions[d], order.index(d)))[:count]


def question_points(
    questionnaire: Questionnaire, question: Question, answer: QuestionAnswer, rules: RuleSet
) -> tuple[float, float]:
    """(points, maximum) of one checked answer under ``rules``."""
    if isinstance(answer, Ticks):
        weights = rules.dual_weights
        per_row = max(weights.values()) if rules.dual_row == "max" else sum(weights.values())
        points = 0.0
        for ticked in answer.rows.values():
            values = [weights[column] for column in ticked]
            if values:
                points += max(values) if rules.dual_row == "max" else sum(values)
        return points, per_row * len(question.items)
    if isinstance(answer, Options):
        counted = [
            item.id
            for item in question.items
            if not (item.negative and rules.negative_options == "ignore")
        ]
        return float(sum(1 for item in counted if item in answer.ticked)), float(len(counted))
    top = max(questionnaire.scale_values(question.type))
    answered = list(answer.values.values())
    rows = len(answered) if rules.blank[question.type] == "exclude" else len(question.items)
    return sum(answered), top * rows


def score_answers(questionnaire: Questionnaire, answers: Answers, rules: RuleSet) -> Score:
    """Score a complete, checked answer set (``answers.parse_answers``) under ``rules``.

    Raises ``AnswerError`` when a question is missing (the dimension named when all are).
    """
    check_complete(questionnaire, answers.keys())
    dimensions: dict[str, float] = {}
    for dimension in questionnaire.dimensions:
        points = [
            question_points(questionnaire, question, answers[question.id], rules)
            for question in questionnaire.questions_of(dimension.id)
        ]
        if dimension.id in rules.pooled:
            total = sum(maximum for _points, maximum in points)
            share = sum(p for p, _m in points) / total if total else 0.0
        else:
            share = sum(p / m if m else 0.0 for p, m in points) / len(points)
        dimensions[dimension.id] = 100.0 * share
    overall = sum(dimensions.values()) / len(dimensions)
    band = rules.band_for(overall)
    return Score(
        rules=rules.version,
        dimensions=dimensions,
        overall=overall,
        band=band.name if band else None,
    )
