import json
from pathlib import Path

import pytest

from maillage.matching.cli import main


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def test_cli_writes_one_line_per_query(tmp_path: Path) -> None:
    profiles = tmp_path / "in.jsonl"
    _write(
        profiles,
        [
            {"id": "a", "description": "We offer composting packaging for vegetables.", "x": 1},
            {"id": "b", "description": "We are looking for packaging for our vegetables."},
            {"id": "c", "description": "Accounting services."},
        ],
    )
    queries = tmp_path / "q.txt"
    queries.write_text("b\n\na\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(
        [
            "--profiles",
            str(profiles),
            "--query-ids",
            str(queries),
            "--top",
            "1",
            "--output",
            str(out),
            "--model",
            "hashing",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--quiet",
        ]
    )
    assert code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["b", "a"]
    assert lines[0]["matches"][0]["id"] == "a"
    assert set(lines[0]["matches"][0]) == {"id", "score", "reasons"}
    assert lines[0]["matches"][0]["reasons"]


def test_cli_malformed_input_exits_2_with_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = tmp_path / "in.jsonl"
    profiles.write_text('{"id": "a"}\n{"id": "b", "offers": [3]}\n', encoding="utf-8")
    code = main(
        ["--profiles", str(profiles), "--output", str(tmp_path / "o.jsonl"), "--model", "hashing"]
    )
    assert code == 2
    assert "line 2: field 'offers' item 0 must be a string, got int" in capsys.readouterr().err


def test_cli_unknown_query_id_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = tmp_path / "in.jsonl"
    _write(profiles, [{"id": "a"}])
    queries = tmp_path / "q.txt"
    queries.write_text("zzz\n", encoding="utf-8")
    code = main(
        [
            "--profiles",
            str(profiles),
            "--query-ids",
            str(queries),
            "--output",
            str(tmp_path / "o.jsonl"),
            "--model",
            "hashing",
        ]
    )
    assert code == 2
    assert "line 1" in capsys.readouterr().err
