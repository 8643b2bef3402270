"""Why no schedule exists, in the organiser's words, when no cheap reason says it.

``explain.py`` finds the simple proofs (a meeting without a slot, two fixed meetings of one
participant in one slot...). When only a solver proves that no schedule exists, this module looks
for a small set of the organiser's own constraints that cannot hold together: each unavailable
slot of a participant, each fixed meeting and each precedence gets a switch literal in the
MaxSAT encoding's hard clauses (tables, sessions and "one meeting per participant and slot" stay
on), CaDiCaL is asked for a schedule with every switch on, and the switches of its unsatisfiable
core are then dropped one at a time while the rest still admits no schedule (each call with a
conflict budget, the whole within a time limit: the set is small, not always minimal).
"""

from __future__ import annotations

import time
from dataclasses import replace

from pysat.solvers import Solver

from .maxsat import ORACLE, _Encoding
from .model import Meeting, Problem
from .reasons import Reason, reason

#: Conflicts allowed to one SAT call (about a second on the published instances).
CONFLICTS = 100_000


def explain_conflict(problem: Problem, time_limit: float = 10.0) -> list[Reason]:
    """Reasons naming the participants' unavailable slots, fixed meetings and precedences that
    together leave no schedule, after a ``conflict`` header; [] when none was found within
    ``time_limit`` seconds.

    Only mandatory meetings count (an optional one can be left out).
    """
    deadline = time.perf_counter() + time_limit
    mandatory = [m for m in problem.meetings if problem.is_mandatory(m)]
    if not mandatory:
        return []
    relaxed = replace(
        problem,
        participants=tuple(replace(p, forbidden=frozenset()) for p in problem.participants),
        meetings=tuple(replace(m, slot=None, after=()) for m in mandatory),
        all_mandatory=True,
    )
    encoding = _Encoding(relaxed)
    switches, clauses = _switches(problem, mandatory, encoding)
    with Solver(name=ORACLE, bootstrap_with=encoding.formula.hard) as sat:
        sat.append_formula(clauses)

        def unsatisfiable(assumed: list[int]) -> list[int] | None:
            """The core of ``assumed`` when no schedule exists under it, else None."""
            sat.conf_budget(CONFLICTS)
            if sat.solve_limited(assumptions=assumed) is False:
                return list(sat.get_core() or [])
            return None

        core = unsatisfiable(sorted(switches))
        if core is None:
            return []
        if not core:
            return [reason("no_fit")]
        kept = sorted(core)
        for switch in list(kept):
            if time.perf_counter() > deadline:
                break
            if switch not in kept:
                continue
            trial = [s for s in kept if s != switch]
            smaller = unsatisfiable(trial)
            if smaller is not None:
                kept = [s for s in trial if s in set(smaller)]
    return [reason("conflict"), *(switches[s] for s in kept)]


def _switches(
    problem: Problem, mandatory: list[Meeting], encoding: _Encoding
) -> tuple[dict[int, Reason], list[list[int]]]:
    """A switch literal per unavailable slot, fixed meeting and precedence, with its reason,
    and the clauses that hold each constraint when its switch is on."""
    switches: dict[int, Reason] = {}
    clauses: list[list[int]] = []
    x = encoding.x
    for p in problem.participants:
        for slot in sorted(p.forbidden):
            lits = [x[m.id][slot] for m in mandatory if p.id in m.participants and slot in x[m.id]]
            if lits:
                switch = encoding.pool.id(("forbidden", p.id, slot))
                switches[switch] = reason("unavailable", participant=p.id, slot=slot)
                clauses.extend([-switch, -lit] for lit in lits)
    by_id = {m.id: m for m in mandatory}
    for m in mandatory:
        if m.slot is not None:
            switch = encoding.pool.id(("fixed", m.id))
            switches[switch] = reason("fixed", meeting=m.id, a=m.a, b=m.b, slot=m.slot)
            lit = x[m.id].get(m.slot)
            clauses.append([-switch] if lit is None else [-switch, lit])
        for q in m.after:
            if q in by_id:
                switch = encoding.pool.id(("after", q, m.id))
                before = by_id[q]
                switches[switch] = reason(
                    "after",
                    meeting=m.id,
                    a=m.a,
                    b=m.b,
                    before=q,
                    before_a=before.a,
                    before_b=before.b,
                )
                for s, lit in x[m.id].items():
                    clauses.append([-switch, -lit, *(v for t, v in x[q].items() if t < s)])
    return switches, clauses
