"""Scoring rule sets: versioned data files in ``data/rules/``, exactly one marked default.

The official per-question rules are not published; third-party implementations disagree on Q1's
weights, on blank 0-5 rows and on Q7's negative option. Each rule set states its choices as
data, and every stored result names the version that scored it, so results can be re-scored
from the raw answers when the rules change.

File shape (see ``dma-1.json``)::

    {"version": "dma-1", "default": true, "questionnaire": "dma-sme-1",
     "title": {...}, "description": {...},
     "questions": {"dual_checkbox": {"weights": {"already": 1, "plan": 0.5}, "row": "max"},
                   "checkbox": {"negative_options": "ignore"},
                   "scale_0_5": {"blank": "zero"}, "tri_state": {"blank": "zero"}},
     "dimensions": {"combine": "mean", "pooled": ["D1"]},
     "bands": [{"name": "Basic", "upto": 25, "label": {...}}, ...]}

- dual checkbox row: ``max`` scores the heaviest ticked column, ``sum`` adds the ticked ones;
- checkbox ``negative_options``: ``ignore`` leaves them out of points and denominator,
  ``count`` counts them as any option;
- ``blank``: ``zero`` counts a blank row 0, ``exclude`` leaves it out of the denominator;
- a dimension is the mean of its questions' shares, or, when ``pooled``, its points over its
  maximum points; times 100;
- bands: the first whose ``upto`` (inclusive) is at least the overall score; none when the
  score exceeds every ``upto`` (a rule set may give only the confirmed bands).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .questionnaire import DATA_DIR, Localised, load_questionnaire, missing_languages

RULES_DIR = DATA_DIR / "rules"

_ROW_MODES = frozenset({"max", "sum"})
_NEGATIVE_MODES = frozenset({"ignore", "count"})
_BLANK_MODES = frozenset({"zero", "exclude"})


class RulesError(ValueError):
    """An unknown rule version, or an inconsistent rules file."""


@dataclass(frozen=True, slots=True)
class Band:
    #: Canonical English name, as the ``dma_score`` output gives it ("Basic").
    name: str
    #: Highest overall score (inclusive) in this band.
    upto: float
    label: Localised


@dataclass(frozen=True)
class RuleSet:
    version: str
    default: bool
    questionnaire: str
    title: Localised
    description: Localised
    dual_weights: Mapping[str, float]
    dual_row: str
    negative_options: str
    #: Question type -> "zero" or "exclude".
    blank: Mapping[str, str]
    pooled: frozenset[str]
    bands: tuple[Band, ...]

    def band_for(self, score: float) -> Band | None:
        for band in self.bands:
            if score <= band.upto:
                return band
        return None


def _choice(value: Any, allowed: frozenset[str], where: str) -> str:
    if value not in allowed:
        raise RulesError(f"{where} must be one of {', '.join(sorted(allowed))}, got {value!r}")
    return str(value)


def _texts(value: Any, where: str) -> Localised:
    if missing := missing_languages(value):
        raise RulesError(f"{where} has no text in {', '.join(missing)}")
    return {str(code): str(text) for code, text in value.items()}


def rules_from_dict(data: Mapping[str, Any]) -> RuleSet:
    """Build and check a rule set against its questionnaire; ``RulesError`` says what is wrong."""
    version = str(data.get("version", ""))
    if not version:
        raise RulesError("a rule set needs a version")
    questionnaire = load_questionnaire(str(data.get("questionnaire", "")))
    questions = data.get("questions", {})
    dual = questions.get("dual_checkbox", {})
    weights = {str(column): float(weight) for column, weight in dual.get("weights", {}).items()}
    columns = {c for q in questionnaire.questions.values() for c in q.column_ids}
    if set(weights) != columns or any(weight < 0 for weight in weights.values()):
        raise RulesError(f"{version}: dual checkbox weights must be given for {sorted(columns)}")
    if not any(weights.values()):
        raise RulesError(f"{version}: at least one dual checkbox column must weigh something")
    blank = {
        kind: _choice(questions.get(kind, {}).get("blank"), _BLANK_MODES, f"{version}: {kind}")
        for kind in ("scale_0_5", "tri_state")
    }
    pooled = frozenset(str(d) for d in data.get("dimensions", {}).get("pooled", ()))
    if not pooled <= set(questionnaire.dimension_ids):
        raise RulesError(f"{version}: pooled names an unknown dimension")
    bands = tuple(
        Band(
            name=str(band["name"]),
            upto=float(band["upto"]),
            label=_texts(band.get("label"), f"{version}: band {band['name']}"),
        )
        for band in data.get("bands", ())
    )
    limits = [band.upto for band in bands]
    if not bands or limits != sorted(set(limits)) or limits[-1] > 100 or limits[0] < 0:
        raise RulesError(f"{version}: bands must rise strictly, within 0-100")
    return RuleSet(
        version=version,
        default=bool(data.get("default", False)),
        questionnaire=questionnaire.version,
        title=_texts(data.get("title"), f"{version}: title"),
        description=_texts(data.get("description"), f"{version}: description"),
        dual_weights=weights,
        dual_row=_choice(dual.get("row"), _ROW_MODES, f"{version}: dual_checkbox row"),
        negative_options=_choice(
            questions.get("checkbox", {}).get("negative_options"),
            _NEGATIVE_MODES,
            f"{version}: checkbox negative_options",
        ),
        blank=blank,
        pooled=pooled,
        bands=bands,
    )


@cache
def _all_rules() -> dict[str, RuleSet]:
    found: dict[str, RuleSet] = {}
    for path in sorted(RULES_DIR.glob("*.json")):
        rules = rules_from_dict(json.loads(path.read_text(encoding="utf-8")))
        if rules.version != path.stem or rules.version in found:
            raise RulesError(f"{path.name}: the version must be the file's name, once")
        found[rules.version] = rules
    defaults = [rules.version for rules in found.values() if rules.default]
    if len(defaults) != 1:
        raise RulesError(f"exactly one rule set must be the default, found {defaults}")
    return found


def available_rules() -> tuple[RuleSet, ...]:
    return tuple(_all_rules().values())


def default_rules_version() -> str:
    return next(rules.version for rules in _all_rules().values() if rules.default)


def load_rules(version: str | None = None) -> RuleSet:
    """The rule set ``version`` (the default when None); ``RulesError`` lists the known ones."""
    rules = _all_rules()
    wanted = version or default_rules_version()
    if wanted not in rules:
        raise RulesError(f"unknown rules version {wanted!r} (known: {', '.join(rules)})")
    return rules[wanted]
