"""Per-query signal rows and their fusion (weighted z-scores, or reciprocal rank fusion)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

Row = NDArray[np.float64]

#: Signals read from the profiles' texts and labels...
TEXT_SIGNALS = ("dense", "lexical", "taxonomy", "direction")
#: ...and from the collaboration graph (``graph.py``).
GRAPH_SIGNALS = ("graph", "activity")
SIGNALS = TEXT_SIGNALS + GRAPH_SIGNALS

#: Signals that are evidence *for* a pair when high but no evidence against it when low: an
#: offer that meets no need of a candidate says nothing about the candidate as a topical peer.
ONE_SIDED = frozenset({"direction", "taxonomy"})


def zscore(row: Row, valid: NDArray[np.bool_]) -> Row:
    """Standardise ``row`` over ``valid`` entries; invalid entries (and NaN) become 0 (neutral)."""
    out = np.zeros_like(row)
    usable = valid & ~np.isnan(row)
    if usable.sum() < 2:
        return out
    values = row[usable]
    std = float(values.std())
    if std < 1e-9:
        return out
    out[usable] = (values - float(values.mean())) / std
    return out


def rrf(row: Row, valid: NDArray[np.bool_], k: int, *, sparse_signal: bool) -> Row:
    """Reciprocal-rank contribution ``1 / (k + rank)`` of each valid candidate (rank from 1)."""
    out = np.zeros_like(row)
    usable = valid & ~np.isnan(row)
    if sparse_signal:
        usable &= row > 0
    candidates = np.flatnonzero(usable)
    if candidates.size == 0:
        return out
    order = candidates[np.argsort(-row[candidates], kind="stable")]
    out[order] = 1.0 / (k + np.arange(1, order.size + 1))
    return out


def fuse(
    rows: Mapping[str, Row],
    valid: NDArray[np.bool_],
    weights: Mapping[str, float],
    *,
    method: str = "weighted",
    rrf_k: int = 60,
    margins: Mapping[str, float] | None = None,
) -> tuple[Row, dict[str, Row]]:
    """Fused score per candidate and the normalised rows that made it.

    ``margins`` (weighted fusion only): a one-sided signal counts for a candidate only by how
    far its z-score exceeds the signal's margin, so weak evidence adds nothing.
    """
    normalised: dict[str, Row] = {}
    fused = np.zeros(valid.shape[0], dtype=np.float64)
    for name, row in rows.items():
        weight = float(weights.get(name, 0.0))
        if method == "rrf":
            part = rrf(row, valid, rrf_k, sparse_signal=name in {"lexical", "taxonomy"})
        else:
            part = zscore(row, valid)
            if name in ONE_SIDED:
                part = np.maximum(part - (margins or {}).get(name, 0.0), 0.0)
        normalised[name] = part
        if weight:
            fused += weight * part
    return fused, normalised
