"""The collaboration graph signal: Adamic–Adar over partners, new-only, explanations, privacy."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.matching.engine import HashingEmbedder, MatchConfig, Matcher, Profile
from maillage.matching.engine.graph import CollaborationGraph
from maillage.matching.engine.profile import ProfileFormatError, profile_from_dict


def _network() -> list[Profile]:
    """Five text-alike organisations; "a" worked with hub "h" and with "p" and "q"; "c" worked
    with "p", "q" and "h"; "d" only with "h"."""
    text = "robotic welding cells for car factories"
    return [
        Profile("a", name="Alpha", description=text, partners={"h": 1, "p": 2, "q": 1}),
        Profile("c", name="Gamma", description=text, partners={"p": 1, "q": 1, "h": 1}),
        Profile("d", name="Delta", description=text, partners={"h": 1}),
        Profile("e", name="Epsilon", description=text),
        Profile("h", name="Hub", description=text, partners={"x1": 1, "x2": 1, "x3": 1}),
        Profile("p", name="Pi", description=text),
        Profile("q", name="Qu", description=text),
    ]


CONTEXT = [Profile("x1", name="X1"), Profile("x2", name="X2"), Profile("x3", name="X3")]


def _matcher(profiles: list[Profile], **config: object) -> Matcher:
    return Matcher(
        profiles,
        embedder=HashingEmbedder(dim=64),
        config=MatchConfig(**config),  # type: ignore[arg-type]
        context=CONTEXT,
    )


def test_adamic_adar_scores_equal_a_hand_computation() -> None:
    graph = CollaborationGraph(_network(), CONTEXT)
    node = graph.node_of
    scores, _activity = graph.scores([node["a"]])
    # a and c share p (a-p weight 2), q and h; degrees: p 2, q 2, h 5 (a, c, d, x1..x3 -> 6).
    expected = 2 / math.log(2 + 2) + 1 / math.log(2 + 2) + 1 / math.log(2 + 6)
    assert scores[0][node["c"]] == pytest.approx(expected)
    assert scores[0][node["d"]] == pytest.approx(1 / math.log(2 + 6))
    assert scores[0][node["e"]] == 0.0


def test_common_partners_rank_first_and_are_explained() -> None:
    top = _matcher(_network()).suggest("a")[0]
    assert top.id == "c"
    assert "Worked with 3 of your partners: Pi, Qu, Hub" in top.reasons
    assert top.signals["graph"] > 0


def test_more_than_three_common_partners_are_counted() -> None:
    profiles = _network()
    profiles[0] = replace(profiles[0], partners={"h": 1, "p": 1, "q": 1, "x1": 1, "x2": 1})
    profiles[1] = replace(profiles[1], partners={"h": 1, "p": 1, "q": 1, "x1": 1, "x2": 1})
    top = _matcher(profiles).suggest("a")[0]
    assert top.id == "c"
    assert any(r.endswith("and 2 others") and r.startswith("Worked with 5") for r in top.reasons)


def test_unnamed_common_partners_are_counted_not_named() -> None:
    profiles = _network()
    context = [Profile("y1"), Profile("y2")]
    profiles[0] = replace(profiles[0], partners={"y1": 1, "y2": 1})
    profiles[1] = replace(profiles[1], partners={"y1": 1, "y2": 1})
    matcher = Matcher(profiles, embedder=HashingEmbedder(dim=64), context=context)
    top = matcher.suggest("a")[0]
    assert top.id == "c"
    assert "Worked with 2 of your partners" in top.reasons


def test_past_partners_are_kept_and_said_unless_new_only() -> None:
    everyone = _matcher(_network()).suggest("a", top=10)
    pi = next(m for m in everyone if m.id == "p")
    assert "You have already worked together" in pi.reasons
    new = [m.id for m in _matcher(_network(), new_only=True).suggest("a", top=10)]
    assert set(new) == {"c", "d", "e"}


def test_partner_ids_that_are_no_profile_are_listed_and_ignored() -> None:
    profiles = [*_network(), Profile("z", description="apples", partners={"ghost": 3})]
    matcher = _matcher(profiles)
    assert matcher.graph.unknown == {"ghost"}
    assert [m.id for m in matcher.suggest("z", top=10)]


def test_a_query_without_ties_gets_no_graph_information() -> None:
    matcher = _matcher(_network())
    (raw,) = matcher.signal_rows([matcher.row_of["e"]])
    assert np.isnan(raw["graph"]).all()
    assert all("partners" not in r for m in matcher.suggest("e") for r in m.reasons)


def test_ties_given_from_both_ends_keep_the_larger_weight() -> None:
    graph = CollaborationGraph([Profile("a", partners={"b": 2}), Profile("b", partners={"a": 5})])
    assert graph.tie(0, 1) == graph.tie(1, 0) == 5.0
    assert graph.n_ties == 1


def test_private_ties_count_for_their_owner_only() -> None:
    """A private meeting of "d" with "p" helps d's own suggestions (c shares p with it) but
    changes nothing for anyone else, in scores or in reasons."""
    public = _network()
    private = [replace(p, private_partners={"p": 1}) if p.id == "d" else p for p in public]
    before, after = _matcher(public), _matcher(private)
    for query in ("a", "c", "e", "h", "p", "q"):
        assert before.suggest(query, top=10) == after.suggest(query, top=10)
    gamma = next(m for m in after.suggest("d", top=10) if m.id == "c")
    assert "Worked with 2 of your partners: Pi, Hub" in gamma.reasons
    assert after.graph.degree[after.graph.node_of["p"]] == 2  # a and c, not d


@settings(max_examples=40, deadline=None)
@given(
    ties=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(1, 3)), max_size=14),
    secret=st.tuples(st.integers(0, 5), st.integers(0, 5)),
)
def test_another_profiles_private_tie_never_changes_a_query(
    ties: list[tuple[int, int, int]], secret: tuple[int, int]
) -> None:
    """Property: adding a private tie to profile s changes no suggestion, score or reason of
    any query other than s."""
    owner, partner = secret
    if owner == partner:
        return
    partners: dict[int, dict[str, float]] = {i: {} for i in range(6)}
    for a, b, weight in ties:
        if a != b:
            partners[a][f"o{b}"] = weight
    words = ["welding", "robots", "apples", "sensors", "packaging", "energy"]
    base = [
        Profile(
            f"o{i}",
            name=f"O{i}",
            description=f"{words[i]} {words[(i + 1) % 6]}",
            partners=partners[i],
        )
        for i in range(6)
    ]
    with_secret = [
        replace(p, private_partners={f"o{partner}": 2}) if i == owner else p
        for i, p in enumerate(base)
    ]
    embedder = HashingEmbedder(dim=32)
    before = Matcher(base, embedder=embedder)
    after = Matcher(with_secret, embedder=embedder)
    for i in range(6):
        if i != owner:
            assert before.suggest(f"o{i}", top=6) == after.suggest(f"o{i}", top=6)


def test_partners_field_is_read_and_checked() -> None:
    profile = profile_from_dict({"id": "a", "partners": {"b": 2, "c": 1.5}})
    assert profile.partners == {"b": 2.0, "c": 1.5}
    for bad, message in (
        ({"id": "a", "partners": ["b"]}, "must be an object"),
        ({"id": "a", "partners": {"b": "2"}}, "must be a positive number"),
        ({"id": "a", "partners": {"b": 0}}, "must be a positive number"),
        ({"id": "a", "partners": {"b": True}}, "must be a positive number"),
        ({"id": "a", "partners": {"a": 1}}, "names the profile itself"),
        ({"id": "a", "partners": {" ": 1}}, "empty partner id"),
    ):
        with pytest.raises(ProfileFormatError, match=message):
            profile_from_dict(bad)
