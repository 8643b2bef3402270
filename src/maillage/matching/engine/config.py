"""How the matcher analyses profiles and fuses its signals: :class:`MatchConfig` and the tuned
default weights."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: Tuned on the training half of the synthetic evaluation set (benchmarks/matching_quality.py).
#: The grid search chose lexical 0.0 there (most good pairs are cross-language, where BM25 cannot
#: help, and texts are short enough for the dense model to read whole); we keep BM25 at 0.5 because
#: on long single-language texts it is the only signal that reads everything.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "dense": 1.5,
    "lexical": 0.5,
    "taxonomy": 0.6,
    "direction": 2.0,
    # Structured profiles (an event's registrations) have no real data to tune on yet: the
    # graph counts as much as the dense signal, activity less than on real descriptions.
    "graph": 1.0,
    "activity": 0.5,
}

#: Used when the *query* profile is a description only (no declared offers, needs, domains or
#: NACE codes), the usual real profile. Dense, lexical, graph and activity were chosen by
#: cross-validation on REAL collaboration data (benchmarks/matching_real.py: H2020
#: co-participation, folds of the development queries, with BM25's ``bm25_b`` 0; every fold
#: chose dense 0.25 and lexical 1.0, graph 1.5 in four folds of five, activity 3.0 in three).
#: Direction and its margin were tuned on the synthetic English description-only variants
#: (benchmarks/matching_quality.py); real descriptions rarely state an offer or a need.
#: Taxonomy has no information in such profiles.
DESCRIPTION_WEIGHTS: Mapping[str, float] = {
    "dense": 0.25,
    "lexical": 1.0,
    "taxonomy": 0.0,
    "direction": 2.0,
    "graph": 1.5,
    "activity": 3.0,
}

#: With DESCRIPTION_WEIGHTS: the direction signal of a description-only query counts only by
#: how far a candidate's z-score exceeds this margin (offers and needs read from free text are
#: weak evidence; a candidate must stand out from the others to get a bonus). Tuned with the
#: weights (benchmarks/matching_quality.py): 0.5 was best on graded relevance alone, by 0.0007,
#: and lost to BM25 on binary relevance by 0.10 nDCG@10; 1.0 keeps most of the graded gain.
DESCRIPTION_MARGINS: Mapping[str, float] = {"direction": 1.0}


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """How profiles are analysed and how signals are fused."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    #: Weights for query profiles that are only a description (see DESCRIPTION_WEIGHTS).
    description_weights: Mapping[str, float] = field(
        default_factory=lambda: dict(DESCRIPTION_WEIGHTS)
    )
    #: Margins of one-sided signals for those queries (see DESCRIPTION_MARGINS).
    description_margins: Mapping[str, float] = field(
        default_factory=lambda: dict(DESCRIPTION_MARGINS)
    )
    #: "weighted" (weighted sum of per-query z-scores) or "rrf" (reciprocal rank fusion).
    fusion: str = "weighted"
    rrf_k: int = 60
    #: A profile queries BM25 with at most this many of its own terms (the strongest by
    #: idf x (1 + log tf)), so a long text's generic words do not outweigh what it is about.
    max_query_terms: int = 32
    #: BM25's length normalisation (0: none, 1: full). 0, chosen by every fold of the
    #: cross-validation on real collaboration data (benchmarks/matching_real.py): there a
    #: longer description says more activity, and normalising it away halved recall (text
    #: alone, 0.148 at 0, 0.106 at 0.25, 0.057 at 0.75).
    bm25_b: float = 0.0
    #: Passages for the dense signal: at most this many words each...
    passage_words: int = 60
    #: ...and at most this many per profile (the most central ones).
    max_passages: int = 1
    #: Offers and needs are embedded by their first this many words.
    interest_words: int = 12
    #: Words embedded per profile, one passage and the offers and needs together: the passage
    #: gets what the offers and needs leave (at least ``passages.MIN_PASSAGE_WORDS``). This
    #: bounds embedding time: multilingual-e5-small costs about 0.94 ms of CPU per token in the
    #: numpy engine, ~1.3 tokens per English word (docs/benchmarks.md), and 12,000 profiles must
    #: embed within 10 minutes on 2 cores: 60 words is 89 tokens per profile there, 8.4 minutes.
    embed_words: int = 60
    #: Offers and needs read from a description: on each side, the first sentence with a cue
    #: phrase whose specificity (mean BM25 idf of its terms) reaches this multiple of the
    #: corpus's ordinary word (``LexicalIndex.mean_document_idf``); 0 keeps the first cue
    #: sentence whatever it says. Generic sentences ("we are always looking for talented
    #: people") carry cue phrases too, and a stated need that any other profile could state
    #: matches nothing in particular.
    min_inferred_specificity: float = 1.0
    #: B2B mode: the direction signal needs offers meeting needs *both* ways.
    mutual: bool = False
    #: Added (in z-score units) when the two profiles' sectors are known and disjoint.
    cross_sector_bonus: float = 0.0
    #: Added (in z-score units) when the two profiles' kinds complement each other (supplier
    #: and demander, research and company...: ``taxonomy.complementary_kinds``).
    complementary_bonus: float = 0.0
    #: How far feedback moves the query vector towards useful / away from not-useful profiles.
    feedback_weight: float = 0.5
    #: Drop the query's existing partners (as it sees its ties) from its suggestions: only
    #: introductions to organisations it has not worked with yet.
    new_only: bool = False
    batch_size: int = 64
