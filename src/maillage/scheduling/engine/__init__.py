"""Django-free B2B meeting scheduling engine: problem in, verified schedule out."""

from .cpsat import SolveOptions, solve_cpsat
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
from .verify import Verdict, verify

__all__ = [
    "Meeting",
    "Participant",
    "Placement",
    "Problem",
    "ProblemError",
    "Progress",
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
    "solve_cpsat",
    "solve_greedy",
    "validate_problem",
    "verify",
]
