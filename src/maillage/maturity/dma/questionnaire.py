"""The questionnaire, read from its versioned data file.

Texts are stored per language (``{"en": ..., "fr": ..., "nl": ...}``); ``localise`` picks one.
Question and item ids are the official ones (Q1-Q11, ``Q4.2``...), so that answers exchange with
the EDIH tool and the ``dma_score`` contract reads them unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The questionnaire new assessments use. A version fixes the questions and items (what stored
#: answers mean); adding or correcting a translation keeps it.
CURRENT_VERSION = "dma-sme-1"

type QuestionType = Literal["dual_checkbox", "checkbox", "scale_0_5", "tri_state"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("dual_checkbox", "checkbox", "scale_0_5", "tri_state")
#: Types answered per row on a scale (the others are ticked boxes).
SCALE_TYPES: frozenset[str] = frozenset({"scale_0_5", "tri_state"})

type Localised = Mapping[str, str]

#: Every text of the data files is given in each interface language (``settings.LANGUAGES``; this
#: package does not import Django, so a test checks the two lists agree).
LANGUAGES: tuple[str, ...] = ("en", "fr", "nl")


def localise(texts: Localised, language: str | None) -> str:
    """The text in ``language`` (``"fr"``, ``"en-gb"``...), else English, else any."""
    code = (language or "en")[:2].lower()
    if texts.get(code):
        return texts[code]
    return texts.get("en") or next(iter(texts.values()), "")


@dataclass(frozen=True, slots=True)
class Item:
    """A row (dual checkbox, scales) or an option (checkbox) of a question."""

    id: str
    text: Localised
    #: An option saying the practice is absent ("Data is not collected digitally").
    negative: bool = False
    #: False when the English wording was restored from an official translation.
    text_verified: bool = True


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    label: Localised


@dataclass(frozen=True, slots=True)
class ScaleStep:
    value: float
    label: Localised


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    dimension: str
    type: QuestionType
    topic: Localised
    text: Localised
    items: tuple[Item, ...]
    #: Only for dual checkboxes: the columns ticked per row.
    columns: tuple[Column, ...] = ()

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(column.id for column in self.columns)


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    label: Localised
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: Localised
    dimensions: tuple[Dimension, ...]
    #: By id, in questionnaire order.
    questions: Mapping[str, Question]
    #: Steps of the scale types (``scale_0_5``, ``tri_state``).
    scales: Mapping[str, tuple[ScaleStep, ...]]

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(dimension.id for dimension in self.dimensions)

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def questions_of(self, dimension_id: str) -> tuple[Question, ...]:
        return tuple(self.questions[q] for q in self.dimension(dimension_id).questions)

    def scale_values(self, question_type: str) -> tuple[float, ...]:
        return tuple(step.value for step in self.scales[question_type])


class QuestionnaireDataError(ValueError):
    """The data file is inconsistent (a bug in the shipped data, caught by the tests)."""


def missing_languages(value: Any) -> list[str]:
    """The interface languages ``value`` (a language -> text map) has no text in."""
    if not isinstance(value, dict):
        return list(LANGUAGES)
    return [code for code in LANGUAGES if not str(value.get(code) or "").strip()]


def _texts(record: Mapping[str, Any], name: str, where: str) -> Localised:
    value = record.get(name, {})
    if missing := missing_languages(value):
        raise QuestionnaireDataError(f"{where}: {name!r} has no text in {', '.join(missing)}")
    return {str(code): str(text) for code, text in value.items()}


def _question(record: Mapping[str, Any]) -> Question:
    question_id = str(record["id"])
    kind = record.get("type")
    if kind not in QUESTION_TYPES:
        raise QuestionnaireDataError(f"{question_id}: unknown type {kind!r}")
    items = tuple(
        Item(
            id=str(item["id"]),
            text=_texts(item, "text", str(item["id"])),
            negative=bool(item.get("negative", False)),
            text_verified=bool(item.get("text_verified", True)),
        )
        for item in record["items"]
    )
    for item in items:
        if not item.id.startswith(f"{question_id}."):
            raise QuestionnaireDataError(f"{question_id}: item {item.id} is not numbered after it")
    if len({item.id for item in items}) != len(items):
        raise QuestionnaireDataError(f"{question_id}: duplicate item ids")
    columns = tuple(
        Column(id=str(column["id"]), label=_texts(column, "label", question_id))
        for column in record.get("columns", ())
    )
    if (kind == "dual_checkbox") != bool(columns):
        raise QuestionnaireDataError(f"{question_id}: only dual checkboxes have columns")
    return Question(
        id=question_id,
        dimension=str(record["dimension"]),
        type=cast("QuestionType", kind),
        topic=_texts(record, "topic", question_id),
        text=_texts(record, "text", question_id),
        items=items,
        columns=columns,
    )


def questionnaire_from_dict(data: Mapping[str, Any]) -> Questionnaire:
    """Build and check a questionnaire; raises ``QuestionnaireDataError`` naming the problem."""
    questions = {question.id: question for question in map(_question, data["questions"])}
    dimensions = tuple(
        Dimension(
            id=str(record["id"]),
            label=_texts(record, "label", str(record["id"])),
            questions=tuple(str(q) for q in record["questions"]),
        )
        for record in data["dimensions"]
    )
    listed = [q for dimension in dimensions for q in dimension.questions]
    if sorted(listed) != sorted(questions) or len(set(listed)) != len(listed):
        raise QuestionnaireDataError("every question belongs to exactly one dimension")
    for dimension in dimensions:
        for question_id in dimension.questions:
            if questions[question_id].dimension != dimension.id:
                raise QuestionnaireDataError(f"{question_id} names another dimension")
    scales = {
        kind: tuple(
            ScaleStep(value=float(step["value"]), label=_texts(step, "label", kind))
            for step in steps
        )
        for kind, steps in data["scales"].items()
    }
    if not set(scales) >= SCALE_TYPES:
        raise QuestionnaireDataError("both scales need their steps")
    return Questionnaire(
        version=str(data["version"]),
        title=_texts(data, "title", "questionnaire"),
        dimensions=dimensions,
        questions=questions,
        scales=scales,
    )


@cache
def load_questionnaire(version: str = CURRENT_VERSION) -> Questionnaire:
    """The questionnaire ``version`` (``KeyError`` naming it when no such file ships)."""
    path = DATA_DIR / f"questionnaire-{version}.json"
    if not path.is_file():
        raise KeyError(f"no questionnaire {version!r}")
    return questionnaire_from_dict(json.loads(path.read_text(encoding="utf-8")))
