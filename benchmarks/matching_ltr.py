"""A gradient-boosted ranker (LambdaMART) on REAL collaboration data: does a tree model over the
graph and text features find what the engine's linear fusion misses?

    .venv/bin/pip install lightgbm        # for this experiment only: not a project dependency
    PYTHONPATH=src python benchmarks/matching_ltr.py ../shared/matching-eval [--depth 200]

Graph and BM25 features only (no embeddings: the dense signal adds little once fused, see
``docs/benchmarks.md``, and costs the embedding of 11,840 profiles). Cross-validated exactly like
``matching_linkpred.py``: the 300 development queries in 5 folds (seed 7); for each fold the
model is fitted on the other four (their ``truth.json`` partners are the labels) and ranks the
fifth; every figure is the split's own ``score.py`` evaluation of the five held-out folds
(recall@10 | new-partner recall@10, the latter ranked without the query's past partners).

Candidates: the union of each signal's top ``--depth`` for the query (the query left out); a
profile outside that pool ranks after it, by the plain fusion below. Features of a pair
(query q, candidate c), everything a platform knows (profiles and ``partners``), nothing
derived from how the split was made:

- the link predictors of ``matching_linkpred.pair_features`` (weighted and plain Adamic–Adar,
  resource allocation, common neighbours, Jaccard, activity, preferential attachment, past tie,
  two- and three-step walks, personalised PageRank);
- BM25 (b 0, 32 query terms, as shipped), raw and as a per-query z-score and rank;
- the engine's kind of fusion with equal weights (z(weighted Adamic–Adar) + z(activity) +
  z(BM25), fixed before any fit: the shipped weights were chosen on all 300 queries), its rank,
  and graph pseudo-relevance feedback from its top 10 (as ``matching_linkpred``);
- pair interactions: share of c's partners that are q's partners, and of q's that are c's;
  undamped two-step path count weighted by joint projects; c's joint projects in all; q's
  degree; c's and q's number of distinct partner countries; same country; share of q's partners
  in c's country; description lengths of c and q (words).

Models (hyper-parameters fixed before the first run, not tuned on these folds): LambdaMART
trained on all true partners (ranks both lists), and a second one trained on new partners only
with the query's past partners out of its lists (ranks the new-only list, as ``--new-only``
would). The engine's fusion (graph, activity, BM25; weights chosen per fold as in
``matching_linkpred``) is rerun on the same folds for a paired comparison.

Controls, because queries of one held-out project share their true partners: the model without
the candidate-level values that can single an organisation out, and a model trained with the
candidates of one random half of the profiles, scored within the other half and within its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from matching_linkpred import (
    Rows,
    cross_validate_fusion,
    graph_feedback,
    pair_features,
    recalls,
    show,
    tie_matrix,
    zscores,
)
from matching_real import Split, load_split
from numpy.typing import NDArray
from scipy import sparse

from maillage.matching.engine.lexical import LexicalIndex
from maillage.matching.engine.profile import profile_text
from maillage.matching.engine.text import analyse, detect_language

try:
    import lightgbm
except ImportError:  # an experiment's own requirement, not the project's
    lightgbm = None

#: Signals whose top ``--depth`` make the candidate pool.
POOL_SIGNALS = ("waa", "aa", "cn", "ppr", "rw3", "tie", "activity", "lexical", "fused")

#: LambdaMART settings, fixed before the first run (a common default; not tuned on the folds).
PARAMS = {
    "objective": "lambdarank",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 30,
    "eval_at": [10],
    "num_threads": 1,
    "seed": 7,
    "deterministic": True,
    "verbose": -1,
}
ROUNDS = 300
#: Candidate-level values that, together, can single out one organisation (a fingerprint).
CANDIDATE_DESCRIPTORS = ("words", "projects", "countries")


def ranks(rows: Rows) -> Rows:
    """log(1 + rank) of every candidate in its query's row (0 for the best)."""
    order = np.argsort(-rows, axis=1, kind="stable")
    out = np.empty_like(rows)
    np.put_along_axis(
        out, order, np.log1p(np.arange(rows.shape[1], dtype=np.float64))[None, :], axis=1
    )
    return out


def all_features(split: Split, ties: sparse.csr_matrix) -> tuple[dict[str, Rows], Rows]:
    """Every feature as a (queries × profiles) row matrix, and the equal-weight fusion."""
    rows = split.rows
    features = pair_features(ties, rows)
    documents = [analyse(profile_text(p), detect_language(profile_text(p))) for p in split.profiles]
    lexical = LexicalIndex(documents, b=0.0, max_query_terms=32).scores(rows).astype(np.float64)
    fused = (
        zscores(np.expm1(features["waa"]), rows)
        + zscores(features["activity"], rows)
        + zscores(lexical, rows)
    )
    adjacency = (ties > 0).astype(np.float64).tocsr()
    degree = np.diff(adjacency.indptr).astype(np.float64)
    common = np.expm1(features["cn"])
    own = degree[rows][:, None]
    countries = np.array([p.country for p in split.profiles])
    code = {c: k for k, c in enumerate(sorted(set(countries)))}
    country_of = np.array([code[c] for c in countries])
    by_country = sparse.csr_matrix(
        (np.ones(len(country_of)), (np.arange(len(country_of)), country_of)),
        shape=(len(country_of), len(code)),
    )
    partner_countries = adjacency @ by_country  # profiles × countries: partners there
    distinct = np.log1p(np.asarray((partner_countries > 0).sum(axis=1)).ravel())
    mine = partner_countries[rows].toarray()  # queries × countries
    in_country = mine[:, country_of] / np.maximum(own, 1.0)
    words = np.log1p(np.array([len(p.description.split()) for p in split.profiles], float))
    shape = fused.shape

    def per_candidate(values: NDArray[np.float64]) -> Rows:
        return np.broadcast_to(values[None, :], shape).copy()

    def per_query_row(values: NDArray[np.float64]) -> Rows:
        return np.broadcast_to(values[:, None], shape).copy()

    features.update(
        {
            "lexical": lexical,
            "lexical_z": zscores(lexical, rows),
            "lexical_rank": ranks(lexical),
            "waa_z": zscores(features["waa"], rows),
            "waa_rank": ranks(features["waa"]),
            "fused": fused,
            "fused_rank": ranks(fused),
            "prf": graph_feedback(ties, fused, rows, 10),
            "share_of_candidate": common / np.maximum(degree[None, :], 1.0),
            "share_of_query": common / np.maximum(own, 1.0),
            "paths2": np.log1p((ties[rows] @ ties).toarray()),
            "projects": per_candidate(np.log1p(np.asarray(ties.sum(axis=1)).ravel())),
            "query_degree": per_query_row(np.log1p(degree[rows])),
            "countries": per_candidate(distinct),
            "query_countries": per_query_row(distinct[rows]),
            "same_country": (country_of[rows][:, None] == country_of[None, :]).astype(float),
            "country_share": in_country,
            "words": per_candidate(words),
            "query_words": per_query_row(words[rows]),
        }
    )
    return features, fused


def candidate_pools(
    features: Mapping[str, Rows], rows: Sequence[int], depth: int
) -> list[NDArray[np.int64]]:
    """Per query, the sorted union of each pool signal's top ``depth`` (the query left out)."""
    pools = []
    for i, row in enumerate(rows):
        chosen: set[int] = set()
        for name in POOL_SIGNALS:
            values = features[name][i].copy()
            values[row] = -np.inf
            chosen.update(np.argpartition(-values, depth)[:depth].tolist())
        chosen.discard(row)
        pools.append(np.array(sorted(chosen)))
    return pools


def fit_and_rank(
    x: NDArray[np.float64],
    labels: Sequence[NDArray[np.bool_]],
    pools: Sequence[NDArray[np.int64]],
    fused: Rows,
    parts: Sequence[Sequence[int]],
    *,
    keep: Sequence[NDArray[np.bool_]],
    trained_on: NDArray[np.bool_] | None = None,
) -> tuple[Rows, NDArray[np.float64]]:
    """Held-out scores of every query (fitted on the other folds) and the mean gain of each
    feature. ``x`` stacks all queries' pools; ``keep`` says which pool rows a model sees, and
    ``trained_on`` (a mask over profiles) which candidates the training lists may hold."""
    starts = np.concatenate([[0], np.cumsum([len(p) for p in pools])])
    scores = fused - 1e6  # outside the pool: after it, by the plain fusion
    gain = np.zeros(x.shape[1])
    seen = list(keep)
    if trained_on is not None:
        seen = [k & trained_on[pool] for k, pool in zip(keep, pools, strict=True)]
    for f, test in enumerate(parts):
        train = [q for g, part in enumerate(parts) if g != f for q in part]
        train = [q for q in train if labels[q][seen[q]].any()]
        blocks = [x[starts[q] : starts[q + 1]][seen[q]] for q in train]
        data = lightgbm.Dataset(
            np.concatenate(blocks),
            label=np.concatenate([labels[q][seen[q]] for q in train]).astype(float),
            group=[len(b) for b in blocks],
        )
        model = lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)
        gain += model.feature_importance("gain")
        for q in test:
            scores[q, pools[q]] = model.predict(x[starts[q] : starts[q + 1]], num_threads=1)
    return scores, gain / gain.sum()


def per_query(
    split: Split, scores: Rows, among: NDArray[np.bool_] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each query's recall@10 and new-partner recall@10 (NaN without new partners), by the
    split's own evaluation function on one query at a time; with ``among`` (a mask over
    profiles), ranking and truth restricted to those profiles (NaN where no partner is left)."""
    ids = np.array(split.ids)
    row_of = {p: i for i, p in enumerate(split.ids)}
    allowed = set(ids[among].tolist()) if among is not None else set(split.ids)
    every, new = np.full(len(split.queries), np.nan), np.full(len(split.queries), np.nan)
    for i, query in enumerate(split.queries):
        row = scores[i].copy()
        row[split.rows[i]] = -np.inf
        if among is not None:
            row[~among] = -np.inf
        true = [c for c in split.truth[query] if c in allowed]
        ranked = ids[np.argsort(-row, kind="stable")[:10]].tolist()
        if true:
            every[i] = split.scorer.evaluate({query: ranked}, {query: true}, 10)[0]
        new_true = [c for c in true if c not in split.history[query]]
        if new_true:
            row[[row_of[p] for p in split.history[query] if p in row_of]] = -np.inf
            ranked = ids[np.argsort(-row, kind="stable")[:10]].tolist()
            new[i] = split.scorer.evaluate({query: ranked}, {query: new_true}, 10)[0]
    return every, new


def paired(label: str, ours: NDArray[np.float64], theirs: NDArray[np.float64]) -> None:
    """Mean per-query difference and its standard error (queries as the sample)."""
    diff = (ours - theirs)[~np.isnan(ours - theirs)]
    error = diff.std(ddof=1) / np.sqrt(diff.size)
    print(f"    {label}: {diff.mean():+.4f} ± {error:.4f} (standard error, {diff.size} queries)")


def controls(
    split: Split,
    x: NDArray[np.float64],
    labels: Sequence[NDArray[np.bool_]],
    pools: Sequence[NDArray[np.int64]],
    fused: Rows,
    *,
    parts: Sequence[Sequence[int]],
    names: Sequence[str],
    baseline: Rows,
) -> None:
    """Is the gain the model's recognition of partners shared between held-out queries?"""
    everyone = [np.ones(len(p), dtype=np.bool_) for p in pools]
    base_all = per_query(split, baseline)[0]
    print("\n## Controls: is the gain recognition of shared partners?")
    anonymous = [k for k, n in enumerate(names) if n not in CANDIDATE_DESCRIPTORS]
    scores, _ = fit_and_rank(x[:, anonymous], labels, pools, fused, parts, keep=everyone)
    show("LambdaMART without " + ", ".join(CANDIDATE_DESCRIPTORS), recalls(split, scores))
    paired("minus the fusion, recall@10", per_query(split, scores)[0], base_all)
    # 95 % of a held-out query's true partners are true partners of training queries too (queries
    # of one held-out project share them), so a tree could learn who they are. Here the profiles
    # are cut in two random halves: a model trained with one half's candidates ranks the other
    # half's, and the fusion is scored on the same halves (recall over each half's partners).
    half = np.random.default_rng(7).random(len(split.ids)) < 0.5
    other, same, theirs = [], [], []
    for trained_on in (half, ~half):
        scores, _ = fit_and_rank(
            x, labels, pools, fused, parts, keep=everyone, trained_on=trained_on
        )
        other.append(np.stack(per_query(split, scores, among=~trained_on)))
        same.append(np.stack(per_query(split, scores, among=trained_on)))
        theirs.append(np.stack(per_query(split, baseline, among=~trained_on)))
    unseen, seen, base = (np.concatenate(r, axis=1) for r in (other, same, theirs))
    show("fusion, ranked within a half", tuple(np.nanmean(base, axis=1).round(4)))
    show("LambdaMART trained on the other half", tuple(np.nanmean(unseen, axis=1).round(4)))
    paired("minus the fusion, recall@10 within a half", unseen[0], base[0])
    paired("minus the fusion, new-partner recall@10 within a half", unseen[1], base[1])
    # The same models on the half they were trained with (the fusion scored there too, by
    # symmetry the halves swap): what recognising the candidates adds.
    show("LambdaMART trained on the same half", tuple(np.nanmean(seen, axis=1).round(4)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--depth", type=int, default=200)
    args = parser.parse_args()
    if lightgbm is None:
        print("matching_ltr: error: needs lightgbm (pip install lightgbm)", file=sys.stderr)
        return 2
    if not (args.split / "profiles.jsonl").is_file():
        print(f"matching_ltr: error: no profiles.jsonl in {args.split}", file=sys.stderr)
        return 2
    split = load_split(args.split, Path("var/bench/ltr"))
    ties = tie_matrix(split)
    features, fused = all_features(split, ties)
    names = sorted(features)
    pools = candidate_pools(features, split.rows, args.depth)
    row_of = {p: i for i, p in enumerate(split.ids)}
    truth = [np.array([row_of[t] for t in split.truth[q] if t in row_of]) for q in split.queries]
    past = [np.array([row_of[p] for p in split.history[q] if p in row_of]) for q in split.queries]
    labels, new_labels, not_past = [], [], []
    for pool, true, old in zip(pools, truth, past, strict=True):
        labels.append(np.isin(pool, true))
        not_past.append(~np.isin(pool, old))
        new_labels.append(labels[-1] & not_past[-1])
    found = sum(int(lab.sum()) for lab in labels) / sum(len(t) for t in truth)
    new_total = sum(int((~np.isin(t, o)).sum()) for t, o in zip(truth, past, strict=True))
    new_found = sum(int(lab.sum()) for lab in new_labels) / new_total
    print(
        f"pool: {np.mean([len(p) for p in pools]):.0f} candidates per query (top {args.depth} "
        f"of {len(POOL_SIGNALS)} signals); true partners in it {found:.3f}, new ones "
        f"{new_found:.3f}",
        flush=True,
    )
    x = np.concatenate(
        [np.stack([features[n][i, pool] for n in names], axis=1) for i, pool in enumerate(pools)]
    )

    order = np.random.default_rng(7).permutation(len(split.queries))
    parts = [sorted(order[f::5].tolist()) for f in range(5)]
    print("\n## Held-out folds (recall@10 | new-partner recall@10)")
    signals = {
        "graph": zscores(np.expm1(features["waa"]), split.rows),
        "activity": zscores(features["activity"], split.rows),
        "lexical": features["lexical_z"],
    }
    base = {"graph": [1.0, 1.5, 2.0], "activity": [1.0, 2.0, 3.0], "lexical": [0.5, 1.0, 1.5]}
    figures, chosen = cross_validate_fusion(split, signals, base)
    show("fusion graph + activity + lexical, weights per fold", figures)
    baseline = np.zeros_like(fused)
    for part, weights in zip(parts, chosen, strict=True):
        baseline[part] = sum(w * signals[name][part] for name, w in weights.items())
    base_all, base_new = per_query(split, baseline)
    everyone = [np.ones(len(p), dtype=np.bool_) for p in pools]
    scores, gain = fit_and_rank(x, labels, pools, fused, parts, keep=everyone)
    figures = recalls(split, scores)
    show("LambdaMART, all partners", figures)
    paired("minus the fusion, recall@10", per_query(split, scores)[0], base_all)
    paired("minus the fusion, new-partner recall@10", per_query(split, scores)[1], base_new)
    new_scores, new_gain = fit_and_rank(x, new_labels, pools, fused, parts, keep=not_past)
    show("LambdaMART trained on new partners (new-only list)", recalls(split, new_scores))
    paired("minus the fusion, new-partner recall@10", per_query(split, new_scores)[1], base_new)
    for label, shares in (("all", gain), ("new", new_gain)):
        top = np.argsort(-shares)[:8]
        print(f"    gain ({label}): " + ", ".join(f"{names[k]} {shares[k]:.2f}" for k in top))

    controls(split, x, labels, pools, fused, parts=parts, names=names, baseline=baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
