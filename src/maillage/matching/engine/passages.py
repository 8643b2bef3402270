"""What of each profile is embedded: offers and needs read from a description, and passages.

The model reads a bounded budget of words per profile (``MatchConfig.embed_words``), so these
functions choose them: the specific offer and need a description states, then the most central
passage(s) of the rest. BM25 still reads every word of every text (``lexical.py``).
"""

from __future__ import annotations

from dataclasses import replace

from .config import MatchConfig
from .lexical import LexicalIndex
from .profile import Profile
from .text import analyse, infer_interests, pack, sentences

#: Passages are chosen among the first this many characters of a description (about ten pages).
PASSAGE_SOURCE_CHARS = 30_000

#: Sentences with a cue phrase considered per side when looking for a specific one.
MAX_CUE_SENTENCES = 8

#: A passage never shrinks below this many words to make room for offers and needs.
MIN_PASSAGE_WORDS = 12


def specificity(lexical: LexicalIndex, text: str, lang: str) -> float:
    """Mean BM25 idf of the distinct indexed terms of ``text`` (0 when it has none)."""
    vocabulary = lexical.vocabulary
    columns = {vocabulary[t] for t in analyse(text, lang) if t in vocabulary}
    return float(lexical.idf[list(columns)].mean()) if columns else 0.0


def with_inferred_interests(
    profile: Profile, lang: str, *, lexical: LexicalIndex, config: MatchConfig
) -> Profile:
    """A description-only profile gets the offer and need its text states (see text.py)."""
    if profile.offers or profile.needs or not profile.description:
        return profile
    threshold = config.min_inferred_specificity
    if not threshold:
        offers, needs = infer_interests(profile.description)
    else:
        floor = threshold * lexical.mean_document_idf
        found = infer_interests(profile.description, limit=MAX_CUE_SENTENCES)
        offers, needs = (
            tuple([text for text in side if specificity(lexical, text, lang) >= floor][:1])
            for side in found
        )
    return replace(profile, offers=offers, needs=needs) if offers or needs else profile


def passage_words(profile: Profile, config: MatchConfig) -> int:
    """Words per passage for this profile: what its offers and needs leave of the budget."""
    used = sum(
        min(len(text.split()), config.interest_words) for text in (*profile.offers, *profile.needs)
    )
    return min(config.passage_words, max(MIN_PASSAGE_WORDS, config.embed_words - used))


def select_passages(
    profile: Profile,
    row: int,
    *,
    inferred: bool,
    lang: str,
    lexical: LexicalIndex,
    config: MatchConfig,
) -> list[str]:
    """Passages of name + description; if too many, the most central ones (document order).

    ``inferred``: the profile's offers and needs were read from its description, so the
    sentences stating them (embedded as interests) are left out of the passages.
    """
    # Passages are chosen from the opening of a long text, where organisations say what they
    # do; BM25 still reads the whole text.
    parts = sentences(profile.description[:PASSAGE_SOURCE_CHARS])
    if inferred:
        stated = (*profile.offers, *profile.needs)
        parts = [s for s in parts if not any(text in s for text in stated)]
    if profile.name:
        parts.insert(0, f"{profile.name}.")
    chunks = pack(parts, passage_words(profile, config))
    if not chunks and not (profile.offers or profile.needs) and profile.name:
        chunks = [profile.name]
    limit = config.max_passages
    if len(chunks) <= limit:
        return chunks
    query = lexical.queries.getrow(row)
    weights = dict(zip(query.indices.tolist(), query.data.tolist(), strict=True))
    vocabulary = lexical.vocabulary
    scored = []
    for position, chunk in enumerate(chunks):
        terms = {vocabulary[t] for t in analyse(chunk, lang) if t in vocabulary}
        centrality = sum(weights.get(t, 0.0) * float(lexical.idf[t]) for t in terms)
        centrality /= max(len(chunk.split()), 20) ** 0.5
        scored.append((centrality * (1.15 if position == 0 else 1.0), position))
    keep = sorted(position for _, position in sorted(scored, reverse=True)[:limit])
    return [chunks[position] for position in keep]
