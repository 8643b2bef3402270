"""Crafted variants of the published instances: deterministic, and built as each family says."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from maillage.scheduling.engine import (
    Problem,
    SolveOptions,
    read_problem,
    solve,
    solve_greedy,
    verify,
)
from maillage.scheduling.engine.explain import explain_infeasibility
from maillage.scheduling.engine.variants import (
    FAMILIES,
    _random_schedule,
    make_variant,
    variant_id,
)


def _published(b2b_dir: Path, name: str) -> Problem:
    return read_problem(b2b_dir / "instances" / f"{name}.original.dzn")


def test_variant_same_seed_gives_the_same_problem(b2b_dir: Path) -> None:
    base = _published(b2b_dir, "forum-13crafb")
    for family in FAMILIES:
        first = make_variant(base, "forum-13crafb", family.name, 3)
        again = make_variant(_published(b2b_dir, "forum-13crafb"), "forum-13crafb", family.name, 3)
        assert first == again
        assert first.name == "forum-13crafb:" + family.name + ":3"
        assert make_variant(base, "forum-13crafb", family.name, 4) != first


def test_variant_forbidden_replaces_the_original_forbidden_slots(b2b_dir: Path) -> None:
    base = _published(b2b_dir, "forum-13crafb")
    pairs = len(base.participants) * base.n_slots  # 76 x 22 = 1,672
    original = {(p.id, s) for p in base.participants for s in p.forbidden}
    for family, expected in (("forbidden-0.3", 5), ("forbidden-0.7", 12)):
        variant = make_variant(base, "forum-13crafb", family, 1)
        drawn = {(p.id, s) for p in variant.participants for s in p.forbidden}
        assert len(drawn) == expected == round(pairs * float(family.split("-")[1]) / 100)
        assert drawn != original
        assert variant.meetings == base.meetings


def test_variant_fixed_meetings_take_allowed_distinct_slots(b2b_dir: Path) -> None:
    base = _published(b2b_dir, "forum-14")
    for family, share in (("fixed-20", 0.2), ("fixed-40", 0.4)):
        variant = make_variant(base, "forum-14", family, 2)
        fixed = [m for m in variant.meetings if m.slot is not None]
        assert 0 < len(fixed) <= round(share * len(base.meetings))
        taken = [(pid, m.slot) for m in fixed for pid in m.participants]
        assert len(taken) == len(set(taken))
        for m in fixed:
            assert m.slot in base.allowed_slots(base.meetings_by_id[m.id])


def test_variant_precedences_share_a_participant_and_form_no_cycle(b2b_dir: Path) -> None:
    base = _published(b2b_dir, "tic-13")
    variant = make_variant(base, "tic-13", "precedence-25", 1)
    pairs = [(q, m.id) for m in variant.meetings for q in m.after]
    # A quarter of each participant's meetings, rounded down: 75 in all.
    assert len(pairs) == sum(len(mids) // 4 for mids in base.meeting_ids_of.values()) == 75
    by_id = variant.meetings_by_id
    for q, m in pairs:
        assert set(by_id[q].participants) & set(by_id[m].participants)
    # Acyclic: repeatedly remove meetings without a remaining predecessor.
    left = {m.id: set(m.after) for m in variant.meetings}
    while left:
        free = [mid for mid, before in left.items() if not before & left.keys()]
        assert free, "precedence cycle"
        for mid in free:
            del left[mid]


def test_variant_precedences_follow_a_schedule_of_the_base(b2b_dir: Path) -> None:
    # Drawn in a random order, the precedences of the two-session instances contradicted the
    # sessions at once (every forum-13crafb variant); oriented along a schedule, they cannot.
    base = _published(b2b_dir, "forum-13crafb")
    for family in ("precedence-15", "precedence-25"):
        variant = make_variant(base, "forum-13crafb", family, 1)
        assert explain_infeasibility(variant) == []
        assert _random_schedule(variant, random.Random(0)) is not None


def test_variant_of_unknown_family_is_refused(small_problem: Problem) -> None:
    with pytest.raises(KeyError):
        make_variant(small_problem, "small", "forbidden-9", 1)


def test_variant_without_shared_data_is_deterministic(small_problem: Problem) -> None:
    for family in FAMILIES:
        one = make_variant(small_problem, "small", family.name, 7)
        assert one == make_variant(small_problem, "small", family.name, 7)
        assert one.name == variant_id("small", family.name, 7)
    fixed = make_variant(small_problem, "small", "fixed-40", 7)
    assert sum(m.slot is not None for m in fixed.meetings) == 2  # 40 % of 5


@pytest.mark.slow
@pytest.mark.parametrize("limit", [1.0, 4.0])
def test_engine_at_any_limit_is_no_worse_than_greedy(b2b_dir: Path, limit: float) -> None:
    # forum-13 with 0.3 % forbidden slots drawn at random, without fairness: greedy places every
    # meeting there, so its schedule is a valid one the engine must never do worse than.
    base = replace(_published(b2b_dir, "forum-13"), fairness=None)
    problem = make_variant(base, "forum-13", "forbidden-0.3", 1)
    greedy = solve_greedy(problem)
    assert greedy.unscheduled == ()
    assert greedy.breaks is not None
    result = solve(problem, SolveOptions(time_limit=limit, workers=2))
    verdict = verify(problem, result.placements)
    assert verdict.ok
    assert verdict.breaks == result.breaks
    assert result.breaks is not None
    assert result.breaks <= greedy.breaks
