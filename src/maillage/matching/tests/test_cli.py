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


def _run(tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "--profiles",
            str(tmp_path / "in.jsonl"),
            "--output",
            str(tmp_path / "out.jsonl"),
            "--model",
            "hashing",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--quiet",
            *extra,
        ]
    )


def test_cli_odd_descriptions_do_not_crash(tmp_path: Path) -> None:
    """Empty, huge (a few MB, no sentence end), unicode-only and emoji descriptions."""
    huge = " ".join(f"word{i % 5000} machining" for i in range(250_000))
    _write(
        tmp_path / "in.jsonl",
        [
            {"id": "empty", "description": ""},
            {"id": "huge", "name": "Huge", "description": huge},
            {
                "id": "uni",
                "description": "Überwachung ☃ 機械学習 — çà et là 🤖🤖 predictive machining",
            },
            {"id": "nulls", "description": None, "offers": None, "name": None},
            {"id": "ws", "description": " \n\t "},
            {"id": "short", "description": "machining"},
        ],
    )
    assert _run(tmp_path) == 0
    lines = {
        line["id"]: line["matches"]
        for line in map(json.loads, (tmp_path / "out.jsonl").read_text("utf-8").splitlines())
    }
    assert list(lines) == ["empty", "huge", "uni", "nulls", "ws", "short"]
    assert lines["empty"] == lines["nulls"] == lines["ws"] == []
    assert {m["id"] for m in lines["short"]} == {"huge", "uni"}
    assert all(m["id"] != query for query, ms in lines.items() for m in ms)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "a"}\n{"id": "a"}\n', "line 2: duplicate id 'a'"),
        (b'{"id": "a"}\n\n{"id": "b", "description": "caf\xe9"}\n', "line 3: not UTF-8 text"),
        (b'{"id": "a"}\n{"id": "b",\n', "line 2: invalid JSON"),
        (b'{"id": "a"}\n["b"]\n', "line 2: expected a JSON object, got list"),
        (b'{"id": ""}\n', "line 1: field 'id' must not be empty"),
        (b'{"id": "a", "description": 3}\n', "line 1: field 'description' must be a string"),
    ],
)
def test_cli_malformed_input_names_the_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    (tmp_path / "in.jsonl").write_bytes(content)
    assert _run(tmp_path) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(
        b'\xef\xbb\xbf{"id": "a", "description": "machining"}\n'
        b'{"id": "b", "description": "machining"}\n'
    )
    assert _run(tmp_path) == 0
    first = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert first["id"] == "a"
    assert [m["id"] for m in first["matches"]] == ["b"]


@pytest.mark.parametrize("option", ["--top", "--workers", "--embed-words", "--passage-words"])
def test_cli_non_positive_numbers_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    _write(tmp_path / "in.jsonl", [{"id": "a"}])
    assert _run(tmp_path, option, "0") == 2
    assert f"{option} must be at least 1" in capsys.readouterr().err


def test_cli_missing_input_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a\nzzz\n", "q.txt: line 2: unknown profile id 'zzz'"),
        (b"a\n\xff\xfe\n", "q.txt: line 2: not UTF-8 text (byte 1)"),
    ],
)
def test_cli_bad_query_ids_exit_2_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    _write(tmp_path / "in.jsonl", [{"id": "a", "description": "x"}])
    (tmp_path / "q.txt").write_bytes(content)
    assert _run(tmp_path, "--query-ids", str(tmp_path / "q.txt")) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_query_ids_with_byte_order_mark_and_duplicates(tmp_path: Path) -> None:
    _write(
        tmp_path / "in.jsonl",
        [{"id": "a", "description": "machining"}, {"id": "b", "description": "machining"}],
    )
    (tmp_path / "q.txt").write_bytes(b"\xef\xbb\xbfb\r\nb\n")
    assert _run(tmp_path, "--query-ids", str(tmp_path / "q.txt")) == 0
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["b"]


def _run_network(tmp_path: Path, records: list[dict[str, object]], *extra: str) -> tuple[int, Path]:
    profiles = tmp_path / "in.jsonl"
    _write(profiles, records)
    out = tmp_path / "out.jsonl"
    code = main(
        [
            "--profiles",
            str(profiles),
            "--output",
            str(out),
            "--model",
            "hashing",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--quiet",
            *extra,
        ]
    )
    return code, out


NETWORK: list[dict[str, object]] = [
    {"id": "a", "description": "robot welding", "partners": {"h": 2, "ghost": 1, "gone": 1}},
    {"id": "b", "description": "robot welding", "partners": {"h": 1}},
    {"id": "c", "description": "robot welding"},
    {"id": "h", "description": "robot welding"},
]


def test_cli_reads_partners_and_warns_once_about_unknown_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run_network(tmp_path, NETWORK, "--top", "3")
    assert code == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert warnings == [
        "maillage match: warning: 2 partner id(s) are not profiles and are ignored: 'ghost', 'gone'"
    ]
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["matches"][0]["id"] in {"b", "h"}
    assert "Worked with one of your partners: h" in next(
        m["reasons"] for m in first["matches"] if m["id"] == "b"
    )


def test_cli_new_only_leaves_out_existing_partners(tmp_path: Path) -> None:
    code, out = _run_network(tmp_path, NETWORK, "--top", "3", "--new-only")
    assert code == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert [m["id"] for m in first["matches"]][:2] == ["b", "c"]
    assert "h" not in [m["id"] for m in first["matches"]]


def test_cli_refuses_a_malformed_partner_weight(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run_network(tmp_path, [{"id": "a"}, {"id": "b", "partners": {"a": "two"}}])
    assert code == 2
    assert not out.exists()
    assert "line 2: field 'partners': the weight of partner 'a' must be a positive number" in (
        capsys.readouterr().err
    )
