"""Exact solvers in child processes, racing CP-SAT's search in the caller's process.

They are complementary on the published instances: the MaxSAT (RC2) and pseudo-Boolean (Exact)
solvers prove bounds (and often find the optimum) that CP-SAT cannot, CP-SAT and its
neighbourhood search find good schedules quickly. The race ends when any of them has an optimal
schedule, or when one's proven bound meets the best schedule another has. Processes rather than
threads, because neither PySAT's CaDiCaL nor Exact can be interrupted from Python: stopping a
child is the only way to respect the time limit. The child's side is ``race_child.py``;
messages are pickled tuples on its stdout, and the race's bound goes back on its stdin once a
break is proven unavoidable (RC2 reads it: ``maxsat.without_breaks``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path

from .greedy import schedule_breaks
from .model import Problem

#: The exact solvers that race CP-SAT, each in its own process. They complement each other on
#: the published instances: Exact (pseudo_boolean.py) proves ticf-13crafc and most others fastest,
#: RC2 (maxsat.py) finds the optimum of forum-13crafb and ticf-13crafb, where Exact proves the
#: bound but finds no schedule near it (docs/benchmarks.md).
#: The SAT search (lsu.py) finds the schedules that meet those bounds where both stall (a few
#: forbidden slots drawn at random on the two-session instances: docs/scheduling.md), but as a
#: third child on two cores it halves RC2's share: the published instances took 180 s instead
#: of 87 s on one quiet machine (docs/benchmarks.md). So it races from the start only when asked
#: (``SolveOptions.race_solvers``, ``--race exact,rc2,lsu``); otherwise it takes the core of a
#: prover that the other has overtaken (``overtaken``), or joins the race after CP-SAT's share of
#: the time, from the best schedule so far (``MaxSatRace.replace`` and ``join``, dispatch.py).
#: Exact publishes wheels for Linux x86_64 only: elsewhere RC2 races alone.
SOLVERS = ("exact", "rc2") if importlib.util.find_spec("exact") else ("rc2",)
#: Every name race_child.py knows.
KNOWN_SOLVERS = frozenset({"exact", "rc2", "lsu"})
#: Priority (nice) of the racing solvers after the first.
SHARED_NICE = 5
#: How often ``MaxSatRace.wait`` looks at the children.
POLL_SECONDS = 0.1


class _Child:
    """One exact solver in a child process; ``poll()`` reads what it has proven so far."""

    def __init__(
        self, problem: Problem, solver: str, nice: int = 0, start: dict[int, int] | None = None
    ) -> None:
        self.problem = problem
        self.solver = solver
        # The child imports this package from where the caller found it.
        source = str(Path(__file__).resolve().parents[3])
        path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(  # noqa: S603 (this interpreter, a solver name MaxSatRace checked)
            [sys.executable, "-m", "maillage.scheduling.engine.race_child", solver, str(nice)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )
        assert self._process.stdin is not None  # both are pipes, as asked above
        assert self._process.stdout is not None
        self._conn = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdout.close()
        self._inbox = Connection(os.dup(self._process.stdin.fileno()), readable=False)
        self._process.stdin.close()
        self._inbox.send((problem, start))
        self.lower_bound = 0
        #: When ``lower_bound`` last rose (``time.perf_counter()``).
        self.rose_at = 0.0
        #: The child's latest valid schedule (not necessarily optimal), once it has one...
        self.schedule: dict[int, int] | None = None
        #: ...and its breaks, counted once when it arrives (the race is polled ten times a second).
        self.schedule_breaks: int | None = None
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
                    self._raise(message[1])
                elif message[0] == "schedule":
                    self.schedule = message[1]
                    self.schedule_breaks = schedule_breaks(self.problem, self.schedule)
                else:
                    _, self.slot_of, bound, self.infeasible = message
                    self._raise(bound)
                    self.finished = True
        except (EOFError, OSError):
            # The child died (out of memory, killed): the race goes on without it.
            self.finished = True

    def tell(self, bound: int) -> None:
        """Pass the race's proven bound on (``MaxSatRace.poll``)."""
        with contextlib.suppress(OSError):  # the child has ended
            self._inbox.send(bound)

    def _raise(self, bound: int) -> None:
        if bound > self.lower_bound:
            self.lower_bound, self.rose_at = bound, time.perf_counter()

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def stop(self) -> None:
        if self._conn.closed:  # stopped already (``MaxSatRace.replace``)
            return
        self.poll()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=5)
        self._conn.close()
        self._inbox.close()


class MaxSatRace:
    """The exact solvers of ``SOLVERS``, each in a child process, pooling what they prove."""

    def __init__(self, problem: Problem, solvers: tuple[str, ...] = SOLVERS) -> None:
        # Checked before any child starts, so that none is left running.
        for solver in solvers:
            if solver not in KNOWN_SOLVERS:
                known = ", ".join(sorted(KNOWN_SOLVERS))
                raise ValueError(f"unknown solver {solver!r}: one of {known}")
        # The first solver keeps its priority; the others run at a lower one, so that on two
        # cores the scheduler gives the first a core of its own and the others share the second
        # (three processes at equal priority would each get two thirds of a core: the first,
        # Exact, settles most published instances alone).
        self._children = [
            _Child(problem, solver, nice=SHARED_NICE if index else 0)
            for index, solver in enumerate(solvers)
        ]
        self.solvers = solvers
        #: The bound told to the children, once it was above 0 (``poll``).
        self._told = 0

    def join(self, solver: str, start: dict[int, int] | None) -> None:
        """Start ``solver`` now, at full priority (it takes the core that CP-SAT's own search
        would have had), from ``start``, a valid schedule."""
        child = _Child(self._children[0].problem, solver, start=start)
        if self._told:
            child.tell(self._told)
        self._children.append(child)
        self.solvers = (*self.solvers, solver)

    def overtaken(self) -> str | None:
        """A running prover whose bound another prover has reached since (``overtaken``)."""
        self.poll()
        return overtaken(
            (child.solver, child.lower_bound, child.rose_at)
            for child in self._children
            if child.solver != "lsu" and child.running
        )

    def replace(self, solver: str, by: str, start: dict[int, int]) -> None:
        """Stop ``solver`` (what it proved stays in the race) and start ``by`` from ``start`` in
        its place, at full priority (``join``)."""
        for child in self._children:
            if child.solver == solver:
                child.stop()
        self.join(by, start)

    def poll(self) -> None:
        """Read every child's news, and tell the running ones once that a break is proven
        unavoidable (the race's bound is above 0), all that RC2 waits for
        (``maxsat.without_breaks``). Once only: a child that no longer reads its stdin could
        otherwise fill the pipe, and block the race."""
        for child in self._children:
            child.poll()
        if not self._told and (bound := self.lower_bound) > 0:
            self._told = bound
            for child in self._children:
                if child.running:
                    child.tell(bound)

    @property
    def finds_schedules(self) -> bool:
        """A member searches for better schedules itself (the SAT search): the race then keeps
        every core to the end instead of handing one to CP-SAT's neighbourhood search."""
        return "lsu" in self.solvers

    @property
    def size(self) -> int:
        """How many processes race (each takes a core)."""
        return len(self._children)

    @property
    def lower_bound(self) -> int:
        """Breaks proven unavoidable by any of the solvers."""
        return max(child.lower_bound for child in self._children)

    @property
    def schedules(self) -> list[dict[int, int]]:
        """Each solver's latest valid schedule (breaks ignored)."""
        return [child.schedule for child in self._children if child.schedule is not None]

    @property
    def infeasible(self) -> bool:
        return any(child.infeasible for child in self._children)

    @property
    def slot_of(self) -> dict[int, int] | None:
        """An optimal schedule: one a solver proved, or one at another solver's bound."""
        for child in self._children:
            if child.slot_of is not None:
                return child.slot_of
        bound = self.lower_bound
        for child in self._children:
            if child.schedule_breaks is not None and child.schedule_breaks <= bound:
                return child.schedule
        return None

    def settles(self, objective: float) -> bool:
        """True when nothing better than ``objective`` can come: proven optimal, or settled."""
        self.poll()
        return self.infeasible or self.slot_of is not None or objective <= self.lower_bound

    def wait(self, seconds: float) -> None:
        """Sleep until the race is settled or ``seconds`` have passed."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline and not self.settles(math.inf):
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.perf_counter())))

    @property
    def running(self) -> bool:
        return any(child.running for child in self._children)

    def stop(self) -> None:
        for child in self._children:
            child.stop()


def overtaken(provers: Iterable[tuple[str, int, float]]) -> str | None:
    """Of ``provers`` (solver, proven bound, when it last rose), one whose bound (above 0)
    another has reached or passed later, if any.

    Its bound no longer adds to the race's, and it found no schedule at it (else the race would
    have ended), so its core is better spent finding schedules. On the crafted variants Exact
    proves its bound within 3 s of CPU, then its schedules stay far from it (64 to 94 breaks
    after 40 s alone), while RC2 reaches the same bound between 6 and 30 s and goes on. The
    price: where Exact would have found the optimum a few seconds later (published forum-13crafc
    and forum-14), RC2 or the SAT search finds it instead, a few seconds later still
    (docs/benchmarks.md).
    """
    standings = list(provers)
    for solver, bound, since in standings:
        if bound > 0 and any(
            other_bound >= bound and other_since > since
            for other, other_bound, other_since in standings
            if other != solver
        ):
            return solver
    return None
