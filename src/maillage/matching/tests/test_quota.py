"""Re-ranking with minimum shares per group (engine.quota), alone and through the matcher."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.matching.engine import HashingEmbedder, Matcher, Profile, Quota, quota_order
from maillage.matching.engine.quota import quota_pool


def test_quota_puts_a_group_member_in_every_prefix_it_is_due() -> None:
    ranked = ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
    order = quota_order(ranked, [({"b1", "b2", "b3"}, 2 / 3)], 6)
    assert order == [
        ("a1", frozenset()),
        ("b1", frozenset({0})),
        ("b2", frozenset({0})),
        ("a2", frozenset()),
        ("b3", frozenset({0})),
        ("a3", frozenset()),
    ]


def test_quota_keeps_the_order_when_the_group_already_leads() -> None:
    ranked = ["b1", "b2", "a1", "b3", "a2"]
    assert quota_order(ranked, [({"b1", "b2", "b3"}, 1 / 2)], 5) == [
        (item, frozenset()) for item in ranked
    ]


def test_quota_prefers_a_candidate_in_both_short_groups() -> None:
    ranked = ["x", "role", "side", "both"]
    groups = [({"role", "both"}, 1.0), ({"side", "both"}, 1.0)]
    assert quota_order(ranked, groups, 2) == [
        ("both", frozenset({0, 1})),
        ("role", frozenset({0})),
    ]


def test_quota_share_outside_zero_one_is_refused() -> None:
    with pytest.raises(ValueError, match=r"between 0 and 1, not 1\.5"):
        Quota(frozenset({"a"}), 1.5)


@given(
    members=st.lists(st.booleans(), min_size=0, max_size=40),
    share=st.sampled_from([0.0, 1 / 3, 1 / 2, 2 / 3, 1.0]),
    k=st.integers(min_value=0, max_value=45),
)
def test_quota_order_properties(members: list[bool], share: float, k: int) -> None:
    ranked = list(range(len(members)))
    group = {i for i, member in enumerate(members) if member}
    order = [item for item, _forced in quota_order(ranked, [(group, share)], k)]
    # The first min(k, n) candidates of some order, each once...
    assert len(order) == min(k, len(ranked)) == len(set(order))
    # ...the score's order kept within the group and within the rest...
    assert [i for i in order if i in group] == sorted(i for i in order if i in group)
    assert [i for i in order if i not in group] == sorted(i for i in order if i not in group)
    # ...and every prefix holds its share of the group, or all the group there is.
    for length in range(1, len(order) + 1):
        held = sum(1 for i in order[:length] if i in group)
        assert held >= min(math.floor(share * length + 1e-9), len(group))
    # The pool of quota_pool is enough to choose the same.
    signatures = [frozenset({0}) if i in group else frozenset() for i in ranked]
    pool = [ranked[p] for p in quota_pool(signatures, k)]
    assert [item for item, _f in quota_order(pool, [(group, share)], k)] == order


def test_matcher_applies_a_quota_per_query() -> None:
    close = [
        Profile(
            id=f"peer{n}",
            name=f"Peer {n}",
            kind="demander",
            description=f"predictive maintenance of machining lines number {n}",
        )
        for n in range(6)
    ]
    far = [
        Profile(
            id=f"supplier{n}",
            name=f"Supplier {n}",
            kind="supplier",
            description=f"cloud hosting and cybersecurity audits offer {n}",
        )
        for n in range(4)
    ]
    query = Profile(
        id="me", name="Me", kind="demander", description="predictive maintenance of machining lines"
    )
    matcher = Matcher([query, *close, *far], embedder=HashingEmbedder())
    plain = [m.id for m in matcher.suggest("me", top=6)]
    assert sum(i.startswith("supplier") for i in plain) <= 1
    suppliers = frozenset(p.id for p in far)
    balanced = matcher.suggest_many(["me"], top=6, quotas={"me": [Quota(suppliers, 2 / 3)]})["me"]
    ids = [m.id for m in balanced]
    assert sum(i in suppliers for i in ids) == 4
    # Within each group, the engine's order.
    assert [i for i in ids if i not in suppliers] == [i for i in plain if i not in suppliers][:2]
    assert [m.id for m in matcher.suggest("peer0", top=6)] == [
        m.id for m in matcher.suggest_many(["peer0"], top=6, quotas={"me": []})["peer0"]
    ]
