"""Shares of a ranking reserved for groups of candidates: re-ranking with minimum quotas.

At an "X meets Y" event the point is to cross roles and sectors, and topical closeness (the
fused score) alone proposes a demander's fellow demanders, who write about the same things. A
bonus added to the score cannot say how much crossing it buys: its effect depends on how spread
the scores are. A quota says it in the list itself: every prefix of length ``i`` holds at least
``floor(share * i)`` members of each group while the group has members left, the rest in the
score's order (the prefix rule of FA*IR, Zehlike et al., CIKM 2017, with a fixed share instead
of a significance test). Within each group, and among candidates of the same groups, the score's
order is kept.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quota:
    """At least ``share`` of every prefix of a query's suggestions are ``members`` (profile ids),
    while any remain among the candidates."""

    members: frozenset[str]
    share: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.share <= 1.0:
            raise ValueError(f"a quota's share is between 0 and 1, not {self.share}")


def quota_order[T: Hashable](
    ranked: Sequence[T], groups: Sequence[tuple[Collection[T], float]], k: int
) -> list[tuple[T, frozenset[int]]]:
    """The first ``k`` of ``ranked`` (best first) re-ordered so that each prefix of length ``i``
    holds ``floor(share * i)`` members of each ``(members, share)`` group when it can.

    Greedy, position by position: when no group is short, the best remaining candidate; else the
    best remaining candidate among those in the most short groups. Each item comes with the
    indices of the groups that put it there ahead of a better-ranked candidate (empty when it
    was the best remaining anyway), so a reason can say why.
    """
    remaining = list(ranked)
    # Membership per candidate, computed once: the groups' indices it belongs to.
    belongs = {
        item: frozenset(g for g, (members, _) in enumerate(groups) if item in members)
        for item in remaining
    }
    left = [sum(1 for item in remaining if g in belongs[item]) for g in range(len(groups))]
    have = [0] * len(groups)
    out: list[tuple[T, frozenset[int]]] = []
    while remaining and len(out) < k:
        length = len(out) + 1
        short = frozenset(
            g
            for g, (_members, share) in enumerate(groups)
            # A small epsilon: 2/3 * 3 is 1.9999... in floating point.
            if left[g] and have[g] < math.floor(share * length + 1e-9)
        )
        pick, forced = 0, frozenset[int]()
        if short and not (belongs[remaining[0]] & short):
            pick = max(
                range(len(remaining)), key=lambda j: (len(belongs[remaining[j]] & short), -j)
            )
            forced = belongs[remaining[pick]] & short
        item = remaining.pop(pick)
        for g in belongs[item]:
            have[g] += 1
            left[g] -= 1
        out.append((item, forced))
    return out


def quota_pool(signatures: Sequence[Hashable], k: int) -> list[int]:
    """Positions (in ranked order) that suffice for :func:`quota_order` to choose ``k``: the
    first ``k`` candidates of each combination of groups (``signatures``: per candidate, any
    value that names its combination, e.g. the set of its groups' indices). Each greedy step
    takes the best remaining candidate of some combination, so none deeper is ever taken."""
    seen: dict[Hashable, int] = {}
    kept = []
    for position, signature in enumerate(signatures):
        if seen.get(signature, 0) < k:
            seen[signature] = seen.get(signature, 0) + 1
            kept.append(position)
    return kept
