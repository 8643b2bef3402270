"""The matcher: profiles in, ranked and explained suggestions out.

Building a :class:`Matcher` analyses every profile once (terms, passages, offers and needs),
embeds what the cache does not already hold, and keeps the vectors in memory. Each query then
scores *every* other profile on four signals (dense similarity, BM25, taxonomy overlap, offer/need
direction), standardises each signal over the candidates, fuses them with weights and explains the
top results. Exact search: 100,000 profiles x 384 dimensions is 150 MB and one matrix product.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from . import explain
from .embeddings import Embedder, EmbeddingCache, Matrix, Progress, embed_texts, normalise_rows
from .feedback import FeedbackStore
from .lexical import LexicalIndex
from .profile import Profile
from .signals import SIGNALS, Row, fuse
from .taxonomy import domain_keys, nace_keys, nace_similarity, sector_keys
from .text import (
    analyse,
    analyse_with_words,
    detect_language,
    first_words,
    infer_interests,
    pack,
    sentences,
)

#: Tuned on the training half of the synthetic evaluation set (benchmarks/matching_quality.py).
#: The grid search chose lexical 0.0 there (most good pairs are cross-language, where BM25 cannot
#: help, and texts are short enough for the dense model to read whole); we keep BM25 at 0.5 because
#: on long single-language texts it is the only signal that reads everything.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "dense": 1.5,
    "lexical": 0.5,
    "taxonomy": 0.6,
    "direction": 2.0,
}

#: Used when the *query* profile is a description only (no declared offers, needs, domains or
#: NACE codes): tuned, with DESCRIPTION_MARGINS, on the tune half of the two synthetic English
#: description-only variants, ``description_en`` and ``description_long`` (texts from one line
#: to many paragraphs), the shape of real profiles, with graded and binary relevance together
#: (real collaboration data labels partners without grades; benchmarks/matching_quality.py,
#: docs/benchmarks.md). BM25 reads the whole text, the dense vector 60 words of it. Taxonomy has
#: no information in such profiles.
DESCRIPTION_WEIGHTS: Mapping[str, float] = {
    "dense": 0.25,
    "lexical": 0.5,
    "taxonomy": 0.0,
    "direction": 2.0,
}

#: With DESCRIPTION_WEIGHTS: the direction signal of a description-only query counts only by
#: how far a candidate's z-score exceeds this margin (offers and needs read from free text are
#: weak evidence; a candidate must stand out from the others to get a bonus). Tuned with the
#: weights (benchmarks/matching_quality.py): 0.5 was best on graded relevance alone, by 0.0007,
#: and lost to BM25 on binary relevance by 0.10 nDCG@10; 1.0 keeps most of the graded gain.
DESCRIPTION_MARGINS: Mapping[str, float] = {"direction": 1.0}

#: Passages are chosen among the first this many characters of a description (about ten pages).
PASSAGE_SOURCE_CHARS = 30_000

#: Sentences with a cue phrase considered per side when looking for a specific one.
MAX_CUE_SENTENCES = 8

#: A passage never shrinks below this many words to make room for offers and needs.
MIN_PASSAGE_WORDS = 12


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
    #: Passages for the dense signal: at most this many words each...
    passage_words: int = 60
    #: ...and at most this many per profile (the most central ones).
    max_passages: int = 1
    #: Offers and needs are embedded by their first this many words.
    interest_words: int = 12
    #: Words embedded per profile, one passage and the offers and needs together: the passage
    #: gets what the offers and needs leave (at least MIN_PASSAGE_WORDS). This bounds embedding
    #: time: multilingual-e5-small costs about 0.94 ms of CPU per token in the numpy engine,
    #: ~1.3 tokens per English word (docs/benchmarks.md), and 12,000 profiles must embed within
    #: 10 minutes on 2 cores: 60 words is 89 tokens per profile there, 8.4 minutes.
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
    #: How far feedback moves the query vector towards useful / away from not-useful profiles.
    feedback_weight: float = 0.5
    batch_size: int = 64


@dataclass(frozen=True, slots=True)
class Match:
    """One suggestion: the candidate, its fused score, why, and the raw signal values.

    ``explanations`` are the structured reasons (a code and parameters, for translation);
    ``reasons`` the same in English.
    """

    id: str
    score: float
    explanations: tuple[explain.Reason, ...]
    signals: Mapping[str, float]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(reason.english() for reason in self.explanations)


def _group_max(
    values: NDArray[np.floating], owners: NDArray[np.int64], starts: NDArray[np.int64], n: int
) -> Row:
    """Maximum of ``values`` per owner (rows grouped contiguously); NaN where an owner has none."""
    out = np.full(n, np.nan)
    if starts.size == values.size:  # one vector per owner (the usual case): nothing to reduce
        out[owners] = values
    elif values.size:
        out[owners[starts]] = np.maximum.reduceat(values, starts)
    return out


class Matcher:
    """Index of profiles that answers "who should this organisation meet, and why?"."""

    def __init__(
        self,
        profiles: Sequence[Profile],
        *,
        embedder: Embedder,
        config: MatchConfig | None = None,
        cache: EmbeddingCache | None = None,
        feedback: FeedbackStore | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.config = config or MatchConfig()
        all_texts = [_all_text(p) for p in profiles]
        self.languages = [detect_language(text) for text in all_texts]
        documents: list[list[str]] = []
        #: One readable word per index term, for explanations ("predict" -> "predictive").
        self.surface: dict[str, str] = {}
        for text, lang in zip(all_texts, self.languages, strict=True):
            terms, tokens = analyse_with_words(text, lang)
            documents.append(terms)
            for term, token in zip(terms, tokens, strict=True):
                self.surface.setdefault(term, token)
        self.lexical = LexicalIndex(documents, max_query_terms=self.config.max_query_terms)
        self.has_content = np.array([bool(doc) for doc in documents])
        self.profiles = [
            self._with_inferred_interests(p, lang)
            for p, lang in zip(profiles, self.languages, strict=True)
        ]
        #: Rows whose offers and needs were read from the description (its sentences that state
        #: them are then embedded as interests, not again in a passage).
        self.inferred = {
            row for row, (a, b) in enumerate(zip(profiles, self.profiles, strict=True)) if a != b
        }
        #: Rows that are a description only: their queries use ``description_weights``.
        self.description_only = {
            row
            for row, p in enumerate(profiles)
            if not (p.offers or p.needs or p.domains or p.nace)
        }
        self.embedder = embedder
        self.feedback = feedback or FeedbackStore()
        self.row_of = {p.id: row for row, p in enumerate(self.profiles)}
        n = len(self.profiles)

        # Texts to embed: selected passages, then offers, then needs (grouped by owner, in order).
        self.passages: list[list[str]] = [
            self._select_passages(p, row) for row, p in enumerate(self.profiles)
        ]
        texts: list[str] = []
        passage_owner: list[int] = []
        for row, chunks in enumerate(self.passages):
            texts.extend(chunks)
            passage_owner.extend([row] * len(chunks))
        offer_owner = [row for row, p in enumerate(self.profiles) for _ in p.offers]
        need_owner = [row for row, p in enumerate(self.profiles) for _ in p.needs]
        words = self.config.interest_words
        texts += [first_words(o, words) for p in self.profiles for o in p.offers]
        texts += [first_words(o, words) for p in self.profiles for o in p.needs]
        vectors = embed_texts(
            embedder, texts, cache=cache, batch_size=self.config.batch_size, progress=progress
        )
        n_pass, n_off = len(passage_owner), len(offer_owner)
        self.passage_vectors = vectors[:n_pass]
        self.passage_owner = np.array(passage_owner, dtype=np.int64)
        self.offer_vectors = vectors[n_pass : n_pass + n_off]
        self.offer_owner = np.array(offer_owner, dtype=np.int64)
        self.need_vectors = vectors[n_pass + n_off :]
        self.need_owner = np.array(need_owner, dtype=np.int64)
        self.offer_starts = _starts(self.offer_owner)
        self.need_starts = _starts(self.need_owner)
        self.passage_start = np.searchsorted(self.passage_owner, np.arange(n + 1))
        self.offer_start = np.searchsorted(self.offer_owner, np.arange(n + 1))
        self.need_start = np.searchsorted(self.need_owner, np.arange(n + 1))
        self.vectors = self._profile_vectors(n)

        self.domains = [domain_keys(p) for p in self.profiles]
        self.naces = [nace_keys(p) for p in self.profiles]
        self.sectors = [sector_keys(p) for p in self.profiles]
        self._by_domain: dict[str, list[int]] = {}
        self._by_division: dict[str, list[int]] = {}
        for row in range(n):
            for key in self.domains[row]:
                self._by_domain.setdefault(key, []).append(row)
            for code in self.naces[row]:
                self._by_division.setdefault(code[:2], []).append(row)
        self._kinds = np.array([p.kind.casefold().strip() for p in self.profiles])
        self._countries = np.array([p.country for p in self.profiles])

    # -- building -------------------------------------------------------------------------------

    def specificity(self, text: str, lang: str) -> float:
        """Mean BM25 idf of the distinct indexed terms of ``text`` (0 when it has none)."""
        vocabulary = self.lexical.vocabulary
        columns = {vocabulary[t] for t in analyse(text, lang) if t in vocabulary}
        return float(self.lexical.idf[list(columns)].mean()) if columns else 0.0

    def _with_inferred_interests(self, profile: Profile, lang: str) -> Profile:
        """A description-only profile gets the offer and need its text states (see text.py)."""
        if profile.offers or profile.needs or not profile.description:
            return profile
        threshold = self.config.min_inferred_specificity
        if not threshold:
            offers, needs = infer_interests(profile.description)
        else:
            floor = threshold * self.lexical.mean_document_idf
            found = infer_interests(profile.description, limit=MAX_CUE_SENTENCES)
            offers, needs = (
                tuple([text for text in side if self.specificity(text, lang) >= floor][:1])
                for side in found
            )
        return replace(profile, offers=offers, needs=needs) if offers or needs else profile

    def _passage_words(self, profile: Profile) -> int:
        """Words per passage for this profile: what its offers and needs leave of the budget."""
        config = self.config
        used = sum(
            min(len(text.split()), config.interest_words)
            for text in (*profile.offers, *profile.needs)
        )
        return min(config.passage_words, max(MIN_PASSAGE_WORDS, config.embed_words - used))

    def _select_passages(self, profile: Profile, row: int) -> list[str]:
        """Passages of name + description; if too many, the most central ones (document order)."""
        # Passages are chosen from the opening of a long text, where organisations say what they
        # do; BM25 still reads the whole text.
        parts = sentences(profile.description[:PASSAGE_SOURCE_CHARS])
        if row in self.inferred:
            stated = (*profile.offers, *profile.needs)
            parts = [s for s in parts if not any(text in s for text in stated)]
        if profile.name:
            parts.insert(0, f"{profile.name}.")
        chunks = pack(parts, self._passage_words(profile))
        if not chunks and not (profile.offers or profile.needs) and profile.name:
            chunks = [profile.name]
        limit = self.config.max_passages
        if len(chunks) <= limit:
            return chunks
        query = self.lexical.queries.getrow(row)
        weights = dict(zip(query.indices.tolist(), query.data.tolist(), strict=True))
        vocabulary = self.lexical.vocabulary
        scored = []
        for position, chunk in enumerate(chunks):
            terms = {vocabulary[t] for t in analyse(chunk, self.languages[row]) if t in vocabulary}
            centrality = sum(weights.get(t, 0.0) * float(self.lexical.idf[t]) for t in terms)
            centrality /= max(len(chunk.split()), 20) ** 0.5
            scored.append((centrality * (1.15 if position == 0 else 1.0), position))
        keep = sorted(position for _, position in sorted(scored, reverse=True)[:limit])
        return [chunks[position] for position in keep]

    def _profile_vectors(self, n: int) -> Matrix:
        dim = self.embedder.dim
        out = np.zeros((n, dim), dtype=np.float32)
        for vectors, owner, start in (
            (self.passage_vectors, self.passage_owner, self.passage_start),
            (self.offer_vectors, self.offer_owner, self.offer_start),
            (self.need_vectors, self.need_owner, self.need_start),
        ):
            if vectors.shape[0] == 0:
                continue
            sums = np.zeros((n, dim), dtype=np.float32)
            np.add.at(sums, owner, vectors)
            counts = np.diff(start).astype(np.float32)[:, None]
            counts[counts == 0] = 1.0
            # Description passages weigh as much as all offers and needs together.
            weight = 1.0 if vectors is self.passage_vectors else 0.5
            out += weight * normalise_rows(sums / counts)
        return normalise_rows(out)

    # -- scoring --------------------------------------------------------------------------------

    def query_vector(self, row: int) -> NDArray[np.float32]:
        """The profile's vector, moved by feedback marks (Rocchio)."""
        vector: NDArray[np.float32] = self.vectors[row].copy()
        marks = self.feedback.marks_for(self.profiles[row].id)
        useful = [self.row_of[c] for c, ok in marks.items() if ok and c in self.row_of]
        useless = [self.row_of[c] for c, ok in marks.items() if not ok and c in self.row_of]
        weight = self.config.feedback_weight
        if useful:
            vector += weight * self.vectors[useful].mean(axis=0)
        if useless:
            vector -= 0.5 * weight * self.vectors[useless].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        if norm > 0:
            vector /= norm
        return vector

    def _taxonomy_row(self, row: int) -> Row:
        out = np.zeros(len(self.profiles))
        domains, naces = self.domains[row], self.naces[row]
        candidates: set[int] = set()
        for key in domains:
            candidates.update(self._by_domain.get(key, ()))
        for code in naces:
            candidates.update(self._by_division.get(code[:2], ()))
        for other in candidates:
            parts = []
            if domains and self.domains[other]:
                union = len(domains | self.domains[other])
                parts.append(len(domains & self.domains[other]) / union)
            if naces and self.naces[other]:
                parts.append(nace_similarity(naces, self.naces[other])[0])
            out[other] = sum(parts) / len(parts) if parts else 0.0
        return out

    def _best_matches(
        self,
        rows: Sequence[int],
        own: tuple[Matrix, NDArray[np.int64]],
        other: tuple[Matrix, NDArray[np.int64], NDArray[np.int64]],
    ) -> list[Row]:
        """For each query row: per candidate, the best cosine between one of the row's ``own``
        vectors (offers, or needs) and one of the candidate's ``other`` vectors (needs, or
        offers); NaN where either side has none.

        One matrix product for the whole block of queries: a product per query was slower than
        all the rest of the ranking together (docs/benchmarks.md).
        """
        n = len(self.profiles)
        own_vectors, own_start = own
        other_vectors, other_owner, other_starts = other
        spans = [(int(own_start[r]), int(own_start[r + 1])) for r in rows]
        empty = np.full(n, np.nan)
        if other_vectors.shape[0] == 0 or all(a == b for a, b in spans):
            return [empty] * len(rows)
        index = np.concatenate([np.arange(a, b) for a, b in spans])
        sims = own_vectors[index] @ other_vectors.T
        out = []
        position = 0
        for a, b in spans:
            if a == b:
                out.append(empty)
                continue
            best = sims[position] if b - a == 1 else sims[position : position + b - a].max(axis=0)
            out.append(_group_max(best, other_owner, other_starts, n))
            position += b - a
        return out

    def direction_rows(self, rows: Sequence[int]) -> list[tuple[Row, Row]]:
        """Per query row: (its offers meet their needs, their offers meet its needs)."""
        gives = self._best_matches(
            rows,
            (self.offer_vectors, self.offer_start),
            (self.need_vectors, self.need_owner, self.need_starts),
        )
        takes = self._best_matches(
            rows,
            (self.need_vectors, self.need_start),
            (self.offer_vectors, self.offer_owner, self.offer_starts),
        )
        return list(zip(gives, takes, strict=True))

    def _direction_row(self, gives: Row, takes: Row) -> Row:
        both = np.fmin(gives, takes)
        if self.config.mutual:
            return both
        either = np.fmax(gives, takes)
        return either + 0.5 * np.nan_to_num(both, nan=0.0) * ~np.isnan(both)

    def signal_rows(self, rows: Sequence[int]) -> list[dict[str, Row]]:
        """Raw signal rows for a block of query rows (NaN = no information)."""
        queries = np.stack([self.query_vector(r) for r in rows])
        dense = (queries @ self.vectors.T).astype(np.float64)
        lexical = self.lexical.scores(rows).astype(np.float64)
        out = []
        directions = self.direction_rows(rows)
        for i, row in enumerate(rows):
            gives, takes = directions[i]
            out.append(
                {
                    "dense": dense[i],
                    "lexical": lexical[i],
                    "taxonomy": self._taxonomy_row(row),
                    "direction": self._direction_row(gives, takes),
                }
            )
        return out

    def _valid(
        self, row: int, countries: frozenset[str] | None, kinds: frozenset[str] | None
    ) -> NDArray[np.bool_]:
        valid = self.has_content.copy()
        valid[row] = False
        if countries:
            valid &= np.isin(self._countries, [c.upper() for c in countries])
        if kinds:
            valid &= np.isin(self._kinds, [k.casefold().strip() for k in kinds])
        for candidate, useful in self.feedback.marks_for(self.profiles[row].id).items():
            if not useful and candidate in self.row_of:
                valid[self.row_of[candidate]] = False
        return valid

    def suggest_many(
        self,
        query_ids: Iterable[str],
        *,
        top: int = 10,
        countries: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        block: int = 128,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, list[Match]]:
        """Top suggestions for each query id (unknown ids raise ``KeyError``)."""
        rows = [self.row_of[q] for q in query_ids]
        country_set = frozenset(countries) if countries else None
        kind_set = frozenset(kinds) if kinds else None
        results: dict[str, list[Match]] = {}
        for start in range(0, len(rows), block):
            chunk = rows[start : start + block]
            for row, raw in zip(chunk, self.signal_rows(chunk), strict=True):
                valid = self._valid(row, country_set, kind_set)
                results[self.profiles[row].id] = self._rank(row, raw, valid, top)
            if progress:
                progress(min(start + block, len(rows)), len(rows))
        return results

    def suggest(self, query_id: str, *, top: int = 10, **filters: Iterable[str]) -> list[Match]:
        """Top suggestions for one profile; see :meth:`suggest_many`."""
        return self.suggest_many([query_id], top=top, **filters)[query_id]  # type: ignore[arg-type]

    def _rank(
        self, row: int, raw: dict[str, Row], valid: NDArray[np.bool_], top: int
    ) -> list[Match]:
        if not self.has_content[row] or not valid.any():
            return []
        config = self.config
        description_only = row in self.description_only
        weights = config.description_weights if description_only else config.weights
        margins = config.description_margins if description_only else None
        fused, normalised = fuse(
            raw, valid, weights, method=config.fusion, rrf_k=config.rrf_k, margins=margins
        )
        scale = 1.0 if config.fusion == "weighted" else 1.0 / (config.rrf_k + 1)
        bonus = np.zeros_like(fused)
        if config.cross_sector_bonus and self.sectors[row]:
            mine = self.sectors[row]
            for other in np.flatnonzero(valid):
                if self.sectors[other] and not (mine & self.sectors[other]):
                    bonus[other] = config.cross_sector_bonus * scale
        for candidate, useful in self.feedback.marks_for(self.profiles[row].id).items():
            if useful and candidate in self.row_of:
                bonus[self.row_of[candidate]] += 3.0 * scale
        fused = np.where(valid, fused + bonus, -np.inf)
        k = min(top, int(valid.sum()))
        best = np.argpartition(-fused, k - 1)[:k] if k < fused.size else np.arange(fused.size)
        best = best[np.argsort(-fused[best], kind="stable")][:k]
        matches = []
        for other in best.tolist():
            signals = {name: _finite(raw[name][other]) for name in SIGNALS}
            reasons = explain.reasons(self, row, other, normalised, bonus[other] > 0)
            matches.append(
                Match(self.profiles[other].id, round(float(fused[other]), 4), reasons, signals)
            )
        return matches

    def mark(self, query_id: str, candidate_id: str, *, useful: bool) -> None:
        """Record a user's judgement of a suggestion; later rankings take it into account."""
        if query_id not in self.row_of or candidate_id not in self.row_of:
            raise KeyError(f"unknown profile id in feedback: {query_id!r} / {candidate_id!r}")
        self.feedback.mark(query_id, candidate_id, useful=useful)

    def sentences_of(self, row: int) -> list[str]:
        return sentences(self.profiles[row].description)


def _finite(value: float) -> float:
    number = float(value)
    return 0.0 if math.isnan(number) else number  # NaN (no information) reads as 0


def _starts(owner: NDArray[np.int64]) -> NDArray[np.int64]:
    if owner.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]).astype(np.int64)


def _all_text(profile: Profile) -> str:
    parts = [profile.name, profile.description, *profile.offers, *profile.needs, *profile.domains]
    return "\n".join(part for part in parts if part)
