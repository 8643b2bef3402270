"""Django-free B2B meeting scheduling engine: problem in, verified schedule out."""

from typing import TYPE_CHECKING, Any

from .explain import explain_infeasibility
from .formats import problem_from_dict, problem_to_dict, read_dzn, read_problem, result_to_dict
from .greedy import solve_greedy
from .model import (
    Meeting,
    Participant,
    Placement,
    Problem,
    ProblemError,
    Progress,
    Result,
    Status,
    validate_problem,
)
from .reasons import Reason
from .verify import Verdict, verify

if TYPE_CHECKING:
    from .dispatch import SolveOptions, solve


def __getattr__(name: str) -> Any:
    # CP-SAT (and pandas, which it imports) load on first use: the race's child processes import
    # this package without needing them, and start 0.4 s sooner.
    if name in ("SolveOptions", "solve"):
        from . import dispatch  # noqa: PLC0415

        return getattr(dispatch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Meeting",
    "Participant",
    "Placement",
    "Problem",
    "ProblemError",
    "Progress",
    "Reason",
    "Result",
    "SolveOptions",
    "Status",
    "Verdict",
    "explain_infeasibility",
    "problem_from_dict",
    "problem_to_dict",
    "read_dzn",
    "read_problem",
    "result_to_dict",
    "solve",
    "solve_greedy",
    "validate_problem",
    "verify",
]
