"""Statistical disclosure control: the one module that decides which figures may leave the
platform, for the impact reports and the maturity benchmarks alike. Django-free: cells or groups
in, a decision out. ``Policy.min_respondents`` is the platform's one minimum group size
(``MAILLAGE_DISCLOSURE_MIN_GROUP``, 10 by default, never below ``MIN_RESPONDENTS_FLOOR`` = 5).

Three rules, applied to every aggregate of the impact reports (pages, exports, API, command):

1. **Threshold** (primary): a cell computed from fewer respondents than
   ``Policy.min_respondents`` is suppressed.
2. **Dominance** (primary, amounts only): the (n, k) rule statistical offices use. A cell is
   suppressed when its ``n`` largest contributors (2) hold more than ``k`` (85 %) of its total,
   since one of them could then estimate the other's contribution closely.
3. **Secondary suppression**: a suppressed cell must not be recomputable from the published
   ones. Cells of one *measure* are sums over *atoms* (the finest units: an event and a sector
   pair, say); a suppressed cell whose atom vector lies in the span of the published cells'
   vectors could be recomputed exactly (the total minus the other rows, or any other linear
   combination, across every table of the report at once). While one can, a further cell is
   suppressed: one that every such recomputation needs, the cheapest first.

What it does not promise: an interval for a suppressed amount narrower than some protection
level (that needs linear programming over the whole report); only that no suppressed value can
be recomputed exactly. Counts and rates are protected through their numerators, which are
additive.

**Overlapping groups** (``releasable``, the maturity benchmarks: peer groups by sector, size and
province, each optional, published release after release) need another rule, since their members
are known to anyone who knows the companies. Each published group gives sums over its members
(means times sizes, and sums of squares through standard deviations). Whoever knows who is in
which group can add and subtract groups: with "all SMEs" (n = 40) and "all SMEs but in Namur" (n
= 39), one company's scores fall out, though neither group is small. So a group is published
only when, together with every group published so far (in this release and every earlier one),
the partition they generate has no cell ("atom": the members sharing exactly the same groups)
with fewer than ``threshold`` members. Any sum an attacker can derive from published sums is
then a combination of atom sums, each over ``threshold`` companies or more: no derivable figure
covers fewer than ``threshold``.

Groups are considered in the order given (coarse and useful first) and kept greedily. Earlier
releases count: a group whose members changed by one company since it was last published is
held back until enough companies changed, so two releases cannot be differenced either.
"""

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from threadpoolctl import threadpool_limits

#: No configuration may publish cells computed from fewer respondents than this.
MIN_RESPONDENTS_FLOOR = 5
#: Relative tolerance of the linear-algebra tests (atom vectors hold 0 and 1).
_TOLERANCE = 1e-9


class Reason(StrEnum):
    THRESHOLD = "threshold"
    DOMINANCE = "dominance"
    SECONDARY = "secondary"


@dataclass(frozen=True)
class Policy:
    """The configurable part of the rules (validated: a policy that would leak cannot exist)."""

    min_respondents: int = 10
    dominance_n: int = 2
    dominance_k: float = 0.85

    def __post_init__(self) -> None:
        if self.min_respondents < MIN_RESPONDENTS_FLOOR:
            raise ValueError(
                f"the minimum number of respondents is {MIN_RESPONDENTS_FLOOR} or more, "
                f"not {self.min_respondents}"
            )
        if self.dominance_n < 1:
            raise ValueError(f"the dominance rule needs n >= 1, not {self.dominance_n}")
        if not 0 < self.dominance_k < 1:
            raise ValueError(f"the dominance rule needs 0 < k < 1, not {self.dominance_k}")


@dataclass(frozen=True)
class Cell:
    """One figure to publish, as the rules see it.

    ``atoms`` are the finest units it adds up (empty for a figure that adds nothing up, a
    median say: only the primary rules apply to it). Cells of one ``measure`` with the same
    atoms are one figure shown twice (an event's row and its only co-organiser's row) and share
    one decision. ``contributions`` are the amounts per contributor, for the dominance rule
    (``magnitude`` cells only). ``cost`` orders the candidates for secondary suppression:
    totals and large cells cost more to hide.
    """

    key: str
    measure: str
    respondents: int
    atoms: frozenset[Hashable] = frozenset()
    contributions: tuple[float, ...] = ()
    magnitude: bool = False
    cost: float = 0.0
    #: Never chosen for secondary suppression while another candidate exists (a grand total).
    total: bool = False


@dataclass(frozen=True)
class Decision:
    reason: Reason | None

    @property
    def suppressed(self) -> bool:
        return self.reason is not None


PUBLISHED = Decision(None)


def dominated(contributions: Iterable[float], n: int, k: float) -> bool:
    """Whether the ``n`` largest contributions exceed ``k`` of the total (False for no total)."""
    values = sorted((float(value) for value in contributions), reverse=True)
    total = sum(values)
    if total <= 0:
        return False
    return sum(values[:n]) > k * total


def primary_reason(cell: Cell, policy: Policy) -> Reason | None:
    if cell.respondents < policy.min_respondents:
        return Reason.THRESHOLD
    if cell.magnitude and dominated(cell.contributions, policy.dominance_n, policy.dominance_k):
        return Reason.DOMINANCE
    return None


@dataclass
class _Class:
    """The cells of one measure that share their atoms: one figure, one decision."""

    atoms: frozenset[Hashable]
    keys: list[str] = field(default_factory=list)
    reason: Reason | None = None
    cost: float = 0.0
    total: bool = False


def protect(cells: Sequence[Cell], policy: Policy) -> dict[str, Decision]:
    """A decision for every cell key: published, or suppressed with the first reason that
    applies. Deterministic: the same cells always get the same decisions."""
    if len({cell.key for cell in cells}) != len(cells):
        raise ValueError("cell keys must be unique")
    by_measure: dict[str, dict[frozenset[Hashable], _Class]] = defaultdict(dict)
    decisions: dict[str, Decision] = {}
    for cell in cells:
        reason = primary_reason(cell, policy)
        if not cell.atoms:
            decisions[cell.key] = Decision(reason)
            continue
        group = by_measure[cell.measure].setdefault(cell.atoms, _Class(cell.atoms))
        group.keys.append(cell.key)
        group.reason = group.reason or reason
        group.cost = max(group.cost, cell.cost)
        group.total = group.total or cell.total
    for classes in by_measure.values():
        _suppress_secondary(sorted(classes.values(), key=lambda c: sorted(c.keys)))
        for group in classes.values():
            for key in group.keys:
                decisions[key] = Decision(group.reason)
    return decisions


def _suppress_secondary(classes: list[_Class]) -> None:
    """Suppress further classes until no suppressed one is a linear combination of the
    published ones. Each round suppresses at least one more class, so it ends."""
    atoms = sorted({atom for group in classes for atom in group.atoms}, key=repr)
    column = {atom: index for index, atom in enumerate(atoms)}
    vectors = np.zeros((len(classes), len(atoms)))
    for row, group in enumerate(classes):
        vectors[row, [column[atom] for atom in group.atoms]] = 1.0
    while True:
        published = [i for i, group in enumerate(classes) if group.reason is None]
        hidden = [i for i, group in enumerate(classes) if group.reason is not None]
        if not published or not hidden:
            return
        chosen = _cells_to_hide(vectors, published, hidden, classes)
        if not chosen:
            return
        for index in chosen:
            classes[index].reason = Reason.SECONDARY


def _cells_to_hide(
    vectors: np.ndarray, published: list[int], hidden: list[int], classes: list[_Class]
) -> set[int]:
    """For each hidden class that the published ones determine, one published class to hide.

    With ``P`` the published vectors (rows), a hidden vector ``v`` is determined when
    ``v = Pᵀc`` has a solution. The solutions are ``c₀ + null(Pᵀ)``; a published class ``j`` is
    needed by all of them when ``c₀[j] ≠ 0`` and the null space has no component on ``j``:
    hiding it makes ``v`` undetermined. Without such a class (``v`` is reachable in several
    ways), the cheapest class ``c₀`` uses is hidden and the next round looks again.
    """
    matrix = vectors[published]
    # Only the left singular vectors must be complete (the null space of Pᵀ is among them):
    # with fewer classes than atoms, the thin decomposition already has them all, and skips
    # the atoms × atoms matrix a full one builds (most of a ten-year report's time).
    rows, columns = matrix.shape
    # One BLAS thread: these matrices are small, and on a busy host OpenBLAS's threads waiting
    # for cores made one decomposition 50 times slower (benchmarks/impact_report.py).
    with threadpool_limits(limits=1, user_api="blas"):
        left, singular, right = np.linalg.svd(matrix, full_matrices=rows > columns)
    scale = max(matrix.shape) * (singular[0] if singular.size else 1.0)
    rank = int(np.sum(singular > _TOLERANCE * scale))
    basis = right[:rank]
    null = left[:, rank:]
    chosen: set[int] = set()
    for index in hidden:
        target = vectors[index]
        residual = target - basis.T @ (basis @ target)
        if np.linalg.norm(residual) > 1e-7:
            continue  # not recomputable
        coefficients = left[:, :rank] @ ((right[:rank] @ target) / singular[:rank])
        used = [
            position for position in range(len(published)) if abs(coefficients[position]) > 1e-7
        ]
        needed = [p for p in used if null.shape[1] == 0 or np.linalg.norm(null[p]) < 1e-7]
        candidates = needed or used
        best = min(
            candidates,
            key=lambda p: (
                classes[published[p]].total,
                classes[published[p]].cost,
                sorted(classes[published[p]].keys),
            ),
        )
        chosen.add(published[best])
    return chosen


@dataclass(frozen=True)
class Group:
    #: The group's filters (sector, size, province; "" for any).
    key: tuple[str, str, str]
    members: frozenset[int]


class _Partition:
    """The atoms generated by a family of member sets, with the members outside every set kept
    apart: those are never published, so their atom has no minimum size."""

    OUTSIDE = 0

    def __init__(self) -> None:
        self.atom_of: dict[int, int] = {}
        self.sizes: Counter[int] = Counter()
        self.next_atom = 1

    def splits(self, members: frozenset[int]) -> dict[int, int]:
        """Atom -> how many of its members ``members`` takes."""
        return Counter(self.atom_of.get(member, self.OUTSIDE) for member in members)

    def allows(self, members: frozenset[int], threshold: int) -> bool:
        for atom, inside in self.splits(members).items():
            if inside < threshold:
                return False
            if atom != self.OUTSIDE and 0 < self.sizes[atom] - inside < threshold:
                return False
        return True

    def add(self, members: frozenset[int]) -> None:
        renamed: dict[int, int] = {}
        for member in members:
            atom = self.atom_of.get(member, self.OUTSIDE)
            if atom not in renamed:
                renamed[atom] = self.next_atom
                self.next_atom += 1
            self.sizes[atom] -= 1
            self.atom_of[member] = renamed[atom]
            self.sizes[renamed[atom]] += 1


def releasable(
    candidates: Sequence[Group], published: Iterable[frozenset[int]], threshold: int
) -> list[Group]:
    """The candidates that can be published now, in their order (see the module docstring).

    ``published`` are the member sets of every group published before; they are assumed safe
    (they were checked when published). ``threshold`` is the minimum size of every atom.
    """
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    partition = _Partition()
    for members in published:
        partition.add(members)
    kept = []
    for group in candidates:
        if len(group.members) >= threshold and partition.allows(group.members, threshold):
            partition.add(group.members)
            kept.append(group)
    return kept
