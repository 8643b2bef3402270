"""``maillage dma_score``: the contract's input and output, and exit 2 naming the culprit."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from maillage.maturity.dma.cli import main
from maillage.maturity.tests.dma_answers import full_answers


def _run(tmp_path: Path, payload: Any, *extra: str) -> tuple[int, Path]:
    source = tmp_path / "answers.json"
    source.write_text(
        payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8"
    )
    output = tmp_path / "out.json"
    return main([str(source), *extra, "--output", str(output)]), output


def test_writes_the_contract_shape_with_the_default_rules(tmp_path: Path) -> None:
    code, output = _run(tmp_path, {"answers": full_answers()})
    assert code == 0
    result = json.loads(output.read_text(encoding="utf-8"))
    assert result == {
        "rules": "dma-1",
        "dimensions": {f"D{n}": 100.0 for n in range(1, 7)},
        "overall": 100.0,
        "band": "Advanced",
    }


def test_rules_option_picks_another_version(tmp_path: Path) -> None:
    answers = full_answers()
    answers["Q2"] = []
    code, output = _run(tmp_path, {"answers": answers}, "--rules", "dma-weighted-1")
    assert code == 0
    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["rules"] == "dma-weighted-1"
    assert result["dimensions"]["D1"] == 50.0
    assert result["band"] is None  # above 25: this rule set gives only the confirmed band


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"answers": {**full_answers(), "Q12": []}}, "Q12 is not a question"),
        ({"answers": {**full_answers(), "Q4": {"Q4.8": 1}}}, "Q4.8 is not an item of Q4"),
        ({"answers": {**full_answers(), "Q9": {"Q9.1": 9}}}, "Q9.1: 9 is out of range"),
        ({"answers": {**full_answers(), "Q11": {"Q11.1": 0.7}}}, "Q11.1: 0.7 is out of range"),
        ({"answers": {k: v for k, v in full_answers().items() if k != "Q9"}}, "dimension D5"),
        ({"answer": {}}, 'expected an object with an "answers" member'),
        ('{"answers": {', "not valid JSON at line 1, column 14"),
    ],
)
def test_bad_input_exits_2_naming_the_culprit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: Any, message: str
) -> None:
    code, output = _run(tmp_path, payload)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_unknown_rules_version_exits_2_listing_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _output = _run(tmp_path, {"answers": full_answers()}, "--rules", "dma-9")
    assert code == 2
    assert "unknown rules version 'dma-9' (known: dma-1, dma-boxes-1, dma-weighted-1)" in (
        capsys.readouterr().err
    )


def test_missing_input_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.json"), "--output", str(tmp_path / "o.json")]) == 2
    assert "nope.json: no such file" in capsys.readouterr().err


def test_runs_as_the_maillage_command_without_django(tmp_path: Path) -> None:
    source = tmp_path / "answers.json"
    source.write_text(json.dumps({"answers": full_answers()}), encoding="utf-8")
    output = tmp_path / "out.json"
    code = (
        "import sys; from maillage.cli import main; rc = main(sys.argv[1:]); "
        "assert 'django.conf' not in sys.modules; sys.exit(rc)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code, "dma_score", str(source), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(output.read_text(encoding="utf-8"))["overall"] == 100.0
