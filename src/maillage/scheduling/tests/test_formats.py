from __future__ import annotations

import json
from pathlib import Path

import pytest

from maillage.scheduling.engine import (
    Meeting,
    Problem,
    ProblemError,
    problem_from_dict,
    problem_to_dict,
    read_dzn,
    read_problem,
)

DZN = """
nBusiness = 3;
nMeetings = 3;
nTables = 2;
nTotalSlots = 4;
nMorningSlots = 2;
requested = [|1, 2,1,
|1, 3,2,
|2, 3,3,
|];
meetingsxBusiness = [{1,2,3},{1,2,4},{1,3,4}];
nMeetingsBusiness = [2,2,2];
forbidden = [{0},{0,4},{0}];
fixed = [0,0,3];
precedences = [{},{1},{}];
"""


def test_read_dzn_fields_map_to_model() -> None:
    problem = read_dzn(DZN, name="tiny")
    assert problem.sessions == ((1, 2), (3, 4))
    assert problem.n_tables == 2
    assert problem.all_mandatory is True
    assert problem.fairness == 2
    assert [p.forbidden for p in problem.participants] == [
        frozenset(),
        frozenset({4}),
        frozenset(),
    ]
    assert problem.meetings == (
        Meeting(id=1, a=1, b=2, session=1),
        Meeting(id=2, a=1, b=3, session=2, after=(1,)),
        Meeting(id=3, a=2, b=3, slot=3),
    )


def test_read_dzn_unknown_participant_names_meeting() -> None:
    text = DZN.replace("|2, 3,3,", "|2, 7,3,")
    with pytest.raises(ProblemError, match=r"^meeting 3: unknown participant 7$"):
        read_dzn(text)


def test_read_dzn_fixed_forbidden_slot_names_participant() -> None:
    text = DZN.replace("fixed = [0,0,3]", "fixed = [0,0,4]")
    with pytest.raises(
        ProblemError, match=r"^meeting 3: fixed slot 4 is forbidden for participant 2$"
    ):
        read_dzn(text)


def test_read_dzn_garbage_is_problem_error() -> None:
    with pytest.raises(ProblemError, match="is not an integer"):
        read_dzn("nBusiness = x;")


def test_json_round_trip_keeps_problem(small_problem: Problem) -> None:
    data = problem_to_dict(small_problem)
    again = problem_from_dict(json.loads(json.dumps(data)))
    assert again == small_problem


def test_read_problem_json_fairness_override(tmp_path: Path, small_problem: Problem) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem_to_dict(small_problem)))
    assert read_problem(path, fairness=5).fairness == 5


def test_read_problem_missing_file_is_problem_error(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match="cannot read"):
        read_problem(tmp_path / "absent.dzn")


def test_published_instances_all_parse(b2b_dir: Path) -> None:
    files = sorted((b2b_dir / "instances").glob("*.dzn"))
    problems = [read_problem(f) for f in files]
    assert len(problems) == 20
    assert sum(len(p.meetings) for p in problems) == 4060
