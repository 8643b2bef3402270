"""Benchmark groups under the threshold never reveal a score, whatever filters are combined,
across releases too: checked against an independent linear-algebra test of what an attacker
who knows every group's members can compute from every published sum."""

from dataclasses import replace
from itertools import combinations
from typing import Any

import numpy as np
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from maillage.impact.policy import current_policy
from maillage.impact.statistics.disclosure import Group, releasable
from maillage.maturity.benchmark import Peer, candidate_groups, min_peers


def derivable(published: list[frozenset[int]], subset: frozenset[int], universe: list[int]) -> bool:
    """Whether the sum over ``subset`` is a linear combination of the published sums."""
    if not published:
        return False
    column = {member: i for i, member in enumerate(universe)}
    matrix = np.zeros((len(published), len(universe)))
    for row, members in enumerate(published):
        for member in members:
            matrix[row, column[member]] = 1.0
    target = np.zeros(len(universe))
    for member in subset:
        target[column[member]] = 1.0
    before = np.linalg.matrix_rank(matrix)
    return bool(np.linalg.matrix_rank(np.vstack([matrix, target])) == before)


def assert_nothing_small_derivable(
    published: list[frozenset[int]], threshold: int, *, largest: int = 3
) -> None:
    """No sum over fewer than ``threshold`` members (up to ``largest`` of them: the check is
    exponential) is a combination of published sums."""
    universe = sorted({m for members in published for m in members})
    for size in range(1, min(threshold, largest + 1)):
        for subset in combinations(universe, size):
            assert not derivable(published, frozenset(subset), universe), subset


@st.composite
def populations(draw: st.DrawFn) -> list[Peer]:
    count = draw(st.integers(min_value=0, max_value=14))
    peers = []
    for index in range(count):
        peers.append(
            Peer(
                assessment_id=index + 1,
                organisation_id=index + 1,
                size=draw(st.sampled_from(["micro", "small", ""])),
                province=draw(st.sampled_from(["WLG", "WNA", ""])),
                sector=draw(st.sampled_from(["axis-a", "axis-b", ""])),
                scores=(0.0,) * 7,
            )
        )
    return peers


@hypothesis_settings(max_examples=80, deadline=None)
@given(populations(), st.integers(min_value=2, max_value=4))
def test_no_group_smaller_than_the_threshold_is_derivable(
    peers: list[Peer], threshold: int
) -> None:
    groups = releasable(candidate_groups(peers, threshold), [], threshold)
    assert all(len(group.members) >= threshold for group in groups)
    assert_nothing_small_derivable([group.members for group in groups], threshold)


@hypothesis_settings(max_examples=60, deadline=None)
@given(populations(), populations(), st.integers(min_value=2, max_value=3))
def test_later_releases_cannot_be_differenced_with_earlier_ones(
    first: list[Peer], later: list[Peer], threshold: int
) -> None:
    """The second release sees the first population plus newcomers (new assessment ids), and
    everything both releases published together still hides every small group."""
    shifted = [
        replace(p, assessment_id=p.assessment_id + 100, organisation_id=p.organisation_id + 100)
        for p in later
    ]
    before = releasable(candidate_groups(first, threshold), [], threshold)
    published = [group.members for group in before]
    after = releasable(candidate_groups(first + shifted, threshold), published, threshold)
    assert_nothing_small_derivable(published + [group.members for group in after], threshold)


def test_a_group_one_company_away_from_a_published_one_is_held_back() -> None:
    everyone = Group(("", "", ""), frozenset(range(1, 13)))
    all_but_one = Group(("", "", "WLG"), frozenset(range(1, 12)))
    kept = releasable([everyone, all_but_one], [], 10)
    assert kept == [everyone]


def test_a_release_never_re_publishes_a_group_changed_by_one_newcomer() -> None:
    first = frozenset(range(1, 13))
    grown = Group(("", "", ""), frozenset(range(1, 14)))
    assert releasable([grown], [first], 10) == []
    assert releasable([Group(("", "", ""), frozenset(range(1, 23)))], [first], 10) != []


def test_the_benchmark_threshold_is_the_platforms_one_disclosure_setting(settings: Any) -> None:
    settings.MAILLAGE_DISCLOSURE_MIN_GROUP = 12
    assert min_peers() == 12
    assert current_policy().min_respondents == 12


def test_a_threshold_under_five_stops_the_platform(settings: Any) -> None:
    settings.MAILLAGE_DISCLOSURE_MIN_GROUP = 4
    with pytest.raises(ValueError, match="5 or more, not 4"):
        min_peers()
    with pytest.raises(ImproperlyConfigured, match="MAILLAGE_DISCLOSURE_MIN_GROUP"):
        apps.get_app_config("impact").ready()
