"""Benchmark of the scheduling engine on crafted variants of the published instances.

    python benchmarks/scheduling_variants.py SHARED_B2B_DIR [--seeds 1] [--families ...]
        [--only NAME,...] [--time-limit 60] [--workers 2] [--anytime 1,5,15] [--anytime-after 15]
        [--variants ID,...] [--race exact,rc2] [--expected FILE] [--write FILE]

Each variant (``maillage.scheduling.engine.variants``: six families, after the published study)
is solved once; the table gives its status (optimal, infeasible, or feasible: a schedule not
proven optimal), breaks, proven bound and seconds, the greedy baseline, the verifier's verdict
and the comparison with the expected answers (``--expected``): "yes" when it matches, "open"
when the engine did not settle it in time (its schedule and bound still bracket the expected
optimum), "WRONG" when it contradicts it. ``--anytime`` re-solves the variants that took longer
than ``--anytime-after`` seconds with those limits (breaks against time): each cell is the
engine's breaks (unplaced meetings), marked ">= greedy" or "< greedy" by ``outcome.rank`` (fewer
unplaced meetings first, then a schedule the verifier accepts, then fewer breaks); the greedy
column is marked "unfair" when its first fit breaks the fairness bound. ``--write`` saves the
results in the expected answers' format (run it with a long time limit to make them): the
variants run replace their rows, others are kept; a run that did not settle a variant never
replaces a row that holds its proof, and an open row keeps the fewest breaks and the highest
bound of the runs (``merged_answer``). ``--race`` chooses the racing solvers (as in
``scheduling.py``; ``exact,rc2,lsu`` adds the SAT search from the start), and the row records
them (empty: the default race).
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from maillage.scheduling.engine import (
    Problem,
    Result,
    SolveOptions,
    read_problem,
    solve,
    solve_greedy,
    verify,
)
from maillage.scheduling.engine.outcome import rank
from maillage.scheduling.engine.race import SOLVERS
from maillage.scheduling.engine.variants import FAMILIES, make_variant, variant_id

#: Columns of the expected answers: the variant, what a long run proved, and how.
COLUMNS = ("variant", "status", "breaks", "bound", "seconds", "time_limit", "race")
SETTLED = ("optimal", "infeasible")


@dataclass(frozen=True)
class Expected:
    status: str
    breaks: int | None
    bound: int | None


def read_expected(path: Path) -> dict[str, Expected]:
    return {
        row["variant"]: Expected(
            row["status"],
            int(row["breaks"]) if row["breaks"] else None,
            int(row["bound"]) if row["bound"] else None,
        )
        for row in read_rows(path)
    }


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t"))


def write_rows(path: Path, rows: list[dict[str, object]]) -> None:
    """Merge ``rows`` into the expected answers at ``path`` (``merged_answer``)."""
    merged: dict[str, dict[str, object]] = {row["variant"]: dict(row) for row in read_rows(path)}
    for row in rows:
        name = str(row["variant"])
        merged[name] = merged_answer(merged.get(name), row)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(merged.values())


def merged_answer(old: dict[str, object] | None, new: dict[str, object]) -> dict[str, object]:
    """A variant's expected answer after a new run: a proof is never lost, and an open answer
    keeps the fewest breaks and the highest bound that either run found (a schedule and a bound
    stay true whichever run found them); its other columns are those of the run with the fewer
    breaks, the new one on a tie."""
    if old is None or new["status"] in SETTLED:
        return new
    if old["status"] in SETTLED:
        print(f"kept the settled answer of {new['variant']}: this run did not settle it")
        return old
    best = min((new, old), key=lambda row: _count(row["breaks"], math.inf))
    bound = max(_count(new["bound"], -1), _count(old["bound"], -1))
    return {**best, "bound": "" if bound < 0 else bound}


def _count(cell: object, missing: float) -> float:
    """A breaks or bound cell as a number, ``missing`` when empty (no schedule, no bound)."""
    return missing if cell in ("", None) else int(str(cell))


def agreement(result: Result, expected: Expected | None) -> str:
    """ "yes", "open" (not settled, consistent) or "WRONG" against the expected answer."""
    if expected is None or expected.status not in SETTLED:
        return "-"
    # A result of status unknown may hold greedy's partial schedule: it proves nothing.
    complete = result.status in ("optimal", "feasible")
    if expected.status == "infeasible":
        if result.status == "infeasible":
            return "yes"
        return "WRONG" if complete else "open"
    if result.status == "infeasible":
        return "WRONG"
    if result.status == "optimal":
        return "yes" if result.breaks == expected.breaks else "WRONG"
    low, high = result.lower_bound, result.breaks if complete else None
    consistent = (low is None or low <= (expected.breaks or 0)) and (
        high is None or high >= (expected.breaks or 0)
    )
    return "open" if consistent else "WRONG"


def verified(problem: Problem, result: Result) -> bool:
    """The verifier accepts the schedule and its breaks; a result of status unknown holds none,
    or greedy's partial schedule, accepted but for its unplaced meetings; a proof of
    infeasibility holds no schedule (the verifier would refuse its empty one wherever meetings
    are fixed, as fixed meetings are mandatory)."""
    if result.status == "infeasible":
        return not result.placements
    if result.status in ("optimal", "feasible"):
        verdict = verify(problem, result.placements)
        return verdict.ok and verdict.breaks == result.breaks
    return rank(problem, result.placements)[1] == 0


def outcome_cell(problem: Problem, result: Result) -> str:
    """Breaks (unplaced meetings) of a possibly partial schedule, "unfair" if the verifier
    refuses it for more than the unplaced meetings."""
    unplaced, refused, breaks = rank(problem, result.placements)
    if unplaced == len(problem.meetings):
        return "none"
    return f"{breaks} ({unplaced}{', unfair' if refused else ''})"


def anytime(
    name: str,
    problem: Problem,
    greedy: Result,
    *,
    limits: list[float],
    options: SolveOptions,
    runs: list[str],
    below_greedy: list[str],
) -> list[str]:
    """The engine's schedule at each limit against greedy's; appends to ``runs`` and
    ``below_greedy``."""
    baseline = rank(problem, greedy.placements)
    cells = []
    for limit in limits:
        short = solve(problem, replace(options, time_limit=limit))
        runs.append(f"{name} at {limit:g} s")
        if short.status == "infeasible":  # a proof is worth more than any partial schedule
            cells.append("infeasible")
            continue
        no_worse = rank(problem, short.placements) <= baseline
        if not no_worse:
            below_greedy.append(runs[-1])
        cells.append(f"{outcome_cell(problem, short)} {'>=' if no_worse else '<'} greedy")
    return cells


def load_variants(args: argparse.Namespace) -> list[tuple[str, Problem]]:
    files = sorted((Path(args.shared) / "instances").glob("*.dzn"))
    if args.only:
        files = [f for f in files if f.name.split(".")[0] in args.only.split(",")]
    families = args.families.split(",") if args.families else [f.name for f in FAMILIES]
    seeds = [int(s) for s in args.seeds.split(",")]
    out = []
    for path in files:
        base = path.name.split(".")[0]
        problem = read_problem(path)
        for family in families:
            for seed in seeds:
                name = variant_id(base, family, seed)
                if not args.variants or name in args.variants.split(","):
                    out.append((name, make_variant(problem, base, family, seed)))
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("shared", help="the b2b-benchmark folder (instances/)")
    parser.add_argument("--seeds", default="1", help="comma-separated seeds")
    parser.add_argument("--families", default="", help="comma-separated families (default: all)")
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument("--variants", default="", help="comma-separated variant ids")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--race",
        type=lambda text: tuple(text.split(",")),
        default=SOLVERS,
        help=f"comma-separated racing solvers (default: {','.join(SOLVERS)})",
    )
    parser.add_argument("--anytime", default="", help="comma-separated shorter limits (s)")
    parser.add_argument("--anytime-after", type=float, default=15.0)
    parser.add_argument(
        "--expected", default=str(Path(__file__).with_name("scheduling_variants_expected.tsv"))
    )
    parser.add_argument("--write", default="", help="write the results as expected answers")
    args = parser.parse_args(argv)
    expected = read_expected(Path(args.expected))
    limits = [float(v) for v in args.anytime.split(",") if v]
    machine = platform.processor() or platform.machine()
    print(f"# machine: {machine}, python {platform.python_version()}")
    print(
        "| variant | status | breaks | bound | seconds | greedy breaks (unplaced) | verified"
        " | expected | agrees |" + "".join(f" breaks (unplaced) at {v:g} s |" for v in limits)
    )
    print("|---|---|---|---|---|---|---|---|---|" + "---|" * len(limits))
    rows: list[dict[str, object]] = []
    totals = {"optimal": 0, "infeasible": 0, "other": 0, "wrong": 0, "seconds": 0.0}
    worst = 0.0
    # (variant, limit) pairs of the any-time runs, and those where the engine ranked below greedy.
    anytime_runs: list[str] = []
    below_greedy: list[str] = []
    options = SolveOptions(time_limit=args.time_limit, workers=args.workers, race_solvers=args.race)
    race = "" if args.race == SOLVERS else ",".join(args.race)
    for name, problem in load_variants(args):
        result = solve(problem, options)
        greedy = solve_greedy(problem)
        ok = verified(problem, result)
        want = expected.get(name)
        agrees = agreement(result, want)
        status = str(result.status)
        totals[status if status in ("optimal", "infeasible") else "other"] += 1
        totals["wrong"] += agrees == "WRONG" or not ok
        totals["seconds"] += result.seconds
        worst = max(worst, result.seconds)
        cells = []
        if limits and result.seconds > args.anytime_after:
            cells = anytime(
                name,
                problem,
                greedy,
                limits=limits,
                options=options,
                runs=anytime_runs,
                below_greedy=below_greedy,
            )
        elif limits:
            cells = [""] * len(limits)
        shown = (
            "-"
            if want is None
            else f"{want.status} {want.breaks if want.breaks is not None else ''}"
        )
        print(
            f"| {name} | {status} | {result.breaks} | {result.lower_bound}"
            f" | {result.seconds:.1f} | {outcome_cell(problem, greedy)}"
            f" | {'yes' if ok else 'NO'} | {shown.strip()} | {agrees} |"
            + "".join(f" {c} |" for c in cells),
            flush=True,
        )
        rows.append(
            {
                "variant": name,
                "status": status if status in SETTLED else "open",
                "breaks": "" if result.breaks is None else result.breaks,
                "bound": "" if result.lower_bound is None else result.lower_bound,
                "seconds": f"{result.seconds:.1f}",
                "time_limit": f"{args.time_limit:g}",
                "race": race,
            }
        )
    print(
        f"\n{len(rows)} variants: {totals['optimal']} proven optimal, {totals['infeasible']}"
        f" proven infeasible, {totals['other']} not settled, {totals['wrong']} wrong or"
        f" unverified; total {totals['seconds']:.1f} s, max {worst:.1f} s"
    )
    if anytime_runs:
        print(
            f"any-time: {len(anytime_runs) - len(below_greedy)} of {len(anytime_runs)} runs"
            " no worse than greedy" + "".join(f"; below greedy: {run}" for run in below_greedy)
        )
    if args.write:
        write_rows(Path(args.write), rows)
    return 1 if totals["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
