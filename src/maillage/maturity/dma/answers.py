"""Raw answers, checked against the questionnaire.

The raw shape is the ``dma_score`` contract's, and the one assessments store::

    {"Q1": {"Q1.1": ["already", "plan"], "Q1.2": []},   # dual checkbox: ticked columns per row
     "Q2": ["Q2.1", "Q2.4"],                             # checkbox: ticked option ids
     "Q4": {"Q4.1": 3},                                  # 0-5 scale: an integer per row
     "Q11": {"Q11.1": 0.5}}                              # No/Partially/Yes: 0, 0.5 or 1

A row missing from a dual checkbox ticks nothing; a scale row missing (or ``null``) is blank,
which the rule sets score differently (``rules``). Every problem raises ``AnswerError`` naming
its culprit: the question, the item, or the dimension a whole answer set skips.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .questionnaire import Question, Questionnaire


@dataclass(frozen=True)
class Ticks:
    """A dual checkbox answer: the ticked columns of each row (rows absent tick nothing)."""

    rows: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Options:
    """A checkbox answer: the ticked option ids."""

    ticked: frozenset[str]


@dataclass(frozen=True)
class Grades:
    """A 0-5 or No/Partially/Yes answer: the value of each answered row (blank rows absent)."""

    values: Mapping[str, float]


type QuestionAnswer = Ticks | Options | Grades
type Answers = Mapping[str, QuestionAnswer]


@dataclass
class AnswerError(ValueError):
    """What is wrong with raw answers; ``culprit`` is a question, item or dimension id."""

    code: str
    culprit: str
    message: str

    def __str__(self) -> str:
        return self.message


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _number(value: Any) -> float | None:
    """A JSON number as a float; None for anything else (booleans included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _unknown_item(question: Question, item_id: str) -> AnswerError:
    return AnswerError(
        "unknown_item",
        str(item_id),
        f"{item_id!s} is not an item of {question.id} (items: {', '.join(question.item_ids)})",
    )


def _dual(question: Question, raw: Any) -> Ticks:
    if not isinstance(raw, dict):
        raise AnswerError(
            "malformed",
            question.id,
            f"{question.id} must be an object: row id -> list of ticked columns, got {_kind(raw)}",
        )
    answer: dict[str, frozenset[str]] = {}
    for row_id, columns in raw.items():
        if row_id not in question.item_ids:
            raise _unknown_item(question, row_id)
        if not isinstance(columns, list):
            raise AnswerError(
                "malformed",
                row_id,
                f"{row_id} must be a list of ticked columns "
                f"({', '.join(question.column_ids)}), got {_kind(columns)}",
            )
        for column in columns:
            if column not in question.column_ids:
                raise AnswerError(
                    "out_of_range",
                    row_id,
                    f"{row_id}: {column!r} is not a column of {question.id} "
                    f"(columns: {', '.join(question.column_ids)})",
                )
        if len(set(columns)) != len(columns):
            raise AnswerError("out_of_range", row_id, f"{row_id}: a column is ticked twice")
        answer[row_id] = frozenset(columns)
    return Ticks(answer)


def _checkbox(question: Question, raw: Any) -> Options:
    if not isinstance(raw, list):
        raise AnswerError(
            "malformed",
            question.id,
            f"{question.id} must be a list of ticked option ids, got {_kind(raw)}",
        )
    for option in raw:
        if not isinstance(option, str) or option not in question.item_ids:
            raise _unknown_item(question, option)
    if len(set(raw)) != len(raw):
        raise AnswerError("out_of_range", question.id, f"{question.id}: an option is listed twice")
    return Options(frozenset(raw))


def _scale(question: Question, raw: Any, allowed: tuple[float, ...]) -> Grades:
    shown = ", ".join(f"{value:g}" for value in allowed)
    if not isinstance(raw, dict):
        raise AnswerError(
            "malformed",
            question.id,
            f"{question.id} must be an object: row id -> one of {shown} (or null for blank), "
            f"got {_kind(raw)}",
        )
    answer: dict[str, float] = {}
    for row_id, value in raw.items():
        if row_id not in question.item_ids:
            raise _unknown_item(question, row_id)
        if value is None:
            continue
        number = _number(value)
        if number is None or number not in allowed:
            raise AnswerError(
                "out_of_range",
                row_id,
                f"{row_id}: {value!r} is out of range (one of {shown}, or null for blank)",
            )
        answer[row_id] = number
    return Grades(answer)


def parse_question(questionnaire: Questionnaire, question_id: str, raw: Any) -> QuestionAnswer:
    """One question's raw answer, checked; raises ``AnswerError``."""
    question = questionnaire.questions.get(question_id)
    if question is None:
        raise AnswerError(
            "unknown_question",
            str(question_id),
            f"{question_id!s} is not a question of the questionnaire "
            f"(questions: {', '.join(questionnaire.questions)})",
        )
    if question.type == "dual_checkbox":
        return _dual(question, raw)
    if question.type == "checkbox":
        return _checkbox(question, raw)
    return _scale(question, raw, questionnaire.scale_values(question.type))


def parse_answers(
    questionnaire: Questionnaire, raw: Any, *, complete: bool = True
) -> dict[str, QuestionAnswer]:
    """Check a raw answer set (question id -> raw answer), in questionnaire order.

    Unknown questions and items and out-of-range values are refused first, each naming its
    culprit. With ``complete``, every question must be there: a dimension missing all its
    questions is named as such, a single missing question by its id.
    """
    if not isinstance(raw, dict):
        raise AnswerError(
            "malformed", "answers", f"answers must be an object keyed by question, got {_kind(raw)}"
        )
    for question_id in raw:
        if question_id not in questionnaire.questions:
            parse_question(questionnaire, question_id, None)  # raises, naming it
    parsed = {
        question_id: parse_question(questionnaire, question_id, raw[question_id])
        for question_id in questionnaire.questions
        if question_id in raw
    }
    if complete:
        check_complete(questionnaire, parsed.keys())
    return parsed


def check_complete(questionnaire: Questionnaire, answered: Any) -> None:
    """Raise ``AnswerError`` for the first dimension (or question) without an answer."""
    present = set(answered)
    for dimension in questionnaire.dimensions:
        missing = [q for q in dimension.questions if q not in present]
        if missing and len(missing) == len(dimension.questions):
            raise AnswerError(
                "missing_dimension",
                dimension.id,
                f"dimension {dimension.id} ({dimension.label['en']}) is not answered: "
                f"{', '.join(missing)} missing",
            )
        if missing:
            raise AnswerError(
                "missing_question",
                missing[0],
                f"{missing[0]} is not answered (dimension {dimension.id})",
            )


def to_raw(questionnaire: Questionnaire, answers: Answers) -> dict[str, Any]:
    """The canonical raw form of checked answers (what assessments store): questionnaire order,
    columns in their order, blank scale rows left out, whole numbers as integers."""
    raw: dict[str, Any] = {}
    for question_id, question in questionnaire.questions.items():
        if question_id not in answers:
            continue
        answer = answers[question_id]
        if isinstance(answer, Ticks):
            raw[question_id] = {
                row: [c for c in question.column_ids if c in answer.rows[row]]
                for row in question.item_ids
                if row in answer.rows
            }
        elif isinstance(answer, Options):
            raw[question_id] = [item for item in question.item_ids if item in answer.ticked]
        else:
            raw[question_id] = {
                row: _plain(answer.values[row]) for row in question.item_ids if row in answer.values
            }
    return raw


def _plain(value: float) -> int | float:
    return int(value) if value.is_integer() else value
