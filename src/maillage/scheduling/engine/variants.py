"""Crafted variants of a scheduling problem, after the recipes of the published benchmark study.

Bofill et al. (JAIR 74, 2022) tested their solvers on variants of the real instances built in
three ways; each is a *family* here, with its rate:

- ``forbidden-0.3`` / ``forbidden-0.7``: the problem's own forbidden slots are removed, then
  0.3 % / 0.7 % of all (participant, slot) pairs, drawn at random, are forbidden;
- ``fixed-20`` / ``fixed-40``: 20 % / 40 % of the meetings, drawn at random, are fixed to a slot
  drawn among those the meeting may take (its session, its participants' forbidden slots), one
  that no earlier fixed meeting of its participants takes and that has a table left (drawn
  without that check, most variants were infeasible by a collision of two fixed meetings, which
  the cheap checks of ``explain.py`` find at once and which tests nothing else);
- ``precedence-15`` / ``precedence-25``: each participant with d meetings gets floor(d x 15 %) /
  floor(d x 25 %) precedences between two of its own meetings, drawn at random. The density is
  per participant, as in the study's files: a public reproduction of them reports that this
  budget gives their exact number of precedences (a share of all the meetings, the rule here
  before, gave from 40 % too few, forum-14 at 25 %, to 64 % too many, forum-13 at 15 %). Each
  is oriented along one schedule of the base problem that meets every constraint but fairness,
  drawn at random (``_random_schedule``), so that the precedences never contradict the
  sessions: the study's MaxSAT solver proved all its crafted variants optimal, while oriented
  by a random order of the meetings, every precedence variant of the two-session instances at
  25 % was infeasible by a cheap argument, which tests nothing else.

A variant is deterministic given its base problem, family and seed (the random generator is
seeded with all three, by name) and, for precedences, the SAT solver's version. Fixed meetings
may leave no schedule, and fairness may forbid the one the precedences follow: some variants
have no schedule; the engine must prove it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from pysat.solvers import Solver

from .maxsat import ORACLE, _Encoding
from .model import Problem, validate_problem


@dataclass(frozen=True)
class Family:
    name: str
    kind: str
    #: Percent: of the participant x slot pairs (forbidden), of the meetings (fixed, precedence).
    rate: float


FAMILIES: tuple[Family, ...] = (
    Family("forbidden-0.3", "forbidden", 0.3),
    Family("forbidden-0.7", "forbidden", 0.7),
    Family("fixed-20", "fixed", 20.0),
    Family("fixed-40", "fixed", 40.0),
    Family("precedence-15", "precedence", 15.0),
    Family("precedence-25", "precedence", 25.0),
)
FAMILY_BY_NAME = {family.name: family for family in FAMILIES}


def variant_id(base: str, family: str, seed: int) -> str:
    """The variant's name: ``instance:family:seed`` (e.g. ``forum-14:fixed-20:1``)."""
    return f"{base}:{family}:{seed}"


def make_variant(problem: Problem, base: str, family: str, seed: int) -> Problem:
    """The ``family`` variant of ``problem`` (named ``base``) for ``seed``; raises ``KeyError``
    for an unknown family."""
    recipe = FAMILY_BY_NAME[family]
    rng = random.Random(variant_id(base, family, seed))
    if recipe.kind == "forbidden":
        variant = _forbidden(problem, recipe.rate, rng)
    elif recipe.kind == "fixed":
        variant = _fixed(problem, recipe.rate, rng)
    else:
        variant = _precedences(problem, recipe.rate, rng)
    variant = replace(variant, name=variant_id(base, family, seed))
    validate_problem(variant)
    return variant


def _count(rate: float, total: int) -> int:
    """``rate`` percent of ``total``, rounded, at least one when there is anything to draw."""
    return min(total, max(1, round(rate * total / 100))) if total else 0


def _forbidden(problem: Problem, rate: float, rng: random.Random) -> Problem:
    pairs = [
        (p.id, s)
        for p in sorted(problem.participants, key=lambda p: p.id)
        for s in range(1, problem.n_slots + 1)
    ]
    chosen = rng.sample(pairs, _count(rate, len(pairs)))
    forbidden: dict[int, set[int]] = {p.id: set() for p in problem.participants}
    for pid, slot in chosen:
        forbidden[pid].add(slot)
    participants = tuple(
        replace(p, forbidden=frozenset(forbidden[p.id])) for p in problem.participants
    )
    # A meeting fixed in the base problem keeps its slot only if it is still allowed.
    meetings = tuple(
        m
        if m.slot is None or not ({m.slot} & (forbidden[m.a] | forbidden[m.b]))
        else replace(m, slot=None)
        for m in problem.meetings
    )
    return replace(problem, participants=participants, meetings=meetings)


def _fixed(problem: Problem, rate: float, rng: random.Random) -> Problem:
    meetings = sorted(problem.meetings, key=lambda m: m.id)
    chosen = rng.sample(meetings, _count(rate, len(meetings)))
    slot_of: dict[int, int] = {}
    taken: set[tuple[int, int]] = {
        (pid, m.slot) for m in meetings if m.slot for pid in m.participants
    }
    used: dict[int, int] = {}
    for m in meetings:
        if m.slot is not None:
            used[m.slot] = used.get(m.slot, 0) + 1
    for m in chosen:
        # A slot of its session that none of its participants' fixed meetings takes yet, with a
        # table left: a random slot, not a contradiction one can read off the fixed slots.
        allowed = [
            s
            for s in problem.allowed_slots(replace(m, slot=None))
            if (m.a, s) not in taken and (m.b, s) not in taken and used.get(s, 0) < problem.n_tables
        ]
        if allowed:
            slot = rng.choice(allowed)
            slot_of[m.id] = slot
            taken.update({(m.a, slot), (m.b, slot)})
            used[slot] = used.get(slot, 0) + 1
    return replace(
        problem,
        meetings=tuple(
            replace(m, slot=slot_of[m.id]) if m.id in slot_of else m for m in problem.meetings
        ),
    )


def _precedences(problem: Problem, rate: float, rng: random.Random) -> Problem:
    witness = _random_schedule(problem, rng)
    if witness is None:
        # No schedule even without precedences: any orientation keeps the variant infeasible.
        shuffled = rng.sample(sorted(m.id for m in problem.meetings), len(problem.meetings))
        witness = {mid: rank for rank, mid in enumerate(shuffled)}
    after: dict[int, set[int]] = {m.id: set(m.after) for m in problem.meetings}
    for pid in sorted(problem.meeting_ids_of):
        mids = sorted(problem.meeting_ids_of[pid])
        candidates = [
            (early, late)
            for i, first in enumerate(mids)
            for second in mids[i + 1 :]
            for early, late in [sorted((first, second), key=witness.__getitem__)]
            if early not in after[late] and late not in after[early]
        ]
        wanted = math.floor(rate * len(mids) / 100 + 1e-9)
        for early, late in rng.sample(candidates, min(len(candidates), wanted)):
            after[late].add(early)
    return replace(
        problem,
        meetings=tuple(replace(m, after=tuple(sorted(after[m.id]))) for m in problem.meetings),
    )


def _random_schedule(problem: Problem, rng: random.Random) -> dict[int, int] | None:
    """A schedule meeting every constraint but fairness, near one random slot per meeting (the
    SAT solver's preferred values), or None if there is none."""
    encoding = _Encoding(replace(problem, fairness=None))
    wished = {
        m.id: rng.choice(sorted(slots)) for m in problem.meetings if (slots := encoding.x[m.id])
    }
    with Solver(name=ORACLE, bootstrap_with=encoding.formula.hard) as sat:
        sat.set_phases(encoding.phases(wished))
        return encoding.slot_of(sat.get_model()) if sat.solve() else None


def variant_names(bases: list[str], seeds: list[int]) -> list[tuple[str, str, int]]:
    """(base, family, seed) for every base, family and seed, in that order."""
    return [(base, f.name, seed) for base in bases for f in FAMILIES for seed in seeds]


__all__ = [
    "FAMILIES",
    "FAMILY_BY_NAME",
    "Family",
    "make_variant",
    "variant_id",
    "variant_names",
]
