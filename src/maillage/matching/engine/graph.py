"""The collaboration graph: who already worked with whom, as a link-prediction signal.

Nodes are the profiles (candidates) and, optionally, *context* organisations known only by their
ties (they connect candidates and are named in explanations, but are never suggested). Ties come
from ``Profile.partners``: symmetric, weighted (number of joint projects or meetings); a tie
given from both ends keeps the larger weight.

Scores, for a query q and a candidate c:

- ``graph``: weighted Adamic–Adar, the sum over common partners n of
  w(q, n) · w(n, c) / log(2 + degree(n)): partners in common count, a partner who works with
  everybody counts less. Measured on real co-participation data against resource allocation,
  personalised PageRank (restart 0.15 to 0.7), three-step paths and spectral embeddings; it
  ranked true partners best (docs/benchmarks.md, "Real collaboration data").
- ``activity``: log(1 + degree(c)): organisations that take part in many collaborations are
  likelier partners of any new one (preferential attachment).

Privacy: ``Profile.private_partners`` are ties only the profile's own people may see. They
extend the *query's* first hop (the query knows its own meetings), and nothing else: degrees,
second hops and explanations use the ties everyone may see, so one member's private tie never
changes what another member is told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .profile import Profile

Row = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CommonPartners:
    """Why the graph suggests a candidate: the partners it shares with the query."""

    #: Names of the strongest common partners that have one, strongest first.
    named: tuple[str, ...]
    #: How many common partners there are in all (named or not).
    count: int


class CollaborationGraph:
    """Symmetric weighted ties over profile rows ``0..n-1`` and context nodes after them."""

    def __init__(self, profiles: Sequence[Profile], context: Sequence[Profile] = ()) -> None:
        nodes = [*profiles, *context]
        self.n_candidates = len(profiles)
        self.node_of = {p.id: node for node, p in enumerate(nodes)}
        # A profile is named as elsewhere in explanations (its id when it has no name); a
        # context organisation without a name is counted, never named.
        self.names = [p.name or p.id for p in profiles] + [p.name for p in context]
        #: Partner ids that are neither a profile nor a context node (ignored, for a warning).
        self.unknown: set[str] = set()
        rows: list[int] = []
        cols: list[int] = []
        weights: list[float] = []
        #: Per query row: its private ties (node -> weight), seen only when it is the query.
        self.private: dict[int, dict[int, float]] = {}
        for node, profile in enumerate(nodes):
            for partner, weight in profile.partners.items():
                other = self._node(partner)
                if other is not None and other != node:
                    rows.append(node)
                    cols.append(other)
                    weights.append(float(weight))
            if node < self.n_candidates and profile.private_partners:
                ties = {}
                for partner, weight in profile.private_partners.items():
                    other = self._node(partner)
                    if other is not None and other != node:
                        ties[other] = float(weight)
                if ties:
                    self.private[node] = ties
        size = len(nodes)
        ties_matrix = sparse.csr_matrix(
            (np.array(weights, dtype=np.float64), (rows, cols)), shape=(size, size)
        )
        #: Public ties, symmetric; a tie stated from both ends keeps the larger weight.
        self.ties: sparse.csr_matrix = ties_matrix.maximum(ties_matrix.T).tocsr()
        self.ties.eliminate_zeros()
        #: Number of distinct public partners of each node.
        self.degree = np.diff(self.ties.indptr).astype(np.float64)
        self._damping = sparse.diags(1.0 / np.log(2.0 + self.degree))
        # Common partners go through this: ties scaled by 1 / log(2 + degree) of the partner.
        self._through = (self._damping @ self.ties).tocsr()
        self._activity = np.log1p(self.degree[: self.n_candidates])

    def _node(self, partner: str) -> int | None:
        node = self.node_of.get(partner)
        if node is None:
            self.unknown.add(partner)
        return node

    @property
    def n_ties(self) -> int:
        return int(self.ties.nnz // 2)

    def __bool__(self) -> bool:
        return self.ties.nnz > 0 or bool(self.private)

    def first_hop(self, rows: Sequence[int]) -> sparse.csr_matrix:
        """Each query row's ties as the query sees them: public ones and its own private ones."""
        block = self.ties[list(rows)].tolil()
        for i, row in enumerate(rows):
            for node, weight in self.private.get(row, {}).items():
                block[i, node] = max(float(block[i, node]), weight)
        return block.tocsr()

    def scores(self, rows: Sequence[int]) -> tuple[list[Row], list[Row]]:
        """Per query row, the ``graph`` and ``activity`` rows over the candidates.

        Rows of a query with no visible tie are NaN (no information), as are all rows when the
        graph has no tie at all.
        """
        n = self.n_candidates
        hop = self.first_hop(rows)
        adamic_adar = (hop @ self._through[:, :n]).toarray()
        has_ties = np.diff(hop.indptr) > 0
        nothing = np.full(n, np.nan)
        graph = [adamic_adar[i] if has_ties[i] else nothing for i in range(len(rows))]
        activity = [self._activity if has_ties[i] else nothing for i in range(len(rows))]
        return graph, activity

    def partners_of(self, row: int) -> dict[int, float]:
        """The query's ties as it sees them (public and its own private ones)."""
        start, end = self.ties.indptr[row], self.ties.indptr[row + 1]
        ties = dict(
            zip(
                self.ties.indices[start:end].tolist(),
                self.ties.data[start:end].tolist(),
                strict=True,
            )
        )
        for node, weight in self.private.get(row, {}).items():
            ties[node] = max(ties.get(node, 0.0), weight)
        return ties

    def common_partners(self, row: int, other: int, *, names: int = 3) -> CommonPartners:
        """The partners ``row`` (as the query sees its ties) shares with ``other`` (public ties),
        strongest first by their contribution to the score."""
        mine = self.partners_of(row)
        start, end = self.ties.indptr[other], self.ties.indptr[other + 1]
        theirs = self.ties.indices[start:end]
        weights = self.ties.data[start:end]
        shared = [
            (mine[int(node)] * float(weight) / float(np.log(2.0 + self.degree[node])), int(node))
            for node, weight in zip(theirs, weights, strict=True)
            if int(node) in mine and int(node) != row
        ]
        shared.sort(key=lambda item: (-item[0], self.names[item[1]]))
        named = tuple(self.names[node] for _, node in shared if self.names[node])[:names]
        return CommonPartners(named=named, count=len(shared))

    def tie(self, row: int, other: int) -> float:
        """Weight of the tie between two rows as ``row`` sees it (0 when none)."""
        return self.partners_of(row).get(other, 0.0)

    def partner_mask(self, row: int) -> NDArray[np.bool_]:
        """Candidates the query already worked with (as it sees its ties)."""
        mask = np.zeros(self.n_candidates, dtype=np.bool_)
        for node in self.partners_of(row):
            if node < self.n_candidates:
                mask[node] = True
        return mask
