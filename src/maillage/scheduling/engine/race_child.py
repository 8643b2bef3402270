"""The race's child: ``python -m maillage.scheduling.engine.race_child SOLVER [NICE]``, a problem
and a start schedule (or None) on stdin, then the race's bound once it is above 0; SOLVER is
``rc2`` (maxsat.py, the only one that reads the bound), ``exact`` (pseudo_boolean.py) or ``lsu``
(lsu.py, the only one that takes a start).

A fresh interpreter rather than ``multiprocessing``: its "spawn" start re-runs the caller's main
module, which breaks any script that calls the engine without a ``__main__`` guard, and forking a
process that runs CP-SAT's threads is unsafe. Messages go to the parent (``race.py``) as pickled
tuples: ``("schedule", slot_of)``, ``("bound", n)``, then ``("done", slot_of, bound,
infeasible)``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .lsu import solve_lsu
from .maxsat import MaxSatOutcome, solve_maxsat
from .model import Problem


def run_solver(
    solver: str,
    problem: Problem,
    start: dict[int, int] | None = None,
    proven_elsewhere: Callable[[], int] | None = None,
    **reports: Any,
) -> MaxSatOutcome:
    """``proven_elsewhere``: the race's bound so far (RC2 reads it: ``maxsat.without_breaks``)."""
    if solver == "exact":
        from .pseudo_boolean import solve_exact  # noqa: PLC0415 (Exact is Linux x86_64 only)

        return solve_exact(problem, **reports)
    if solver == "rc2":
        return solve_maxsat(problem, proven_elsewhere=proven_elsewhere, **reports)
    if solver == "lsu":
        return solve_lsu(problem, start=start, **reports)
    raise ValueError(f"unknown solver {solver!r}")


class RaceBound:
    """The race's proven bound as the parent last told it (``race.MaxSatRace.poll``); calling
    it reads what has come since, without waiting."""

    def __init__(self, inbox: Connection) -> None:
        self._inbox = inbox
        self.value = 0

    def __call__(self) -> int:
        try:
            while self._inbox.poll():
                self.value = max(self.value, self._inbox.recv())
        except EOFError:  # the parent has closed its side: it is about to stop this child
            pass
        return self.value


def main() -> None:
    if len(sys.argv) > 2:
        os.nice(int(sys.argv[2]))  # the race's second core is shared (race.py)
    inbox, outbox = Connection(os.dup(0), writable=False), Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not break the message stream
    problem, start = inbox.recv()
    outcome = run_solver(
        sys.argv[1],
        problem,
        start,
        RaceBound(inbox),
        on_bound=lambda bound: outbox.send(("bound", bound)),
        on_schedule=lambda slot_of: outbox.send(("schedule", slot_of)),
    )
    outbox.send(("done", outcome.slot_of, outcome.lower_bound, outcome.infeasible))


if __name__ == "__main__":
    main()
