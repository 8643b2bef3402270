"""A few small crafted variants solved to the answers proven by a long run of the benchmark
(``benchmarks/scheduling_variants_expected.tsv``; ``docs/benchmarks.md``)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from maillage.scheduling.engine import SolveOptions, Status, read_problem, solve, verify
from maillage.scheduling.engine.variants import FAMILIES, make_variant

from .conftest import REPO

EXPECTED = REPO / "benchmarks" / "scheduling_variants_expected.tsv"
#: Small instances (42 to 47 participants, 8 to 10 slots): optima, infeasibility by a cheap
#: argument (tic-12, 0.7 % forbidden) and by a solver (tic-12crafc, 40 % fixed).
SMALL = (
    "tic-12:forbidden-0.3:1",
    "tic-12:forbidden-0.7:1",
    "tic-12:fixed-20:1",
    "tic-12:precedence-25:1",
    "tic-12crafc:forbidden-0.7:1",
    "tic-12crafc:fixed-40:1",
    "tic-13:fixed-40:1",
)


def expected_answers() -> dict[str, tuple[str, str]]:
    with EXPECTED.open(newline="") as handle:
        return {
            row["variant"]: (row["status"], row["breaks"])
            for row in csv.DictReader(handle, delimiter="\t")
        }


def test_expected_answers_are_well_formed() -> None:
    answers = expected_answers()
    assert {name.split(":")[1] for name in answers} == {f.name for f in FAMILIES}
    for status, breaks in answers.values():
        assert status in ("optimal", "infeasible", "open")
        if status != "open":
            assert (breaks == "") == (status == "infeasible")


@pytest.fixture
def variants_benchmark(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``benchmarks/scheduling_variants.py``, which writes the expected answers (registered
    while the test runs: its dataclasses look their module up)."""
    spec = importlib.util.spec_from_file_location(
        "scheduling_variants", REPO / "benchmarks" / "scheduling_variants.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_writing_answers_keeps_proofs_and_the_best_of_open_runs(
    variants_benchmark: ModuleType, tmp_path: Path
) -> None:
    def row(variant: str, status: str, breaks: object, bound: object, limit: str) -> dict:
        return {
            "variant": variant,
            "status": status,
            "breaks": breaks,
            "bound": bound,
            "seconds": limit,
            "time_limit": limit,
            "race": "",
        }

    answers = tmp_path / "expected.tsv"
    write_rows = variants_benchmark.write_rows
    write_rows(
        answers,
        [
            row("a:fixed-20:1", "optimal", 4, 4, "60"),
            row("b:fixed-20:1", "open", 7, 2, "60"),
            row("c:fixed-20:1", "open", 9, 1, "60"),
            row("d:fixed-20:1", "open", "", "", "60"),
        ],
    )
    write_rows(
        answers,
        [
            row("a:fixed-20:1", "open", 5, 3, "240"),  # a proof is never lost
            row("b:fixed-20:1", "open", 8, 3, "240"),  # a higher bound, a worse schedule
            row("c:fixed-20:1", "open", 6, 0, "240"),  # a better schedule, a lower bound
            row("d:fixed-20:1", "infeasible", "", "", "240"),  # settled now
        ],
    )
    written = {
        r["variant"]: (r["status"], r["breaks"], r["bound"], r["time_limit"])
        for r in variants_benchmark.read_rows(answers)
    }
    assert written == {
        "a:fixed-20:1": ("optimal", "4", "4", "60"),
        "b:fixed-20:1": ("open", "7", "3", "60"),
        "c:fixed-20:1": ("open", "6", "1", "240"),
        "d:fixed-20:1": ("infeasible", "", "", "240"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", SMALL)
def test_small_variant_is_solved_to_its_expected_answer(b2b_dir: Path, name: str) -> None:
    status, breaks = expected_answers()[name]
    base, family, seed = name.split(":")
    problem = make_variant(
        read_problem(b2b_dir / "instances" / f"{base}.original.dzn"), base, family, int(seed)
    )
    result = solve(problem, SolveOptions(time_limit=60.0, workers=2))
    assert str(result.status) == status
    if status == "optimal":
        assert result.breaks == verify(problem, result.placements).breaks == int(breaks)
    else:
        assert result.status == Status.INFEASIBLE
        assert result.reasons
