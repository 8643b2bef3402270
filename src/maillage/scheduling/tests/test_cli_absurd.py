"""``maillage schedule`` on absurd input: exit 2 with one line, never a traceback."""

import json
from pathlib import Path

import pytest

from maillage.scheduling.cli import MAX_MODEL_SIZE, main
from maillage.scheduling.engine import Problem
from maillage.scheduling.engine.formats import problem_to_dict


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main([*args, "--output", str(tmp_path / "out.json")])
    return status, capsys.readouterr().err


def test_deeply_nested_json_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = tmp_path / "deep.json"
    instance.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status, err = _run(tmp_path, capsys, str(instance))
    assert status == 2
    assert err == (
        "error: the instance is too large or too deeply nested to schedule here (RecursionError)\n"
    )


@pytest.mark.parametrize(("slots", "tables"), [(10**8, 1), (10**6, 10**6)])
def test_huge_instance_is_refused_before_solving(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    small_problem: Problem,
    slots: int,
    tables: int,
) -> None:
    data = problem_to_dict(small_problem)
    data.update(slots=slots, tables=tables, sessions=[[1, 2], [3, slots]])
    instance = tmp_path / "huge.json"
    instance.write_text(json.dumps(data), encoding="utf-8")
    status, err = _run(tmp_path, capsys, str(instance), "--time-limit", "5")
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith(f"error: {instance}: too large to schedule here (5 meetings, {slots}")
    assert f"at most {MAX_MODEL_SIZE:,}" in err
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("limit", ["nan", "inf", "-1"])
def test_time_limit_must_be_a_positive_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small_problem: Problem, limit: str
) -> None:
    instance = tmp_path / "p.json"
    instance.write_text(json.dumps(problem_to_dict(small_problem)), encoding="utf-8")
    status, err = _run(tmp_path, capsys, str(instance), f"--time-limit={limit}")
    assert status == 2
    assert err == "error: --time-limit must be positive and --workers at least 1\n"
