"""Ranking metrics and the TF-IDF baseline for the matching benchmarks."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from maillage.matching.engine.text import fold


def ndcg_at(ranked: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    """Graded nDCG with gains ``2**grade - 1``."""
    gain = sum((2 ** grades.get(x, 0) - 1) / math.log2(i + 2) for i, x in enumerate(ranked[:k]))
    best = sorted(grades.values(), reverse=True)[:k]
    ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(best))
    return gain / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    for i, x in enumerate(ranked):
        if x in relevant:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(
    rankings: dict[str, list[str]],
    relevant: dict[str, set[str]],
    grades: dict[tuple[str, str], int] | None = None,
) -> dict[str, float]:
    """Mean nDCG@10 (graded when ``grades`` is given), recall@10 and MRR over ``rankings``."""
    queries = [q for q in rankings if relevant.get(q)]

    def graded(q: str) -> dict[str, int]:
        return {x: (grades or {}).get((q, x), 1) for x in relevant[q]}

    return {
        "ndcg@10": float(np.mean([ndcg_at(rankings[q], graded(q)) for q in queries])),
        "recall@10": float(np.mean([recall_at(rankings[q], relevant[q]) for q in queries])),
        "mrr": float(np.mean([reciprocal_rank(rankings[q], relevant[q]) for q in queries])),
        "queries": float(len(queries)),
    }


def tfidf_matrix(texts: Sequence[str]) -> NDArray[np.float64]:
    """Plain TF-IDF (folded word tokens, no stemming, no stop list), rows L2-normalised."""
    docs = [Counter(re.findall(r"\w+", fold(t))) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    df = np.zeros(len(vocab))
    for d in docs:
        for w in d:
            df[vocab[w]] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    out = np.zeros((len(docs), len(vocab)))
    for row, d in enumerate(docs):
        for w, tf in d.items():
            out[row, vocab[w]] = (1 + math.log(tf)) * idf[vocab[w]]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return out / norms
