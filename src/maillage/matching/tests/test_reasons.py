"""Structured reasons: the engine's English and the Django rendering stay the same sentences."""

import pytest
from django.utils import translation

from maillage.matching.engine import HashingEmbedder, Matcher, Profile
from maillage.matching.engine.explain import ENGLISH, PLURALS, Reason
from maillage.matching.reasons import MESSAGES, PLATFORM_CODES, render_reason

PARAMS: dict[str, str | float] = {
    "offer": "vibration sensors",
    "need": "less downtime",
    "them": "Acme",
    "similarity": 0.87654,
    "domains": "ICT, energy",
    "code": "62.0",
    "passage": "We build robots.",
    "terms": "robot, weld",
    "mine": "BE",
    "theirs": "NL",
    "profiles": "a, b",
    "names": "X, Y, Z",
    "count": 5,
    "others": 2,
}


def test_every_engine_reason_code_has_a_translatable_message() -> None:
    assert set(MESSAGES) == set(ENGLISH) | set(PLURALS) | PLATFORM_CODES


@pytest.mark.parametrize("code", sorted({*ENGLISH, *PLURALS}))
@pytest.mark.parametrize("number", [1, 2, 5])
def test_django_rendering_in_english_equals_the_engine_english(code: str, number: int) -> None:
    params = {**PARAMS, "count": number, "others": number}
    with translation.override("en"):
        assert render_reason(code, params) == Reason(code, params).english()


def test_plural_reasons_read_in_the_singular_for_one() -> None:
    assert Reason("common_partners", {"count": 1, "names": "X"}).english() == (
        "Worked with one of your partners: X"
    )
    assert Reason(
        "common_partners_more", {"count": 4, "names": "X, Y, Z", "others": 1}
    ).english() == ("Worked with 4 of your partners: X, Y, Z and 1 other")


def test_reasons_are_sentences_without_raw_similarity() -> None:
    reason = Reason("similar_activity", {"similarity": 0.87654, "passage": "We build robots."})
    assert reason.english() == "Similar activity: “We build robots.”"
    assert reason.params["similarity"] == 0.87654  # still there for programs


def test_unknown_code_renders_as_nothing() -> None:
    assert render_reason("from_a_newer_engine", {}) == ""


def test_matches_carry_structured_reasons_and_their_english() -> None:
    matcher = Matcher(
        [
            Profile("a", name="A", country="BE", offers=("robotic welding cells",)),
            Profile("b", name="B", country="NL", needs=("robotic welding cells for our plant",)),
            Profile("c", name="C", country="BE", needs=("organic apples and pears",)),
        ],
        embedder=HashingEmbedder(dim=64),
    )
    match = matcher.suggest("a")[0]
    codes = [reason.code for reason in match.explanations]
    assert codes[0] == "offer_meets_need"
    assert "cross_border" in codes
    assert match.reasons == tuple(reason.english() for reason in match.explanations)
    assert match.reasons[codes.index("cross_border")] == "Cross-border partner (BE - NL)"
