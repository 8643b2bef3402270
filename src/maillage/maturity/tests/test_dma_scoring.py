"""The questionnaire data, the rule sets and the scoring (Django-free)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from maillage.maturity.dma import (
    AnswerError,
    available_rules,
    default_rules_version,
    load_questionnaire,
    load_rules,
    parse_answers,
    score_answers,
)
from maillage.maturity.dma.answers import to_raw
from maillage.maturity.dma.questionnaire import (
    DATA_DIR,
    LANGUAGES,
    QuestionnaireDataError,
    questionnaire_from_dict,
)
from maillage.maturity.dma.rules import RULES_DIR, RulesError, rules_from_dict
from maillage.maturity.tests.dma_answers import answer_sets, empty_answers, full_answers

SHARED_DMA = (
    Path(__file__).resolve().parents[5] / "shared" / "dma" / "dma_sme_questionnaire_t0.json"
)
QUESTIONNAIRE = load_questionnaire()


def test_questionnaire_has_six_dimensions_eleven_questions_86_items() -> None:
    assert QUESTIONNAIRE.dimension_ids == ("D1", "D2", "D3", "D4", "D5", "D6")
    assert list(QUESTIONNAIRE.questions) == [f"Q{n}" for n in range(1, 12)]
    assert sum(len(q.items) for q in QUESTIONNAIRE.questions.values()) == 86
    assert [q.id for q in QUESTIONNAIRE.questions_of("D4")] == ["Q7", "Q8"]


def _localised(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every language-keyed text of a data file, wherever it sits, with its place."""
    if isinstance(node, dict):
        if "en" in node:
            yield where, node
            return
        for key, value in node.items():
            yield from _localised(value, f"{where}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _localised(value, f"{where}[{n}]")


@pytest.mark.parametrize(
    "path",
    [DATA_DIR / "questionnaire-dma-sme-1.json", *sorted(RULES_DIR.glob("*.json"))],
    ids=lambda path: path.stem,
)
def test_every_text_of_the_data_files_is_in_english_french_and_dutch(path: Path) -> None:
    texts = list(_localised(json.loads(path.read_text(encoding="utf-8"))))
    assert texts
    for where, text in texts:
        assert sorted(text) == sorted(LANGUAGES) == ["en", "fr", "nl"], where
        assert text["en"].strip(), where
        for code in ("fr", "nl"):
            # A copy of the English is a translation forgotten.
            assert text[code].strip(), (where, code)
            assert text[code] != text["en"], (where, code)


def test_a_text_missing_a_language_is_refused_naming_it() -> None:
    questionnaire = json.loads((DATA_DIR / "questionnaire-dma-sme-1.json").read_text())
    del questionnaire["questions"][6]["items"][1]["text"]["nl"]
    with pytest.raises(QuestionnaireDataError, match=r"Q7\.2: 'text' has no text in nl"):
        questionnaire_from_dict(questionnaire)
    rules = json.loads((RULES_DIR / "dma-1.json").read_text())
    rules["bands"][1]["label"]["nl"] = " "
    with pytest.raises(RulesError, match="dma-1: band Average has no text in nl"):
        rules_from_dict(rules)


@pytest.mark.skipif(not SHARED_DMA.is_file(), reason="needs ../shared/dma")
def test_questionnaire_ids_match_the_shared_official_data() -> None:
    shared = json.loads(SHARED_DMA.read_text(encoding="utf-8"))
    theirs = {
        q["id"]: (q["dimension"], [i["id"] for i in q.get("rows", q.get("options", []))])
        for q in shared["questions"]
    }
    ours = {q.id: (q.dimension, list(q.item_ids)) for q in QUESTIONNAIRE.questions.values()}
    assert ours == theirs
    negative = {
        option["id"]
        for question in shared["questions"]
        for option in question.get("options", [])
        if "negative" in option.get("text_status", "")
    }
    ours = {i.id for q in QUESTIONNAIRE.questions.values() for i in q.items if i.negative}
    assert ours == negative == {"Q7.2"}


def test_rule_sets_ship_as_data_with_exactly_one_default() -> None:
    versions = [rules.version for rules in available_rules()]
    assert len(versions) >= 2
    assert [r.version for r in available_rules() if r.default] == [default_rules_version()]
    assert default_rules_version() == "dma-1"
    for rules in available_rules():
        basic = rules.bands[0]
        assert (basic.name, basic.upto) == ("Basic", 25.0)


def _score(raw: dict[str, Any], version: str) -> dict[str, Any]:
    return score_answers(
        QUESTIONNAIRE, parse_answers(QUESTIONNAIRE, raw), load_rules(version)
    ).as_dict()


EXAMPLE: dict[str, Any] = {
    "Q1": {"Q1.1": ["already"], "Q1.2": ["plan"], "Q1.3": ["already", "plan"]},
    "Q2": ["Q2.1", "Q2.2"],
    "Q3": ["Q3.1", "Q3.2", "Q3.3", "Q3.4", "Q3.5"],
    "Q4": {"Q4.1": 5, "Q4.2": 0},
    "Q5": ["Q5.1", "Q5.2", "Q5.3", "Q5.4", "Q5.5", "Q5.6", "Q5.7"],
    "Q6": [],
    "Q7": ["Q7.2"],
    "Q8": ["Q8.1", "Q8.5"],
    "Q9": {"Q9.1": 3, "Q9.2": 3, "Q9.3": 3, "Q9.4": 3, "Q9.5": 3},
    "Q10": ["Q10.10"],
    "Q11": {"Q11.1": 1, "Q11.2": 0.5},
}


@pytest.mark.parametrize(
    ("version", "dimensions", "band"),
    [
        # Q1: rows 1 + 0.5 + 1 of 10; Q4: 5 of 35 (blanks count 0); Q7: the negative option
        # left out (0 of 7); Q11: 1.5 of 5.
        ("dma-1", [22.5, 100 * (0.5 + 5 / 35) / 2, 50.0, 100 * (2 / 6) / 2, 60.0, 20.0], "Average"),
        # D1 pools 4 + 2 of 30 boxes; Q7's negative option counts (1 of 8).
        (
            "dma-boxes-1",
            [20.0, 100 * (0.5 + 5 / 35) / 2, 50.0, 100 * (1 / 8 + 2 / 6) / 2, 60.0, 20.0],
            "Average",
        ),
        # Q1: 1 + 0.5 + 1.5 of 15; blank rows left out: Q4 5 of 10, Q11 1.5 of 2; no band over 25.
        ("dma-weighted-1", [20.0, 50.0, 50.0, 100 * (2 / 6) / 2, 60.0, 42.5], None),
    ],
)
def test_example_scores_by_hand(version: str, dimensions: list[float], band: str | None) -> None:
    result = _score(EXAMPLE, version)
    assert result["rules"] == version
    assert list(result["dimensions"]) == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert list(result["dimensions"].values()) == pytest.approx(dimensions)
    assert result["overall"] == pytest.approx(sum(dimensions) / 6)
    assert result["band"] == band


@pytest.mark.parametrize("version", ["dma-1", "dma-boxes-1", "dma-weighted-1"])
def test_extremes_score_0_and_100(version: str) -> None:
    # Rules that count Q7's negative option as any other need it ticked for the maximum.
    counted = load_rules(version).negative_options == "count"
    assert _score(full_answers(negative=counted), version)["overall"] == pytest.approx(100.0)
    lowest = _score(empty_answers(), version)
    assert lowest["overall"] == 0.0
    assert lowest["band"] == "Basic"


def _share(question: dict[str, Any], answer: Any, rule: dict[str, Any], blank: str) -> float:
    """The documented rules, written out again in the shape of the published formulas (10 x
    ticked / options, 10 x sum / (5 x rows)...), from the rule file itself: an independent check
    of the engine."""
    kind = question["type"]
    if kind == "dual_checkbox":
        weights = rule["questions"]["dual_checkbox"]["weights"]
        heaviest = rule["questions"]["dual_checkbox"]["row"] == "max"
        per_row = max(weights.values()) if heaviest else sum(weights.values())
        rows = []
        for item in question["items"]:
            ticked = [weights[c] for c in answer.get(item["id"], [])]
            rows.append(max(ticked, default=0) if heaviest else sum(ticked))
        return 10 * sum(rows) / (per_row * len(question["items"])) / 10
    if kind == "checkbox":
        ignore = rule["questions"]["checkbox"]["negative_options"] == "ignore"
        options = [i["id"] for i in question["items"] if not (ignore and i.get("negative"))]
        return 10 * len([o for o in answer if o in options]) / len(options) / 10
    top = 5 if kind == "scale_0_5" else 1
    given_values = [v for v in answer.values() if v is not None]
    rows = len(given_values) if blank == "exclude" else len(question["items"])
    return (10 * sum(given_values) / (top * rows) / 10) if rows else 0.0


def _reference(raw: dict[str, Any], version: str) -> list[float]:
    data_dir = Path(load_rules.__code__.co_filename).parent / "data"
    rule = json.loads((data_dir / "rules" / f"{version}.json").read_text(encoding="utf-8"))
    questionnaire = json.loads(
        (data_dir / f"questionnaire-{rule['questionnaire']}.json").read_text(encoding="utf-8")
    )
    by_id = {q["id"]: q for q in questionnaire["questions"]}
    scores = []
    for dimension in questionnaire["dimensions"]:
        questions = [by_id[q] for q in dimension["questions"]]
        if dimension["id"] in rule["dimensions"]["pooled"]:
            # Every box weighs the same: ticked boxes of the dimension over its boxes.
            ticked = boxes = 0
            for question in questions:
                answer = raw[question["id"]]
                if question["type"] == "dual_checkbox":
                    ticked += sum(len(v) for v in answer.values())
                    boxes += len(question["items"]) * len(question["columns"])
                else:
                    ticked += len(answer)
                    boxes += len(question["items"])
            scores.append(100 * ticked / boxes)
            continue
        shares = [
            _share(q, raw[q["id"]], rule, rule["questions"].get(q["type"], {}).get("blank", ""))
            for q in questions
        ]
        scores.append(sum(shares) * 10 * 10 / len(shares))
    return scores


@settings(max_examples=150, deadline=None)
@given(answer_sets())
def test_engine_agrees_with_the_documented_formulas(raw: dict[str, Any]) -> None:
    for rules in available_rules():
        result = _score(raw, rules.version)
        expected = _reference(raw, rules.version)
        assert list(result["dimensions"].values()) == pytest.approx(expected)
        assert 0.0 <= result["overall"] <= 100.0
        assert result["overall"] == pytest.approx(sum(expected) / 6)
        band = load_rules(rules.version).band_for(result["overall"])
        assert result["band"] == (band.name if band else None)


@settings(max_examples=60, deadline=None)
@given(answer_sets())
def test_canonical_raw_form_round_trips(raw: dict[str, Any]) -> None:
    parsed = parse_answers(QUESTIONNAIRE, raw)
    assert parse_answers(QUESTIONNAIRE, to_raw(QUESTIONNAIRE, parsed)) == parsed


def _broken(path: list[str], value: Any) -> dict[str, Any]:
    raw = full_answers()
    target = raw
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


@pytest.mark.parametrize(
    ("raw", "code", "culprit"),
    [
        (_broken(["Q12"], []), "unknown_question", "Q12"),
        (_broken(["Q4", "Q4.9"], 2), "unknown_item", "Q4.9"),
        (_broken(["Q2"], ["Q2.1", "Q3.1"]), "unknown_item", "Q3.1"),
        (_broken(["Q1", "Q1.11"], ["already"]), "unknown_item", "Q1.11"),
        (_broken(["Q1", "Q1.2"], ["maybe"]), "out_of_range", "Q1.2"),
        (_broken(["Q1", "Q1.2"], ["plan", "plan"]), "out_of_range", "Q1.2"),
        (_broken(["Q4", "Q4.1"], 6), "out_of_range", "Q4.1"),
        (_broken(["Q4", "Q4.1"], -1), "out_of_range", "Q4.1"),
        (_broken(["Q4", "Q4.1"], 2.5), "out_of_range", "Q4.1"),
        (_broken(["Q4", "Q4.1"], "3"), "out_of_range", "Q4.1"),
        (_broken(["Q9", "Q9.1"], True), "out_of_range", "Q9.1"),
        (_broken(["Q11", "Q11.3"], 0.3), "out_of_range", "Q11.3"),
        (_broken(["Q11", "Q11.3"], 2), "out_of_range", "Q11.3"),
        (_broken(["Q2"], ["Q2.1", "Q2.1"]), "out_of_range", "Q2"),
        (_broken(["Q5"], {"Q5.1": True}), "malformed", "Q5"),
        (_broken(["Q4"], [3, 4]), "malformed", "Q4"),
        (_broken(["Q1", "Q1.1"], "already"), "malformed", "Q1.1"),
        (_broken(["Q9"], KeyError), "missing_dimension", "D5"),
        (_broken(["Q8"], KeyError), "missing_question", "Q8"),
    ],
)
def test_bad_answers_are_refused_naming_the_culprit(
    raw: dict[str, Any], code: str, culprit: str
) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_answers(QUESTIONNAIRE, raw)
    assert (refused.value.code, refused.value.culprit) == (code, culprit)
    assert culprit in str(refused.value)


def test_a_skipped_dimension_is_named_with_its_label() -> None:
    raw = full_answers()
    del raw["Q7"], raw["Q8"]
    with pytest.raises(AnswerError, match=r"dimension D4 \(Data management and connectedness\)"):
        parse_answers(QUESTIONNAIRE, raw)


def test_blank_scale_rows_are_accepted_as_null_or_absent() -> None:
    raw = full_answers()
    raw["Q4"] = {"Q4.1": None, "Q4.2": 4}
    parsed = parse_answers(QUESTIONNAIRE, raw)
    assert to_raw(QUESTIONNAIRE, parsed)["Q4"] == {"Q4.2": 4}
