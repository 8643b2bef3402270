"""Link-prediction experiments on REAL collaboration data (the development split of H2020
co-participation): is there more in the history than the engine's weighted Adamic–Adar?

    PYTHONPATH=src python benchmarks/matching_linkpred.py ../shared/matching-eval [--seed 0]

Graph and BM25 only (no embeddings, so it runs in a few minutes), every figure from the split's
own ``score.py`` evaluation function on the 300 development queries (recall@10 | new-partner
recall@10, the latter ranked without the query's past partners, as ``--new-only`` does):

1. each pair feature alone: weighted and plain Adamic–Adar, resource allocation, common
   neighbours, Jaccard, activity (log degree), preferential attachment, past tie, two- and
   three-step random walks, personalised PageRank (restart 0.3);
2. a **self-supervised ranker**: hide part of the history (never the truth), compute the
   features on what is left, and fit a listwise softmax model (numpy/scipy) that ranks the
   hidden partners first. Two ways to hide: one joint project off a random 10 % of the ties,
   or whole pseudo-consortia (a tie and common partners of its ends, 3 to 20 members, one
   joint project off every pair: what holding out a project does). ``truth.json`` is only
   read to score;
3. the engine's kind of fusion (weighted per-query z-scores) of weighted Adamic–Adar, activity
   and BM25 (b 0, as shipped), cross-validated over 5 folds of the queries like
   ``matching_real.py``, with and without an added signal (past tie, PageRank, plain
   Adamic–Adar);
4. graph pseudo-relevance feedback: the fusion's own top ``M`` candidates as seeds, and a
   candidate scored by its ties to them (each seed damped by 1 / log(2 + its degree), as
   Adamic–Adar damps a common partner): held-out consortia are cliques, so the partners of
   the likeliest members should be likely members. The fusion's weights as shipped, the
   feedback's weight chosen per fold.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
from matching_real import Split, load_split
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import minimize

from maillage.matching.engine.lexical import LexicalIndex
from maillage.matching.engine.profile import profile_text
from maillage.matching.engine.text import analyse, detect_language

Rows = NDArray[np.float64]
Features = dict[str, Rows]

#: Features the self-supervised ranker uses (all but the ones that only rescale another).
RANKER_FEATURES = ("waa", "aa", "ra", "cn", "jaccard", "activity", "pa", "tie", "rw2", "rw3", "ppr")


def tie_matrix(split: Split) -> sparse.csr_matrix:
    """Symmetric weighted history (a tie given from both ends keeps the larger weight)."""
    row_of = {p: i for i, p in enumerate(split.ids)}
    r, c, w = [], [], []
    for i, profile in enumerate(split.profiles):
        for partner, weight in profile.partners.items():
            j = row_of.get(partner)
            if j is not None and j != i:
                r.append(i)
                c.append(j)
                w.append(float(weight))
    n = len(split.ids)
    ties = sparse.csr_matrix((w, (r, c)), shape=(n, n))
    return ties.maximum(ties.T).tocsr()


def pair_features(ties: sparse.csr_matrix, rows: Sequence[int]) -> Features:
    """Every candidate's features for each query row (dense rows over all profiles)."""
    adjacency = (ties > 0).astype(np.float64).tocsr()
    degree = np.diff(adjacency.indptr).astype(np.float64)
    damping = sparse.diags(1.0 / np.log(2.0 + degree))
    inverse = sparse.diags(1.0 / np.maximum(degree, 1.0))
    mine, mine_plain = ties[list(rows)], adjacency[list(rows)]
    common = (mine_plain @ adjacency).toarray()
    own = degree[list(rows)][:, None]
    walk = (inverse @ adjacency).tocsr()
    start = (sparse.diags(1.0 / np.maximum(own.ravel(), 1.0)) @ mine_plain).tocsr()
    two = start @ walk
    ppr = start.toarray()
    restart = ppr.copy()
    backwards = walk.T.tocsr()
    for _ in range(8):
        ppr = 0.3 * restart + 0.7 * (backwards @ ppr.T).T
    activity = np.log1p(degree)[None, :]
    return {
        "waa": np.log1p((mine @ damping @ ties).toarray()),
        "aa": np.log1p((mine_plain @ damping @ adjacency).toarray()),
        "ra": np.log1p(10 * (mine_plain @ inverse @ adjacency).toarray()),
        "cn": np.log1p(common),
        "jaccard": np.sqrt(common / np.maximum(own + degree[None, :] - common, 1.0)),
        "activity": np.broadcast_to(activity, common.shape).copy(),
        "pa": np.log1p(own) * activity,
        "tie": np.log1p(mine.toarray()),
        "rw2": np.log1p(1e4 * two.toarray()),
        "rw3": np.log1p(1e4 * (two @ walk).toarray()),
        "ppr": np.log1p(1e4 * ppr),
    }


def hide_ties(
    ties: sparse.csr_matrix, rng: np.random.Generator, *, share: float, queries: int
) -> tuple[sparse.csr_matrix, NDArray[np.int64], NDArray[np.bool_]]:
    """One joint project off a random ``share`` of the ties: (what is left, query rows,
    their hidden partners)."""
    upper = sparse.triu(ties, 1).tocoo()
    hidden = rng.binomial(upper.data.astype(np.int64), share)
    n = ties.shape[0]

    def symmetric(values: NDArray[np.int64]) -> sparse.csr_matrix:
        half = sparse.csr_matrix((values.astype(np.float64), (upper.row, upper.col)), (n, n))
        out = (half + half.T).tocsr()
        out.eliminate_zeros()
        return out

    kept, lost = symmetric(upper.data.astype(np.int64) - hidden), symmetric(hidden)
    eligible = np.flatnonzero((np.diff(lost.indptr) > 0) & (np.diff(kept.indptr) > 0))
    rows = np.sort(rng.choice(eligible, min(queries, eligible.size), replace=False))
    return kept, rows, lost[rows].toarray() > 0


def hide_groups(
    ties: sparse.csr_matrix, rng: np.random.Generator, *, groups: int, largest: int
) -> tuple[sparse.csr_matrix, NDArray[np.int64], NDArray[np.bool_]]:
    """Whole pseudo-consortia off the history: a tie drawn by weight, then common partners of
    all members so far (3 to ``largest`` members), one joint project off every pair. The query
    is the tie's first end; its hidden partners the other members."""
    n = ties.shape[0]
    partners = [set(ties.indices[ties.indptr[i] : ties.indptr[i + 1]].tolist()) for i in range(n)]
    upper = sparse.triu(ties, 1).tocoo()
    draw = upper.data / upper.data.sum()
    left = ties.todok()
    chosen: list[list[int]] = []
    used: set[int] = set()
    while len(chosen) < groups:
        tie = int(rng.choice(draw.size, p=draw))
        first, second = int(upper.row[tie]), int(upper.col[tie])
        if first in used:
            continue
        members, common = [first, second], partners[first] & partners[second]
        size = int(rng.integers(3, largest + 1))
        while len(members) < size and common:
            member = int(rng.choice(sorted(common)))
            members.append(member)
            common &= partners[member]
        if len(members) < 3:
            continue
        used.add(first)
        chosen.append(members)
        for a, b in itertools.combinations(members, 2):
            if left[a, b] > 0:
                left[a, b] -= 1
                left[b, a] -= 1
    kept = left.tocsr()
    kept.eliminate_zeros()
    rows = np.array([members[0] for members in chosen], dtype=np.int64)
    hidden = np.zeros((len(chosen), n), dtype=np.bool_)
    for i, members in enumerate(chosen):
        hidden[i, members[1:]] = True
    return kept, rows, hidden


def fit_ranker(
    features: Features,
    rows: Sequence[int],
    positives: NDArray[np.bool_],
    names: Sequence[str],
    *,
    pool: int = 500,
    l2: float = 1e-3,
) -> Rows:
    """Weights of a listwise softmax model: for each query, its ``pool`` best candidates by
    weighted Adamic–Adar (positives are *not* added, so the pool is what ranking will see)."""
    x_all = np.stack([features[name] for name in names], axis=-1)
    blocks, labels = [], []
    for i, row in enumerate(rows):
        prior = features["waa"][i] + 0.5 * features["activity"][i]
        prior[row] = -np.inf
        pool_rows = np.argpartition(-prior, pool)[:pool]
        if positives[i, pool_rows].any():
            blocks.append(x_all[i, pool_rows])
            labels.append(positives[i, pool_rows].astype(np.float64))
    stacked = np.concatenate(blocks)
    mean, std = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    blocks = [(block - mean) / std for block in blocks]

    def loss(w: Rows) -> tuple[float, Rows]:
        total, grad = 0.0, np.zeros_like(w)
        for block, label in zip(blocks, labels, strict=True):
            s = block @ w
            p = np.exp(s - s.max())
            log_z = float(np.log(p.sum()) + s.max())
            p /= p.sum()
            total -= float(label @ (s - log_z)) / label.sum()
            grad += block.T @ p - block.T @ label / label.sum()
        return total / len(blocks) + l2 * float(w @ w), grad / len(blocks) + 2 * l2 * w

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return np.asarray(result.x / std)


def recalls(split: Split, scores: Rows, index: Sequence[int] | None = None) -> tuple[float, float]:
    """Recall@10 and new-partner recall@10 (new only: past partners out of the ranking) of
    score rows for the queries at positions ``index`` (all by default)."""
    index = range(len(split.queries)) if index is None else index
    ids = np.array(split.ids)
    row_of = {p: i for i, p in enumerate(split.ids)}
    ranked, ranked_new, truth = {}, {}, {}
    for i in index:
        query = split.queries[i]
        row = scores[i].copy()
        row[split.rows[i]] = -np.inf
        ranked[query] = ids[np.argsort(-row, kind="stable")[:10]].tolist()
        for partner in split.history[query]:
            if partner in row_of:
                row[row_of[partner]] = -np.inf
        ranked_new[query] = ids[np.argsort(-row, kind="stable")[:10]].tolist()
        truth[query] = split.truth[query]
    recall, _ = split.scorer.evaluate(ranked, truth, 10)
    new_truth = {q: [c for c in t if c not in split.history[q]] for q, t in truth.items()}
    new_truth = {q: t for q, t in new_truth.items() if t}
    new_recall, _ = split.scorer.evaluate({q: ranked_new[q] for q in new_truth}, new_truth, 10)
    return recall, new_recall


def zscores(rows: Rows, own: Sequence[int]) -> Rows:
    """Per-query z-scores over the candidates (the query itself left out), as the engine's
    weighted fusion standardises its signals."""
    valid = np.ones(rows.shape, dtype=np.bool_)
    valid[np.arange(len(own)), own] = False
    mean = np.where(valid, rows, 0).sum(axis=1, keepdims=True) / valid.sum(axis=1, keepdims=True)
    centred = np.where(valid, rows - mean, 0)
    std = np.sqrt((centred**2).sum(axis=1, keepdims=True) / valid.sum(axis=1, keepdims=True))
    return np.asarray(centred / (std + 1e-9))


def cross_validate_fusion(
    split: Split, signals: Mapping[str, Rows], grid: Mapping[str, Sequence[float]], folds: int = 5
) -> tuple[tuple[float, float], list[dict[str, float]]]:
    """Held-out recall@10 | new-partner recall@10 of the fusion whose weights each fold
    chooses on the others (mean of the two recalls), and the choices."""
    order = np.random.default_rng(7).permutation(len(split.queries))
    parts = [sorted(order[f::folds].tolist()) for f in range(folds)]
    combos = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    table = []
    for weights in combos:
        fused = sum(w * signals[name] for name, w in weights.items())
        table.append([recalls(split, np.asarray(fused), part) for part in parts])

    def value(c: int, use: Sequence[int]) -> float:
        sizes = [len(parts[f]) for f in use]
        return sum(sum(table[c][f]) * s for f, s in zip(use, sizes, strict=True)) / sum(sizes)

    held = np.zeros(2)
    chosen = []
    for f in range(folds):
        best = max(range(len(combos)), key=lambda c: value(c, [o for o in range(folds) if o != f]))
        chosen.append(combos[best])
        held += np.array(table[best][f]) * len(parts[f])
    recall, new = held / len(split.queries)
    return (round(float(recall), 4), round(float(new), 4)), chosen


def show(label: str, figures: tuple[float, float]) -> None:
    print(f"{label:58s} {figures[0]:.3f} | {figures[1]:.3f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-queries", type=int, default=1500)
    args = parser.parse_args()
    if not (args.split / "profiles.jsonl").is_file():
        print(f"matching_linkpred: error: no profiles.jsonl in {args.split}", file=sys.stderr)
        return 2
    split = load_split(args.split, Path("var/bench/linkpred"))
    ties = tie_matrix(split)
    dev = pair_features(ties, split.rows)
    print("## Each feature alone (recall@10 | new-partner recall@10)")
    for name, rows in dev.items():
        show(name, recalls(split, rows))

    print("\n## Self-supervised ranker (trained on hidden history, scored on the queries)")
    rng = np.random.default_rng(args.seed)
    hiders: dict[str, Callable[[], tuple[sparse.csr_matrix, NDArray[np.int64], NDArray[np.bool_]]]]
    hiders = {
        "random ties": lambda: hide_ties(ties, rng, share=0.1, queries=args.train_queries),
        "pseudo-consortia": lambda: hide_groups(ties, rng, groups=args.train_queries, largest=20),
    }
    for how, hide in hiders.items():
        kept, rows, hidden = hide()
        train = pair_features(kept, rows.tolist())
        for names in (("waa", "activity"), RANKER_FEATURES):
            weights = fit_ranker(train, rows.tolist(), hidden, names)
            scores = np.asarray(sum(w * dev[name] for name, w in zip(names, weights, strict=True)))
            said = ", ".join(f"{n} {w:+.2f}" for n, w in zip(names, weights, strict=True))
            show(f"{how}, {len(names)} features", recalls(split, scores))
            print(f"    weights: {said}")

    print("\n## Engine-style fusion with BM25 (b 0), cross-validated over 5 folds")
    documents = [analyse(profile_text(p), detect_language(profile_text(p))) for p in split.profiles]
    lexical = LexicalIndex(documents, b=0.0, max_query_terms=32).scores(split.rows)
    signals = {
        "graph": zscores(np.expm1(dev["waa"]), split.rows),
        "activity": zscores(dev["activity"], split.rows),
        "lexical": zscores(lexical.astype(np.float64), split.rows),
    }
    base = {"graph": [1.0, 1.5, 2.0], "activity": [1.0, 2.0, 3.0], "lexical": [0.5, 1.0, 1.5]}
    figures, chosen = cross_validate_fusion(split, signals, base)
    show("graph + activity + lexical (as shipped, no dense)", figures)
    for extra, weights in (("tie", [0.0, 0.5, 1.0, 2.0]), ("ppr", [0.0, 0.5, 1.0])):
        signals[extra] = zscores(dev[extra], split.rows)
        figures, chosen = cross_validate_fusion(split, signals, {**base, extra: weights})
        show(f"... + {extra}", figures)
        print("    per fold: " + "; ".join(str(c[extra]) for c in chosen))

    print("\n## Graph pseudo-relevance feedback on the fusion as shipped, cross-validated")
    shipped = {"graph": [1.5], "activity": [3.0], "lexical": [1.0]}
    fused = 1.5 * signals["graph"] + 3.0 * signals["activity"] + 1.0 * signals["lexical"]
    show("fusion as shipped (no dense)", cross_validate_fusion(split, signals, shipped)[0])
    for seeds in (10, 30):
        signals["prf"] = zscores(graph_feedback(ties, fused, split.rows, seeds), split.rows)
        figures, chosen = cross_validate_fusion(
            split, signals, {**shipped, "prf": [0.0, 0.25, 0.5, 1.0]}
        )
        show(f"... + feedback from the top {seeds}", figures)
        print("    per fold: " + "; ".join(str(c["prf"]) for c in chosen))
    return 0


def graph_feedback(ties: sparse.csr_matrix, fused: Rows, rows: Sequence[int], seeds: int) -> Rows:
    """log(1 + sum over the ``seeds`` best candidates of each query's ``fused`` row (the query
    left out) of tie(candidate, seed) / log(2 + degree(seed)))."""
    adjacency = (ties > 0).astype(np.float64).tocsr()
    degree = np.diff(adjacency.indptr).astype(np.float64)
    damped = (adjacency @ sparse.diags(1.0 / np.log(2.0 + degree))).tocsr()
    chosen = np.zeros_like(fused)
    for i, row in enumerate(rows):
        scores = fused[i].copy()
        scores[row] = -np.inf
        chosen[i, np.argpartition(-scores, seeds)[:seeds]] = 1.0
    return np.log1p(np.asarray((sparse.csr_matrix(chosen) @ damped.T).todense()))


if __name__ == "__main__":
    raise SystemExit(main())
