"""The MaxSAT solver in a child process, racing CP-SAT's search in the caller's process.

The two are complementary on the published instances: MaxSAT proves bounds (and often finds the
optimum) that CP-SAT cannot, CP-SAT and its neighbourhood search find good schedules quickly. The
race ends when either has an optimal schedule, or when MaxSAT's proven bound meets the best
schedule CP-SAT has. A process rather than a thread, because PySAT's CaDiCaL cannot be
interrupted: stopping the child is the only way to respect the time limit. The child's side is
``race_child.py``; messages are pickled tuples on its stdout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from .model import Problem


class MaxSatRace:
    """A running MaxSAT child; ``poll()`` reads what it has proven so far."""

    def __init__(self, problem: Problem) -> None:
        # The child imports this package from where the caller found it.
        source = str(Path(__file__).resolve().parents[3])
        path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "maillage.scheduling.engine.race_child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )
        assert self._process.stdin is not None  # both are pipes, as asked above
        assert self._process.stdout is not None
        self._conn = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdout.close()
        with Connection(os.dup(self._process.stdin.fileno()), readable=False) as inbox:
            inbox.send(problem)
        self._process.stdin.close()
        self.lower_bound = 0
        #: A valid schedule (breaks ignored), once the child has one.
        self.schedule: dict[int, int] | None = None
        #: The optimal schedule, once the child has found it.
        self.slot_of: dict[int, int] | None = None
        #: The child proved that no schedule exists.
        self.infeasible = False
        self.finished = False

    def poll(self) -> None:
        """Read every message the child has sent (never blocks)."""
        try:
            while not self.finished and self._conn.poll():
                message = self._conn.recv()
                if message[0] == "bound":
                    self.lower_bound = max(self.lower_bound, message[1])
                elif message[0] == "schedule":
                    self.schedule = message[1]
                else:
                    _, self.slot_of, bound, self.infeasible = message
                    self.lower_bound = max(self.lower_bound, bound)
                    self.finished = True
        except (EOFError, OSError):
            # The child died (out of memory, killed): the race goes on without it.
            self.finished = True

    def settles(self, objective: float) -> bool:
        """True when nothing better than ``objective`` can come: proven optimal, or settled."""
        self.poll()
        return (self.finished and (self.infeasible or self.slot_of is not None)) or (
            objective <= self.lower_bound
        )

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def stop(self) -> None:
        self.poll()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=5)
        self._conn.close()


#: How often a watched CP-SAT search asks whether the race is settled.
WATCH_SECONDS = 0.1


def solve_watched(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    stop: Callable[[], bool] | None,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> Any:
    """``solver.solve(model, callback)``, stopped as soon as ``stop()`` turns true."""
    if stop is None:
        return solver.solve(model, callback)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(WATCH_SECONDS):
            if stop():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True, name="maillage-race-watch")
    watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()
