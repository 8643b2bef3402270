"""The offer/need direction signal: A's offers meet B's needs, and the reverse.

Vectors of offers (needs) are stored grouped by owner; for a block of query rows, one matrix
product gives every pair's best cosine (a product per query was slower than all the rest of the
ranking together, docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .embeddings import Matrix
from .signals import Row


def group_max(
    values: NDArray[np.floating], owners: NDArray[np.int64], starts: NDArray[np.int64], n: int
) -> Row:
    """Maximum of ``values`` per owner (rows grouped contiguously); NaN where an owner has none."""
    out = np.full(n, np.nan)
    if starts.size == values.size:  # one vector per owner (the usual case): nothing to reduce
        out[owners] = values
    elif values.size:
        out[owners[starts]] = np.maximum.reduceat(values, starts)
    return out


def group_starts(owner: NDArray[np.int64]) -> NDArray[np.int64]:
    """Index of the first vector of each owner present in ``owner`` (sorted by owner)."""
    if owner.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]).astype(np.int64)


def best_matches(
    rows: Sequence[int],
    own: tuple[Matrix, NDArray[np.int64]],
    other: tuple[Matrix, NDArray[np.int64], NDArray[np.int64]],
    n: int,
) -> list[Row]:
    """For each query row: per candidate, the best cosine between one of the row's ``own``
    vectors (offers, or needs; ``(vectors, start offsets per row)``) and one of the candidate's
    ``other`` vectors (needs, or offers; ``(vectors, owners, group starts)``); NaN where either
    side has none."""
    own_vectors, own_start = own
    other_vectors, other_owner, other_starts = other
    spans = [(int(own_start[r]), int(own_start[r + 1])) for r in rows]
    empty = np.full(n, np.nan)
    if other_vectors.shape[0] == 0 or all(a == b for a, b in spans):
        return [empty] * len(rows)
    index = np.concatenate([np.arange(a, b) for a, b in spans])
    sims = own_vectors[index] @ other_vectors.T
    out = []
    position = 0
    for a, b in spans:
        if a == b:
            out.append(empty)
            continue
        best = sims[position] if b - a == 1 else sims[position : position + b - a].max(axis=0)
        out.append(group_max(best, other_owner, other_starts, n))
        position += b - a
    return out


def direction_row(gives: Row, takes: Row, *, mutual: bool) -> Row:
    """One signal from both ways: max(gives, takes) + ½ min(gives, takes) when both exist;
    ``mutual`` (B2B) needs both ways and keeps min(gives, takes)."""
    both = np.fmin(gives, takes)
    if mutual:
        return both
    either = np.fmax(gives, takes)
    return either + 0.5 * np.nan_to_num(both, nan=0.0) * ~np.isnan(both)
