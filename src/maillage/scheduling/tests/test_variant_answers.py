"""A few small crafted variants solved to the answers proven by a long run of the benchmark
(``benchmarks/scheduling_variants_expected.tsv``; ``docs/benchmarks.md``)."""

from __future__ import annotations

import csv
from pathlib import Path

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
