"""``maillage schedule INSTANCE [--time-limit S] [--fairness D] [--workers N] --output OUT.json``.

Reads a published ``.dzn`` instance or a JSON problem, solves it with CP-SAT and writes the result
JSON of issue 3. Exit 0 whatever the solver status; exit 2 with one line on stderr when the input is
unreadable or inconsistent. Progress lines go to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from maillage.scheduling.engine import (
    ProblemError,
    SolveOptions,
    read_problem,
    result_to_dict,
    solve,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maillage schedule",
        description="Schedule B2B meetings (proven-optimal when possible).",
    )
    parser.add_argument("instance", type=Path, help="a .dzn instance or a JSON problem")
    parser.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--fairness", type=int, default=None, metavar="D")
    parser.add_argument("--workers", type=int, default=2, metavar="N")
    parser.add_argument("--output", type=Path, required=True, metavar="OUT.json")
    return parser


#: What absurd input (an instance with 10^8 slots, JSON nested 100,000 deep) raises while it is
#: read or modelled: the command says so in one line instead of a traceback.
TOO_LARGE = (MemoryError, RecursionError)
#: Meeting-slot and table-slot pairs the solver models; the 1,000-participant benchmark needs
#: well under a million, and far past this bound the machine runs out of memory.
MAX_MODEL_SIZE = 50_000_000


def main(argv: list[str]) -> int:
    try:
        return _run(_parser().parse_args(argv))
    except TOO_LARGE as error:
        print(
            f"error: the instance is too large or too deeply nested to schedule here "
            f"({type(error).__name__})",
            file=sys.stderr,
        )
        return 2


def _run(args: argparse.Namespace) -> int:
    if not math.isfinite(args.time_limit) or args.time_limit <= 0 or args.workers < 1:
        print("error: --time-limit must be positive and --workers at least 1", file=sys.stderr)
        return 2
    if args.fairness is not None and args.fairness < 0:
        print("error: --fairness must be 0 or more", file=sys.stderr)
        return 2
    try:
        problem = read_problem(args.instance, fairness=args.fairness)
    except ProblemError as error:
        print(f"error: {args.instance}: {error}", file=sys.stderr)
        return 2

    size = len(problem.meetings) * problem.n_slots + problem.n_slots * problem.n_tables
    if size > MAX_MODEL_SIZE:
        print(
            f"error: {args.instance}: too large to schedule here ({len(problem.meetings)} "
            f"meetings, {problem.n_slots} slots, {problem.n_tables} tables; at most "
            f"{MAX_MODEL_SIZE:,} meeting-slots and table-slots together)",
            file=sys.stderr,
        )
        return 2

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction * 100:5.1f}%] {message}", file=sys.stderr, flush=True)

    print(
        f"{args.instance.name}: {len(problem.participants)} participants,"
        f" {len(problem.meetings)} meetings, {problem.n_slots} slots, {problem.n_tables} tables",
        file=sys.stderr,
    )
    result = solve(
        problem, SolveOptions(time_limit=args.time_limit, workers=args.workers), progress
    )
    for reason in result.reasons:
        print(f"infeasible: {reason}", file=sys.stderr)
    try:
        args.output.write_text(json.dumps(result_to_dict(problem, result), indent=1) + "\n")
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 2
    print(
        f"{result.status}: breaks {result.breaks}, lower bound {result.lower_bound},"
        f" unscheduled {len(result.unscheduled)}, {result.seconds:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
