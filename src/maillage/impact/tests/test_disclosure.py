"""Disclosure control, by properties: whatever the data, no published cell has fewer
respondents than the threshold or fails the dominance rule, and no suppressed cell can be
recomputed from the published ones.

The recomputation check is independent of the module: exact Gaussian elimination over
fractions, where the module uses a floating-point singular value decomposition.
"""

from collections import defaultdict
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.impact.statistics.disclosure import (
    MIN_RESPONDENTS_FLOOR,
    Cell,
    Policy,
    Reason,
    dominated,
    protect,
)

# -- the independent checker ------------------------------------------------------------------


def _rank(rows: list[list[Fraction]]) -> int:
    """The rank of ``rows``, by exact Gaussian elimination."""
    matrix = [list(row) for row in rows]
    rank = 0
    width = len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][column]), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for i in range(len(matrix)):
            if i != rank and matrix[i][column]:
                factor = matrix[i][column] / matrix[rank][column]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        rank += 1
    return rank


def recomputable(target: frozenset, published: list[frozenset]) -> bool:
    """Whether ``target`` is a linear combination of the ``published`` atom sets."""
    atoms = sorted(set(target).union(*published), key=repr)

    def row(shape: frozenset) -> list[Fraction]:
        return [Fraction(1) if atom in shape else Fraction(0) for atom in atoms]

    rows = [row(shape) for shape in published]
    return bool(rows) and _rank(rows) == _rank([*rows, row(target)])


def check_decisions(cells: list[Cell], policy: Policy) -> None:
    decisions = protect(cells, policy)
    assert set(decisions) == {cell.key for cell in cells}
    published_by_measure: dict[str, list[frozenset]] = defaultdict(list)
    for cell in cells:
        decision = decisions[cell.key]
        if not decision.suppressed:
            assert cell.respondents >= policy.min_respondents, cell
            if cell.magnitude:
                top = sorted(cell.contributions, reverse=True)[: policy.dominance_n]
                assert sum(top) <= policy.dominance_k * sum(cell.contributions) or not any(
                    cell.contributions
                ), cell
            if cell.atoms:
                published_by_measure[cell.measure].append(cell.atoms)
        elif decision.reason == Reason.THRESHOLD:
            assert cell.respondents < policy.min_respondents
    for cell in cells:
        if decisions[cell.key].suppressed and cell.atoms:
            assert not recomputable(cell.atoms, published_by_measure[cell.measure]), cell.key


# -- generated reports ------------------------------------------------------------------------


@st.composite
def reports(draw: st.DrawFn) -> list[Cell]:
    """Rows (events) × columns (sector pairs) of atoms, each with contributors and amounts,
    published as interior cells, row and column totals, a grand total, and a few groups of
    rows (periods, co-organisers) that overlap each other."""
    rows = draw(st.integers(1, 5))
    columns = draw(st.integers(1, 4))
    people = draw(st.integers(1, 40))
    atoms: dict[tuple[int, int], dict[int, float]] = {}
    for r in range(rows):
        for c in range(columns):
            contributors = draw(st.lists(st.integers(0, people - 1), max_size=14, unique=True))
            atoms[(r, c)] = {
                who: draw(st.floats(0, 1e6, allow_nan=False, allow_infinity=False))
                for who in contributors
            }
    groups = draw(
        st.lists(st.frozensets(st.integers(0, rows - 1), min_size=1), max_size=3, unique=True)
    )
    shapes: dict[str, frozenset[tuple[int, int]]] = {"total": frozenset(atoms)}
    for r in range(rows):
        shapes[f"row {r}"] = frozenset((r, c) for c in range(columns))
        for c in range(columns):
            shapes[f"cell {r},{c}"] = frozenset({(r, c)})
    for c in range(columns):
        shapes[f"column {c}"] = frozenset((r, c) for r in range(rows))
    for index, members in enumerate(groups):
        shapes[f"group {index}"] = frozenset((r, c) for r in members for c in range(columns))
    cells = []
    for measure in ("amount", "count"):
        for key, shape in shapes.items():
            totals: dict[int, float] = defaultdict(float)
            for atom in shape:
                for who, amount in atoms[atom].items():
                    totals[who] += amount
            cells.append(
                Cell(
                    key=f"{measure}:{key}",
                    measure=measure,
                    respondents=len(totals),
                    atoms=shape,
                    contributions=tuple(totals.values()),
                    magnitude=measure == "amount",
                    cost=sum(totals.values()) if measure == "amount" else len(totals),
                    total=key == "total",
                )
            )
    return cells


policies = st.builds(
    Policy,
    min_respondents=st.integers(MIN_RESPONDENTS_FLOOR, 15),
    dominance_n=st.integers(1, 3),
    dominance_k=st.floats(0.5, 0.95),
)


@settings(max_examples=300, deadline=None)
@given(cells=reports(), policy=policies)
def test_protect_never_publishes_a_small_dominated_or_recomputable_cell(
    cells: list[Cell], policy: Policy
) -> None:
    check_decisions(cells, policy)


@settings(max_examples=100, deadline=None)
@given(cells=reports())
def test_protect_is_deterministic(cells: list[Cell]) -> None:
    policy = Policy()

    assert protect(cells, policy) == protect(list(reversed(cells)), policy)


# -- the rules one by one ---------------------------------------------------------------------


def test_policy_refuses_a_threshold_below_five() -> None:
    with pytest.raises(ValueError, match="5 or more, not 4"):
        Policy(min_respondents=4)


@pytest.mark.parametrize("k", [0.0, 1.0, 1.5])
def test_policy_refuses_a_dominance_share_outside_zero_one(k: float) -> None:
    with pytest.raises(ValueError, match="0 < k < 1"):
        Policy(dominance_k=k)


def test_dominated_when_two_largest_hold_more_than_85_percent() -> None:
    assert dominated([50, 36, 14], 2, 0.85) is True
    assert dominated([50, 35, 15], 2, 0.85) is False


def test_dominated_is_false_without_a_total() -> None:
    assert dominated([0, 0], 2, 0.85) is False


def test_a_cell_below_the_threshold_is_suppressed_for_its_size() -> None:
    cells = [Cell(key="a", measure="count", respondents=9)]

    assert protect(cells, Policy())["a"].reason == Reason.THRESHOLD


def test_a_cell_at_the_threshold_is_published() -> None:
    cells = [Cell(key="a", measure="count", respondents=10)]

    assert protect(cells, Policy())["a"].suppressed is False


def test_an_amount_with_one_large_contract_is_suppressed_for_dominance() -> None:
    contributions = (900_000.0, 5_000.0, *([1_000.0] * 10))
    cells = [
        Cell(key="a", measure="amount", respondents=12, contributions=contributions, magnitude=True)
    ]

    assert protect(cells, Policy())["a"].reason == Reason.DOMINANCE


def test_the_lone_suppressed_row_takes_the_cheapest_other_row_with_it() -> None:
    rows = {"e1": 30, "e2": 4, "e3": 12, "e4": 25}
    cells = [
        Cell(key=name, measure="count", respondents=n, atoms=frozenset({name}), cost=n)
        for name, n in rows.items()
    ]
    cells.append(
        Cell(
            key="total", measure="count", respondents=71, atoms=frozenset(rows), cost=71, total=True
        )
    )

    decisions = protect(cells, Policy())

    assert {key: d.reason for key, d in decisions.items()} == {
        "e1": None,
        "e2": Reason.THRESHOLD,
        "e3": Reason.SECONDARY,
        "e4": None,
        "total": None,
    }


def test_a_figure_shown_twice_gets_one_decision() -> None:
    # The event's row, and the row of its only co-organiser: the same atoms.
    cells = [
        Cell(key="event", measure="count", respondents=4, atoms=frozenset({"e1"})),
        Cell(key="co-organiser", measure="count", respondents=40, atoms=frozenset({"e1"})),
    ]

    decisions = protect(cells, Policy())

    assert decisions["co-organiser"].reason == Reason.THRESHOLD


def test_cells_without_atoms_get_only_the_primary_rules() -> None:
    cells = [
        Cell(key="median", measure="amount_median", respondents=3),
        Cell(key="median-all", measure="amount_median", respondents=30),
    ]

    decisions = protect(cells, Policy())

    assert [decisions["median"].reason, decisions["median-all"].reason] == [
        Reason.THRESHOLD,
        None,
    ]


def test_protect_refuses_duplicate_keys() -> None:
    cells = [Cell(key="a", measure="m", respondents=10)] * 2

    with pytest.raises(ValueError, match="unique"):
        protect(cells, Policy())
