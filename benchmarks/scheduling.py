"""Benchmark of the scheduling engine (results go to docs/benchmarks.md).

    python benchmarks/scheduling.py SHARED_B2B_DIR [--time-limit 60] [--workers 2] [--only NAME]
        [--scale 200,1000,3000] [--scale-time 60] [--reschedule] [--constrained] [--skip-instances]

Part 1: the 20 published instances (status, breaks, lower bound, seconds, published optimum,
greedy breaks); every schedule goes through the independent verifier. Part 2 (``--scale``):
generated events, each solved in a fresh subprocess so that peak memory is its own. Part 3
(``--reschedule``): 5 % of the participants of a 1,000-participant schedule are gone. Part 4
(``--constrained``): the published instances with precedences and fixed slots added, solved with
and without the MaxSAT race.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from maillage.scheduling.engine import (
    Placement,
    Problem,
    SolveOptions,
    read_problem,
    solve,
    solve_greedy,
    verify,
)
from maillage.scheduling.engine.generate import generate_event, placement_upper_bound
from maillage.scheduling.engine.race import SOLVERS
from maillage.scheduling.engine.reschedule import Changes, reschedule


def published_optima(shared: Path) -> dict[str, tuple[str, str]]:
    """Instance -> (MaxSAT time, MaxSAT best) from published_results.tsv."""
    optima: dict[str, tuple[str, str]] = {}
    for line in (shared / "published_results.tsv").read_text().splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) >= 5 and fields[2] == "MaxSAT":
            optima[fields[1]] = (fields[3], fields[4])
    return optima


def run_instances(args: argparse.Namespace) -> None:
    shared = Path(args.shared)
    optima = published_optima(shared)
    files = sorted((shared / "instances").glob("*.dzn"))
    if args.only:
        files = [f for f in files if f.name.split(".")[0] in args.only.split(",")]
    print(
        "| instance | status | breaks | lower bound | seconds | published optimum"
        " | greedy breaks (unplaced) | verified |"
    )
    print("|---|---|---|---|---|---|---|---|")
    total = 0.0
    worst = 0.0
    proven = 0
    at_optimum = 0
    for path in files:
        name = path.name.split(".")[0]
        problem = read_problem(path)
        greedy = solve_greedy(problem)
        options = SolveOptions(
            time_limit=args.time_limit, workers=args.workers, race_solvers=args.race
        )
        result = solve(problem, options)
        verdict = verify(problem, result.placements)
        ok = verdict.ok and verdict.breaks == result.breaks
        optimum = optima.get(name, ("?", "?"))[1]
        total += result.seconds
        worst = max(worst, result.seconds)
        proven += result.status == "optimal"
        at_optimum += result.status == "optimal" and str(result.breaks) == optimum
        print(
            f"| {name} | {result.status} | {result.breaks} | {result.lower_bound}"
            f" | {result.seconds:.1f} | {optimum} | {greedy.breaks} ({len(greedy.unscheduled)})"
            f" | {'yes' if ok else 'NO: ' + '; '.join(verdict.violations[:2])} |",
            flush=True,
        )
    print(
        f"\n{proven}/{len(files)} proven optimal, {at_optimum} at the published optimum;"
        f" total {total:.1f} s, max {worst:.1f} s"
    )


def constrained(problem: Problem, slot_of: dict[int, int], seed: int) -> Problem:
    """The instance with precedences and fixed slots that ``slot_of`` satisfies (so feasible).

    A third as many precedences as meetings, between random pairs ordered as in ``slot_of``, and
    one meeting in twenty fixed to its slot: the constraint kinds the published instances lack.
    """
    rng = random.Random(seed)
    meetings = list(problem.meetings)
    after: dict[int, set[int]] = {m.id: set() for m in meetings}
    for _ in range(len(meetings) // 3):
        first, then = rng.sample(meetings, 2)
        if slot_of[first.id] < slot_of[then.id]:
            after[then.id].add(first.id)
    fixed = {m.id for m in rng.sample(meetings, len(meetings) // 20)}
    return replace(
        problem,
        meetings=tuple(
            replace(
                m,
                after=tuple(sorted(after[m.id])),
                slot=slot_of[m.id] if m.id in fixed else None,
            )
            for m in meetings
        ),
    )


def run_constrained(args: argparse.Namespace) -> None:
    """Published instances with precedences and fixed slots: the race against CP-SAT alone."""
    files = sorted((Path(args.shared) / "instances").glob("*.dzn"))
    if args.only:
        files = [f for f in files if f.name.split(".")[0] in args.only.split(",")]
    print(
        "\n| instance + precedences, fixed | with the race: status, breaks, bound, s"
        " | CP-SAT alone: status, breaks, bound, s | verified |"
    )
    print("|---|---|---|---|")
    for path in files:
        problem = read_problem(path)
        # A schedule of the plain instance, from which satisfiable constraints are drawn.
        start = solve(problem, SolveOptions(time_limit=10.0, workers=args.workers))
        if not start.placements:
            continue
        hard = constrained(problem, {p.meeting: p.slot for p in start.placements}, args.seed)
        cells, ok = [], True
        for maxsat in (True, False):
            options = SolveOptions(
                time_limit=args.time_limit,
                workers=args.workers,
                maxsat=maxsat,
                race_solvers=args.race,
            )
            result = solve(hard, options)
            ok = ok and verify(hard, result.placements).ok
            cells.append(
                f"{result.status}, {result.breaks}, {result.lower_bound}, {result.seconds:.1f}"
            )
        n_after = sum(len(m.after) for m in hard.meetings)
        n_fixed = sum(m.slot is not None for m in hard.meetings)
        print(
            f"| {path.name.split('.')[0]} + {n_after}, {n_fixed} | {cells[0]} | {cells[1]}"
            f" | {'yes' if ok else 'NO'} |",
            flush=True,
        )


def scale_one(n: int, time_limit: float, workers: int, seed: int) -> dict[str, float]:
    """Solve one generated event (called in a subprocess); returns the measured figures."""
    start = time.perf_counter()
    problem = generate_event(n, seed=seed)
    generated = time.perf_counter() - start
    bound = placement_upper_bound(problem)
    greedy = solve_greedy(problem)
    g_verdict = verify(problem, greedy.placements)
    first: list[float] = []

    def progress(fraction: float, message: str) -> None:
        if message.startswith("solution") and not first:
            first.append(time.perf_counter() - t0)
        del fraction

    t0 = time.perf_counter()
    result = solve(
        problem,
        SolveOptions(
            time_limit=time_limit,
            workers=workers,
            hint={p.meeting: p.slot for p in greedy.placements},
        ),
        progress,
    )
    verdict = verify(problem, result.placements)
    return {
        "participants": n,
        "meetings": len(problem.meetings),
        "generate_s": generated,
        "greedy_s": greedy.seconds,
        "greedy_weight": g_verdict.placed_weight,
        "greedy_placed": g_verdict.placed,
        "greedy_breaks": g_verdict.breaks,
        "bound_weight": bound,
        "first_cpsat_solution_s": first[0] if first else -1.0,
        "solver_s": result.seconds,
        "status": str(result.status),
        "weight": verdict.placed_weight,
        "placed": verdict.placed,
        "breaks": verdict.breaks,
        "verified": float(verdict.ok),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def reschedule_one(n: int, time_limit: float, workers: int, seed: int) -> dict[str, float]:
    """Schedule a generated event, then 5 % of its participants are gone: re-plan it."""
    problem = generate_event(n, seed=seed)
    greedy = solve_greedy(problem)
    base = solve(
        problem,
        SolveOptions(
            time_limit=time_limit,
            workers=workers,
            hint={p.meeting: p.slot for p in greedy.placements},
        ),
    )
    rng = random.Random(seed)
    gone = frozenset(rng.sample([p.id for p in problem.participants], k=n // 20))
    start = time.perf_counter()
    out = reschedule(
        problem,
        base.placements,
        Changes(gone=gone),
        options=SolveOptions(time_limit=10.0, workers=workers),
    )
    seconds = time.perf_counter() - start
    verdict = verify(out.problem, out.result.placements)
    lost = sum(1 for p in base.placements if set(_pair(problem, p)) & gone)
    return {
        "participants": n,
        "gone": len(gone),
        "announced": len(base.placements),
        "cancelled_by_absence": lost,
        "seconds": seconds,
        "moved": len(out.moved),
        "dropped": len(out.dropped),
        "placed_after": verdict.placed,
        "verified": float(verdict.ok),
        "status": str(out.result.status),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _pair(problem: Problem, placement: Placement) -> tuple[int, int]:
    meeting = problem.meetings_by_id[placement.meeting]
    return (meeting.a, meeting.b)


def _subprocess(kind: str, n: int, args: argparse.Namespace, time_limit: float) -> dict[str, float]:
    command = [
        sys.executable,
        __file__,
        args.shared,
        f"--{kind}-one",
        str(n),
        "--time-limit",
        str(time_limit),
        "--workers",
        str(args.workers),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("shared", help="the b2b-benchmark folder (instances/, published_results)")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument(
        "--race",
        type=lambda text: tuple(text.split(",")),
        default=SOLVERS,
        help=f"comma-separated racing solvers (default: {','.join(SOLVERS)})",
    )
    parser.add_argument("--skip-instances", action="store_true")
    parser.add_argument("--scale", default="", help="comma-separated participant counts")
    parser.add_argument("--scale-time", type=float, default=60.0, help="seconds per 1,000 people")
    parser.add_argument("--reschedule", action="store_true")
    parser.add_argument(
        "--constrained", action="store_true", help="instances with precedences and fixed slots"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale-one", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--reschedule-one", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_one:
        print(json.dumps(scale_one(args.scale_one, args.time_limit, args.workers, args.seed)))
        return 0
    if args.reschedule_one:
        print(json.dumps(reschedule_one(args.reschedule_one, args.time_limit, args.workers, 1)))
        return 0
    machine = platform.processor() or platform.machine()
    print(f"# machine: {machine}, python {platform.python_version()}")
    if not args.skip_instances:
        run_instances(args)
    for n in [int(v) for v in args.scale.split(",") if v]:
        limit = args.scale_time * max(1.0, n / 1000) if n > 1000 else args.scale_time
        limit = min(limit, 300.0)
        figures = _subprocess("scale", n, args, limit)
        print(f"\nscale {n} (time limit {limit:.0f} s): {json.dumps(figures)}", flush=True)
    if args.constrained:
        run_constrained(args)
    if args.reschedule:
        figures = _subprocess("reschedule", 1000, args, args.scale_time)
        print(f"\nreschedule 1000: {json.dumps(figures)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
