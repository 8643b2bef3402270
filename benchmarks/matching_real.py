"""Partner matching on REAL collaboration data: the development split of H2020 co-participation.

    PYTHONPATH=src python benchmarks/matching_real.py ../shared/matching-eval \\
        [--cache-dir var/bench/real-cache] [--workers 2] [--folds 5] [--out var/bench/real]

The split (README, ``profiles.jsonl`` with ``partners``, ``queries.txt``, ``truth.json``,
``score.py``) is read where it lies and never copied. Every figure is computed by the split's own
``score.py`` on a results file written here (top 50 per query), as ``maillage match`` writes it:

1. baselines: TF-IDF cosine, Adamic–Adar on ``partners``, their naive sum (the README's);
2. the engine as shipped: with the history, with the history and ``new_only``, and on text alone
   (``partners`` removed from every profile);
3. cross-validation of the fusion (the honest figure for a held-out split of the same kind): the
   300 queries are cut into ``--folds`` folds; for each fold the weights and BM25's ``b`` are
   chosen on the other folds (grid below) and the fold is ranked with them. The weights chosen
   on each fold are printed, so their stability shows.

The engine reads its embeddings from ``--cache-dir`` (a first run embeds 11,840 profiles: about
ten minutes on two idle cores).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import math
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from maillage.matching.engine import (
    EmbeddingCache,
    MatchConfig,
    Matcher,
    ParallelEmbedder,
    Profile,
    make_embedder,
    read_profiles,
)
from maillage.matching.engine.config import DESCRIPTION_MARGINS
from maillage.matching.engine.lexical import LexicalIndex
from maillage.matching.engine.profile import profile_text
from maillage.matching.engine.signals import SIGNALS, fuse
from maillage.matching.engine.stopwords import STOPWORDS
from maillage.matching.engine.text import analyse, detect_language

TOP = 50

#: Fusion weights searched by the cross-validation (description-only queries: taxonomy is
#: silent, direction keeps its margin and weight).
GRID: Mapping[str, Sequence[float]] = {
    "dense": [0.0, 0.25, 0.5],
    "lexical": [0.5, 1.0, 1.5],
    "graph": [0.5, 1.0, 1.5, 2.0],
    "activity": [0.5, 1.0, 1.5, 2.0],
}
#: ...and on text alone (the graph signals are silent there).
TEXT_GRID: Mapping[str, Sequence[float]] = {
    "dense": [0.0, 0.25, 0.5, 1.0],
    "lexical": [0.5, 1.0, 1.5],
    "graph": [0.0],
    "activity": [0.0],
}
#: BM25 length normalisation searched with the weights.
B_GRID = [0.0, 0.25, 0.75]

type Rankings = dict[str, list[str]]


@dataclass
class Split:
    """The development split, read once."""

    path: Path
    out: Path
    scorer: ModuleType
    profiles: list[Profile]
    queries: list[str]
    truth: dict[str, list[str]]
    history: dict[str, set[str]]
    ids: list[str]
    rows: list[int]


def load_split(path: Path, out: Path) -> Split:
    spec = importlib.util.spec_from_file_location("split_score", path / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"matching_real: error: no score.py in {path}")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    profiles = read_profiles(path / "profiles.jsonl")
    queries = [line.strip() for line in (path / "queries.txt").open() if line.strip()]
    by_id = {p.id: p for p in profiles}
    row_of = {p.id: i for i, p in enumerate(profiles)}
    return Split(
        path=path,
        out=out,
        scorer=scorer,
        profiles=profiles,
        queries=queries,
        truth=json.loads((path / "truth.json").read_text()),
        history={q: set(by_id[q].partners) for q in queries},
        ids=[p.id for p in profiles],
        rows=[row_of[q] for q in queries],
    )


def score_file(
    split: Split, name: str, rankings: Rankings, scores: Mapping[str, Sequence[float]]
) -> str:
    """Write a results file as ``maillage match`` does and score it with the split's score.py."""
    path = split.out / f"{name}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for query, ranked in rankings.items():
            matches = [
                {"id": c, "score": round(float(s), 4)}
                for c, s in zip(ranked, scores[query], strict=True)
            ]
            out.write(json.dumps({"id": query, "matches": matches}) + "\n")
    # The split's own scorer, run as its README says (a file we were given, by this interpreter).
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(split.path / "score.py"), str(path), "10", str(split.path)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(done.stdout)
    return (
        f"{figures['recall@10']:.3f} / {figures['mrr']:.3f} | "
        f"{figures['new_partner_recall@10']:.3f} / {figures['new_partner_mrr']:.3f}"
    )


def top_ids(
    row: NDArray[np.float64], valid: NDArray[np.bool_], ids: Sequence[str]
) -> tuple[list[str], list[float]]:
    fused = np.where(valid, row, -np.inf)
    k = min(TOP, int(valid.sum()))
    best = np.argpartition(-fused, k - 1)[:k]
    best = best[np.argsort(-fused[best], kind="stable")]
    return [ids[i] for i in best], [float(fused[i]) for i in best]


# -- baselines ---------------------------------------------------------------------------------


def tfidf_scores(profiles: Sequence[Profile], rows: Sequence[int]) -> NDArray[np.float64]:
    """TF-IDF cosine on ``description`` (sublinear tf, English stop words, min_df 2)."""
    stop = STOPWORDS["en"]
    docs = [
        Counter(w for w in re.findall(r"(?u)\b\w\w+\b", p.description.lower()) if w not in stop)
        for p in profiles
    ]
    df = Counter(w for d in docs for w in d)
    vocabulary = {w: i for i, w in enumerate(sorted(w for w, c in df.items() if c >= 2))}
    n = len(docs)
    idf = {w: math.log((1 + n) / (1 + df[w])) + 1 for w in vocabulary}
    data, cols, indptr = [], [], [0]
    for d in docs:
        for w, tf in d.items():
            if w in vocabulary:
                cols.append(vocabulary[w])
                data.append((1 + math.log(tf)) * idf[w])
        indptr.append(len(cols))
    matrix = sparse.csr_matrix((data, cols, indptr), shape=(n, len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1.0 / norms) @ matrix
    return np.asarray((matrix[list(rows)] @ matrix.T).todense())


def adamic_adar_scores(profiles: Sequence[Profile], rows: Sequence[int]) -> NDArray[np.float64]:
    """Sum over common partners n of 1 / log(2 + degree(n)) (unweighted, as the README's)."""
    row_of = {p.id: i for i, p in enumerate(profiles)}
    r, c = [], []
    for i, p in enumerate(profiles):
        for partner in p.partners:
            if partner in row_of:
                r.append(i)
                c.append(row_of[partner])
    n = len(profiles)
    adjacency = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
    adjacency = (adjacency.maximum(adjacency.T) > 0).astype(np.float64).tocsr()
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    through = sparse.diags(1.0 / np.log(2.0 + degree)) @ adjacency
    return np.asarray((adjacency[list(rows)] @ through).todense())


def minmax(x: NDArray[np.float64]) -> NDArray[np.float64]:
    low, high = x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True)
    return (x - low) / np.where(high > low, high - low, 1.0)


# -- cross-validated fusion ----------------------------------------------------------------------


def normalised_rows(
    matcher: Matcher,
    rows: Sequence[int],
    valid: NDArray[np.bool_],
    lexical_by_b: dict[float, NDArray[np.float64]],
) -> dict[float, dict[str, NDArray[np.float64]]]:
    """Per BM25 ``b``: the engine's normalised signal rows (z-scores, one-sided with margins)
    for each query, as ``fuse`` computes them; weights then only scale and add them."""
    raw = matcher.signal_rows(rows)
    unit = dict.fromkeys(SIGNALS, 1.0)
    out: dict[float, dict[str, NDArray[np.float64]]] = {}
    for b, lexical in lexical_by_b.items():
        per_signal: dict[str, list[NDArray[np.float64]]] = {name: [] for name in SIGNALS}
        for i, engine_rows in enumerate(raw):
            signals = {**engine_rows, "lexical": lexical[i]}
            _, normalised = fuse(signals, valid[i], unit, margins=DESCRIPTION_MARGINS)
            for name in SIGNALS:
                per_signal[name].append(normalised[name])
        out[b] = {name: np.stack(values) for name, values in per_signal.items()}
    return out


def evaluate_grid(
    split: Split,
    normalised: dict[str, NDArray[np.float64]],
    weights: Mapping[str, float],
    index: Sequence[int],
    valid: tuple[NDArray[np.bool_], NDArray[np.bool_]],
) -> tuple[float, float, Rankings, Rankings]:
    """Recall@10 of the ranking, new-partner recall@10 of the new-only ranking (``valid``: the
    candidates of each query, without and with its past partners removed), and both rankings,
    for the queries at positions ``index``."""
    queries, ids, history = split.queries, split.ids, split.history
    fused = np.zeros((len(index), len(ids)))
    for name, rows in normalised.items():
        fused += weights.get(name, 0.0) * rows[index]
    everyone, new_only = valid
    rankings = {queries[i]: top_ids(fused[j], everyone[i], ids)[0] for j, i in enumerate(index)}
    new_rankings = {queries[i]: top_ids(fused[j], new_only[i], ids)[0] for j, i in enumerate(index)}
    sub_truth = {queries[i]: split.truth[queries[i]] for i in index}
    recall, _ = split.scorer.evaluate(rankings, sub_truth, 10)
    new_truth = {q: [c for c in t if c not in history[q]] for q, t in sub_truth.items()}
    new_truth = {q: t for q, t in new_truth.items() if t}
    new_recall, _ = split.scorer.evaluate({q: new_rankings[q] for q in new_truth}, new_truth, 10)
    return recall, new_recall, rankings, new_rankings


def cross_validate(
    split: Split,
    by_b: dict[float, dict[str, NDArray[np.float64]]],
    grid: list[dict[str, float]],
    *,
    objective: str,
    valid: tuple[NDArray[np.bool_], NDArray[np.bool_]],
    folds: int,
) -> tuple[
    tuple[Rankings, Rankings], list[tuple[float, dict[str, float]]], tuple[float, dict[str, float]]
]:
    """Held-out rankings of every fold (chosen on the others; all candidates, and new only),
    the choice per fold, and the choice on all queries. ``objective``: "both" (mean of recall@10
    and new-partner recall@10) or "recall"."""
    order = np.random.default_rng(7).permutation(len(split.queries))
    parts = [sorted(order[f::folds].tolist()) for f in range(folds)]
    # Objective of every (b, weights) on every fold, computed once.
    table: dict[tuple[float, int], list[tuple[float, float]]] = {}
    for b, normalised in by_b.items():
        for g, weights in enumerate(grid):
            table[(b, g)] = [
                evaluate_grid(split, normalised, weights, part, valid)[:2] for part in parts
            ]

    def value(key: tuple[float, int], use: Sequence[int]) -> float:
        sizes = [len(parts[f]) for f in use]
        recall = sum(table[key][f][0] * s for f, s in zip(use, sizes, strict=True)) / sum(sizes)
        new = sum(table[key][f][1] * s for f, s in zip(use, sizes, strict=True)) / sum(sizes)
        return (recall + new) / 2 if objective == "both" else recall

    held_out: Rankings = {}
    held_out_new: Rankings = {}
    chosen = []
    for f, part in enumerate(parts):
        others = [o for o in range(folds) if o != f]
        b, g = max(table, key=lambda key: value(key, others))
        chosen.append((b, grid[g]))
        _, _, rankings, new_rankings = evaluate_grid(split, by_b[b], grid[g], part, valid)
        held_out.update(rankings)
        held_out_new.update(new_rankings)
    b, g = max(table, key=lambda key: value(key, range(folds)))
    return (held_out, held_out_new), chosen, (b, grid[g])


def run_baselines(split: Split) -> None:
    print("\n## Baselines (recall@10 / MRR | new-partner recall@10 / MRR)")
    tfidf = tfidf_scores(split.profiles, split.rows)
    adamic_adar = adamic_adar_scores(split.profiles, split.rows)
    everyone = np.ones(len(split.profiles), dtype=np.bool_)
    for name, matrix in (
        ("tfidf", tfidf),
        ("adamic_adar", adamic_adar),
        ("naive_sum", minmax(tfidf) + minmax(adamic_adar)),
    ):
        rankings, scores = {}, {}
        for i, (query, row) in enumerate(zip(split.queries, split.rows, strict=True)):
            valid = everyone.copy()
            valid[row] = False
            rankings[query], scores[query] = top_ids(matrix[i], valid, split.ids)
        print(f"{name:40s} {score_file(split, name, rankings, scores)}")


def run_engine(split: Split, *, model: str, workers: int, cache_dir: Path) -> Matcher:
    """The engine as shipped, as ``maillage match --top 50 [--new-only]`` runs it; returns the
    matcher with the history (its signals feed the cross-validation)."""
    print("\n## The engine as shipped (build with a warm cache + 300 queries)")
    embedder = make_embedder(model, workers=workers)
    cache = EmbeddingCache(cache_dir)
    text_only = [replace(p, partners={}) for p in split.profiles]
    runs = (
        ("engine, with history", split.profiles, MatchConfig()),
        ("engine, with history, new only", split.profiles, MatchConfig(new_only=True)),
        ("engine, text only", text_only, MatchConfig()),
        ("engine, text only, new only", text_only, MatchConfig(new_only=True)),
    )
    kept: Matcher | None = None
    try:
        for name, data, config in runs:
            tick = time.monotonic()
            matcher = Matcher(data, embedder=embedder, config=config, cache=cache)
            results = matcher.suggest_many(split.queries, top=TOP)
            rankings = {q: [m.id for m in ms] for q, ms in results.items()}
            scores = {q: [m.score for m in ms] for q, ms in results.items()}
            file = name.replace(", ", "-").replace(" ", "_")
            seconds = time.monotonic() - tick
            print(f"{name:40s} {score_file(split, file, rankings, scores)}   ({seconds:.0f} s)")
            kept = kept or matcher
    finally:
        if isinstance(embedder, ParallelEmbedder):
            embedder.close()
        cache.close()
    assert kept is not None
    return kept


def run_cross_validation(split: Split, matcher: Matcher, *, folds: int) -> None:
    print(f"\n## Cross-validated fusion ({folds} folds of the queries)")
    documents = [analyse(profile_text(p), detect_language(profile_text(p))) for p in split.profiles]
    lexical_by_b = {
        b: LexicalIndex(documents, b=b, max_query_terms=matcher.config.max_query_terms)
        .scores(split.rows)
        .astype(np.float64)
        for b in B_GRID
    }
    rows = split.rows
    everyone = np.stack([matcher.has_content.copy() for _ in rows])
    everyone[np.arange(len(rows)), rows] = False
    new_only = everyone & ~np.stack([matcher.graph.partner_mask(row) for row in rows])
    by_b = normalised_rows(matcher, rows, everyone, lexical_by_b)
    direction = {"direction": matcher.config.description_weights.get("direction", 0.0)}

    def expand(axes: Mapping[str, Sequence[float]]) -> list[dict[str, float]]:
        return [
            {**dict(zip(axes, values, strict=True)), **direction}
            for values in itertools.product(*axes.values())
        ]

    # Text alone: the graph rows are silent, as when no profile has partners.
    text_by_b = {
        b: {**normalised, "graph": normalised["graph"] * 0, "activity": normalised["activity"] * 0}
        for b, normalised in by_b.items()
    }
    for label, data, objective, candidates in (
        ("with history", by_b, "both", expand(GRID)),
        ("text only", text_by_b, "recall", expand(TEXT_GRID)),
    ):
        tick = time.monotonic()
        (held_out, held_out_new), chosen, overall = cross_validate(
            split, data, candidates, objective=objective, valid=(everyone, new_only), folds=folds
        )
        for suffix, rankings in (("", held_out), (", new only", held_out_new)):
            name = f"cv-{label.replace(' ', '_')}{suffix.replace(', ', '-')}"
            zeros = {q: [0.0] * len(r) for q, r in rankings.items()}
            figures = score_file(split, name, rankings, zeros)
            print(f"{'cross-validated, ' + label + suffix:40s} {figures}")
        for f, (b, weights) in enumerate(chosen):
            print(f"    fold {f}: b={b} {weights}")
        print(f"    all queries: b={overall[0]} {overall[1]}  ({time.monotonic() - tick:.0f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path, help="the development split's folder")
    parser.add_argument("--cache-dir", type=Path, default=Path("var/bench/real-cache"))
    parser.add_argument("--out", type=Path, default=Path("var/bench/real"))
    parser.add_argument("--model", default="e5")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    if not (args.split / "profiles.jsonl").is_file():
        print(f"matching_real: error: no profiles.jsonl in {args.split}", file=sys.stderr)
        return 2
    started = time.monotonic()
    split = load_split(args.split, args.out)
    print(f"# {len(split.profiles)} profiles, {len(split.queries)} queries")
    run_baselines(split)
    matcher = run_engine(split, model=args.model, workers=args.workers, cache_dir=args.cache_dir)
    run_cross_validation(split, matcher, folds=args.folds)
    print(f"\n# total {time.monotonic() - started:.0f} s, peak memory {peak_mb():.0f} MB")
    return 0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
