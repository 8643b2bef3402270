"""The race's child: ``python -m maillage.scheduling.engine.race_child``, a problem on stdin.

A fresh interpreter rather than ``multiprocessing``: its "spawn" start re-runs the caller's main
module, which breaks any script that calls the engine without a ``__main__`` guard, and forking a
process that runs CP-SAT's threads is unsafe. Messages go to the parent (``race.py``) as pickled
tuples: ``("schedule", slot_of)``, ``("bound", n)``, then ``("done", slot_of, bound,
infeasible)``.
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection

from .maxsat import solve_maxsat


def main() -> None:
    inbox, outbox = Connection(os.dup(0), writable=False), Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not break the message stream
    problem = inbox.recv()
    outcome = solve_maxsat(
        problem,
        on_bound=lambda bound: outbox.send(("bound", bound)),
        on_schedule=lambda slot_of: outbox.send(("schedule", slot_of)),
    )
    outbox.send(("done", outcome.slot_of, outcome.lower_bound, outcome.infeasible))


if __name__ == "__main__":
    main()
