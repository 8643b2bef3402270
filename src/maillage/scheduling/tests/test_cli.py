from __future__ import annotations

import json
from pathlib import Path

import pytest

from maillage.scheduling.cli import main
from maillage.scheduling.engine import Problem, problem_to_dict

TINY = """nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 3; nMorningSlots = 3;
requested = [|1, 2,3, |2, 3,3, |];
forbidden = [{0},{0},{0}];
fixed = [0,0];
precedences = [{},{}];
"""


def test_cli_dzn_writes_contract(tmp_path: Path) -> None:
    instance = tmp_path / "tiny.dzn"
    instance.write_text(TINY)
    out = tmp_path / "out.json"
    assert main([str(instance), "--time-limit", "5", "--output", str(out)]) == 0
    data = json.loads(out.read_text())
    assert list(data) == ["status", "breaks", "lower_bound", "unscheduled", "seconds", "meetings"]
    assert data["status"] == "optimal"
    assert data["breaks"] == 0
    assert data["lower_bound"] == 0
    assert data["unscheduled"] == 0
    assert [(m["id"], m["participants"], m["table"]) for m in data["meetings"]] == [
        (1, [1, 2], 1),
        (2, [2, 3], 1),
    ]
    slots = sorted(m["slot"] for m in data["meetings"])
    assert slots in ([1, 2], [2, 3])


def test_cli_json_problem(tmp_path: Path, small_problem: Problem) -> None:
    instance = tmp_path / "p.json"
    instance.write_text(json.dumps(problem_to_dict(small_problem)))
    out = tmp_path / "out.json"
    assert main([str(instance), "--fairness", "1", "--workers", "1", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["status"] == "optimal"


def test_cli_infeasible_exits_zero(tmp_path: Path) -> None:
    instance = tmp_path / "bad.dzn"
    instance.write_text(
        TINY.replace("nTotalSlots = 3; nMorningSlots = 3", "nTotalSlots = 1; nMorningSlots = 1")
    )
    out = tmp_path / "out.json"
    assert main([str(instance), "--output", str(out)]) == 0
    data = json.loads(out.read_text())
    assert (data["status"], data["breaks"], data["unscheduled"], data["meetings"]) == (
        "infeasible",
        None,
        2,
        [],
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TINY.replace("|2, 3,3,", "|2, 9,3,"), "meeting 2: unknown participant 9"),
        (
            TINY.replace("fixed = [0,0]", "fixed = [2,0]").replace("{0},{0},{0}", "{0},{0,2},{0}"),
            "meeting 1: fixed slot 2 is forbidden for participant 2",
        ),
        ("nBusiness = ;", "nBusiness: '' is not an integer"),
    ],
)
def test_cli_inconsistent_input_exits_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    instance = tmp_path / "bad.dzn"
    instance.write_text(text)
    assert main([str(instance), "--output", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert message in err[0]
    assert not (tmp_path / "out.json").exists()
