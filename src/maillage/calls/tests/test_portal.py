"""Reading saved answers of the portal's search API: every field shape, every refusal."""

import datetime as dt
import json
from pathlib import Path

import pytest

from maillage.calls.portal import PortalFormatError, read_portal_answer
from maillage.calls.services.portal_import import store_call_records

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "portal_sample.json"

pytestmark = pytest.mark.usefixtures("english")


def _answer(*results: object) -> bytes:
    """An answer with result N on line N + 1."""
    lines = ",\n".join(json.dumps(result) for result in results)
    return f'{{"totalResults": {len(results)}, "results": [\n{lines}\n]}}'.encode()


def _result(reference: str = "REF-1", **metadata: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "callTitle": ["A call"],
        "status": ["31094502"],
        "startDate": ["2027-01-10T00:00:00.000+0000"],
        "deadlineDate": ["2027-03-01T16:00:00.000+0000"],
    }
    fields.update(metadata)
    return {"reference": reference, "url": "https://example.org/c", "metadata": fields}


def _errors(data: bytes) -> list[str]:
    with pytest.raises(PortalFormatError) as caught:
        read_portal_answer(data)
    return caught.value.errors


def test_read_portal_answer_reads_the_shipped_sample() -> None:
    answer = read_portal_answer(SAMPLE.read_bytes())
    assert answer.total_results == 6
    assert [r.reference for r in answer.records][:2] == [
        "SAMPLE-HORIZON-CL4-2027-TWIN-01",
        "SAMPLE-DIGITAL-2027-AI-03",
    ]
    twin = answer.records[0]
    assert twin.programme == "Horizon Europe"  # the portal's programme code, named
    assert twin.declared_status == "open"
    assert twin.opens_on == dt.date(2026, 10, 15)
    assert twin.deadlines == (dt.date(2027, 2, 18),)
    assert twin.summary.startswith("Sample text. Projects build digital twins of production")
    assert twin.topics == (
        "digital twin",
        "manufacturing",
        "predictive maintenance",
        "industrial robotics",
    )
    assert answer.records[1].deadlines == (dt.date(2027, 1, 20), dt.date(2027, 6, 15))


def test_read_portal_answer_takes_lists_and_plain_strings_alike() -> None:
    as_lists = read_portal_answer(_answer(_result()))
    as_strings = read_portal_answer(
        _answer(
            _result(
                callTitle="A call",
                status="Open",
                startDate="2027-01-10",
                deadlineDate="2027-03-01",
            )
        )
    )
    assert as_lists.records == as_strings.records


def test_read_portal_answer_converts_deadlines_to_brussels_dates() -> None:
    # 23:30 UTC on 1 March is already 2 March in Brussels.
    answer = read_portal_answer(_answer(_result(deadlineDate=["2027-03-01T23:30:00.000+0000"])))
    assert answer.records[0].deadlines == (dt.date(2027, 3, 2),)


def test_read_portal_answer_keeps_every_cut_off_once_in_order() -> None:
    answer = read_portal_answer(
        _answer(_result(deadlineDate=["2027-09-01", "2027-03-01", "2027-09-01"]))
    )
    assert answer.records[0].deadlines == (dt.date(2027, 3, 1), dt.date(2027, 9, 1))


@pytest.mark.parametrize(
    ("status", "expected"),
    [("31094501", "forthcoming"), ("31094503", "closed"), ("FORTHCOMING", "forthcoming")],
)
def test_read_portal_answer_knows_the_status_codes_and_words(status: str, expected: str) -> None:
    answer = read_portal_answer(_answer(_result(status=[status])))
    assert answer.records[0].declared_status == expected


def test_read_portal_answer_refuses_a_deadline_before_the_opening_naming_the_result() -> None:
    data = _answer(_result("OK-1"), _result("BAD-2", deadlineDate=["2027-01-05"]))
    assert _errors(data) == [
        "result 2 (line 3): deadline 2027-01-05 is before the opening date 2027-01-10."
    ]


def test_read_portal_answer_refuses_an_unknown_status() -> None:
    assert _errors(_answer(_result(status=["31094599"]))) == [
        "result 1 (line 2): unknown status “31094599” (expected Forthcoming, Open or Closed)."
    ]


def test_read_portal_answer_refuses_a_missing_reference() -> None:
    result = _result()
    del result["reference"]
    assert _errors(_answer(_result("A"), result)) == [
        "result 2 (line 3): the reference is missing."
    ]


def test_read_portal_answer_lists_every_problem_of_the_file() -> None:
    errors = _errors(
        _answer(
            _result("A", status=["nope"]),
            _result("A"),
            _result("C", startDate=["tomorrow"]),
            "not an object",
        )
    )
    assert errors == [
        "result 1 (line 2): unknown status “nope” (expected Forthcoming, Open or Closed).",
        "result 3 (line 4): “startDate” tomorrow is not a date (YYYY-MM-DD).",
        "result 4 (line 5): a result must be an object, not text.",
    ]


def test_read_portal_answer_refuses_a_reference_given_twice() -> None:
    assert _errors(_answer(_result("A"), _result("A"))) == [
        "result 2 (line 3): reference A already appears in result 1."
    ]


def test_read_portal_answer_names_the_line_of_a_json_syntax_error() -> None:
    data = b'{\n "results": [\n  {"reference": "A",\n   "metadata": }\n ]\n}'
    assert _errors(data) == ["line 4, column 16: invalid JSON (Expecting value)."]


def test_read_portal_answer_names_the_line_of_bytes_that_are_not_utf8() -> None:
    data = b'{\n "results": [\n  {"reference": "caf\xe9"}\n ]\n}'
    assert _errors(data) == ["line 3: the file is not UTF-8 text."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[]", "line 1: the file must hold a JSON object, not a list."),
        (
            b'{"totalResults": 0}',
            "The answer has no “results” list: is it a saved answer of the portal's search API?",
        ),
        (b'{"totalResults": "six", "results": []}', "“totalResults” must be a whole number."),
    ],
)
def test_read_portal_answer_refuses_what_is_not_an_answer(data: bytes, message: str) -> None:
    assert _errors(data) == [message]


def test_read_portal_answer_refuses_wrong_metadata_types() -> None:
    errors = _errors(
        _answer(
            _result("A", keywords=[3]),
            {"reference": "B", "metadata": ["no"]},
            {"reference": "C", "url": "ftp://example.org/x", "metadata": {"callTitle": "t"}},
            {"reference": "D", "metadata": {}},
        )
    )
    assert errors == [
        "result 1 (line 2): metadata “keywords” must be text or a list of texts, not a number.",
        "result 2 (line 3): “metadata” must be an object, not a list.",
        "result 3 (line 4): “url” ftp://example.org/x is not a web address.",
        "result 4 (line 5): call D has no title.",
    ]


def test_read_portal_answer_counts_lines_past_strings_with_brackets_and_escapes() -> None:
    tricky = {"reference": 'A"[{,', "url": "", "metadata": {"callTitle": "x\\\n[", "status": "?"}}
    data = ('{"note": "]}[{", "results": [\n' + json.dumps(tricky) + "\n]}").encode()
    assert _errors(data) == [
        "result 1 (line 2): unknown status “?” (expected Forthcoming, Open or Closed)."
    ]


def test_read_portal_answer_summarises_beyond_fifty_errors() -> None:
    errors = _errors(_answer(*[_result(f"R{n}", status=["x"]) for n in range(60)]))
    assert len(errors) == 51
    assert errors[-1] == "… and 10 more errors."


@pytest.mark.django_db
def test_storing_one_call_says_call() -> None:
    stages: list[str] = []
    records = read_portal_answer(SAMPLE.read_bytes()).records[:1]
    store_call_records(records=records, progress=lambda _fraction, stage: stages.append(stage))
    assert stages[-1] == "Stored 1 of 1 call"
