"""Results from slot assignments: tables handed out, breaks counted, the verifier's gate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .greedy import TableBook, schedule_breaks, solve_greedy
from .model import Placement, Problem, Progress, Result, Status
from .reasons import Reason, reason
from .verify import verify


def finish(
    *,
    problem: Problem,
    slot_of: dict[int, int],
    status: Status,
    bound: int | None,
    seconds: float,
    lower: Mapping[int, int],
    progress: Progress | None = None,
) -> Result:
    """Hand out tables and count breaks of a slot assignment.

    ``lower`` holds the per-participant bounds (their sum is reported in the details).
    """
    placements = TableBook(problem).assign(slot_of)
    breaks = schedule_breaks(problem, slot_of)
    lower_bound = breaks if status == Status.OPTIMAL else bound
    if progress is not None:
        progress(1.0, f"{status}: {breaks} breaks")
    return Result(
        status=status,
        placements=tuple(placements),
        breaks=breaks,
        lower_bound=lower_bound,
        unscheduled=tuple(sorted(m.id for m in problem.meetings if m.id not in slot_of)),
        seconds=seconds,
        details={"participant_bound": float(sum(lower.values()))},
    )


def proven_infeasible(
    problem: Problem,
    solver: str,
    seconds: float,
    progress: Progress | None,
    conflict: list[Reason] | None = None,
) -> Result:
    """``conflict``: the constraints that cannot hold together (conflicts.py)."""
    if progress is not None:
        progress(1.0, f"infeasible (proven by {solver})")
    return Result(
        status=Status.INFEASIBLE,
        unscheduled=tuple(m.id for m in problem.meetings),
        seconds=seconds,
        reasons=(reason("proven", solver=solver), *(conflict or [])),
    )


def score(problem: Problem, slot_of: Mapping[int, int]) -> tuple[int, int]:
    """(placed weight, minus breaks): larger is better, in the objective's order."""
    weight = sum(problem.meetings_by_id[mid].weight for mid in slot_of)
    return (weight, -schedule_breaks(problem, slot_of))


def valid_schedule(problem: Problem, slot_of: Mapping[int, int]) -> dict[int, int] | None:
    """``slot_of`` if the independent verifier accepts it (tables handed out), else None."""
    known = {mid: s for mid, s in slot_of.items() if mid in problem.meetings_by_id}
    if not verify(problem, TableBook(problem).assign(known)).ok:
        return None
    return known


def unfinished(
    problem: Problem, *, seconds: float, lower_bound: int | None, baseline: bool = True
) -> Result:
    """No complete schedule within the time limit: status unknown, with the greedy first fit's
    placements (``baseline``) as ``solve_greedy`` returns them, the meetings it could not place
    in ``unscheduled``, so that the engine never returns less than the baseline.

    The first fit ignores fairness: its placements are returned only if the verifier accepts
    them but for the unplaced meetings, else none. A complete schedule always ranks first.
    """
    greedy = solve_greedy(problem) if baseline else None
    if greedy is not None and verify(replace(problem, all_mandatory=False), greedy.placements).ok:
        return replace(greedy, status=Status.UNKNOWN, lower_bound=lower_bound, seconds=seconds)
    return Result(
        status=Status.UNKNOWN,
        lower_bound=lower_bound,
        unscheduled=tuple(m.id for m in problem.meetings),
        seconds=seconds,
    )


def rank(
    problem: Problem, placements: tuple[Placement, ...] | list[Placement]
) -> tuple[int, int, int]:
    """How good a possibly partial schedule is, smaller being better: unplaced meetings first,
    then whether the verifier refuses it for another reason (the greedy first fit ignores
    fairness), then breaks. The any-time comparison with the greedy baseline (an empty result
    leaves every meeting unplaced)."""
    verdict = verify(replace(problem, all_mandatory=False), placements)
    return (len(problem.meetings) - verdict.placed, int(not verdict.ok), verdict.breaks)
