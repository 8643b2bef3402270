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
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import explain
from .config import DEFAULT_WEIGHTS, DESCRIPTION_MARGINS, DESCRIPTION_WEIGHTS, MatchConfig
from .direction import best_matches, direction_row, group_starts
from .embeddings import Embedder, EmbeddingCache, Matrix, Progress, embed_texts, normalise_rows
from .feedback import FeedbackStore
from .graph import CollaborationGraph
from .lexical import LexicalIndex
from .passages import select_passages, specificity, with_inferred_interests
from .profile import Profile, profile_text
from .quota import Quota, quota_order, quota_pool
from .signals import SIGNALS, Row, fuse
from .taxonomy import (
    complementary_kinds,
    domain_keys,
    nace_keys,
    nace_similarity,
    sector_keys,
)
from .text import analyse_with_words, detect_language, first_words

__all__ = [
    "DEFAULT_WEIGHTS",
    "DESCRIPTION_MARGINS",
    "DESCRIPTION_WEIGHTS",
    "Match",
    "MatchConfig",
    "Matcher",
]


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
        context: Sequence[Profile] = (),
    ) -> None:
        """Analyse, index and embed ``profiles`` (the candidates).

        ``context``: organisations known only by their ties (``Profile.partners``): they link
        candidates in the collaboration graph and are named in explanations, but are neither
        embedded nor suggested. Partner ids that are neither are listed in
        ``self.graph.unknown`` and ignored.
        """
        self.config = config or MatchConfig()
        self.graph = CollaborationGraph(profiles, context)
        all_texts = [profile_text(p) for p in profiles]
        self.languages = [detect_language(text) for text in all_texts]
        documents: list[list[str]] = []
        #: One readable word per index term, for explanations ("predict" -> "predictive").
        self.surface: dict[str, str] = {}
        for text, lang in zip(all_texts, self.languages, strict=True):
            terms, tokens = analyse_with_words(text, lang)
            documents.append(terms)
            for term, token in zip(terms, tokens, strict=True):
                self.surface.setdefault(term, token)
        self.lexical = LexicalIndex(
            documents, b=self.config.bm25_b, max_query_terms=self.config.max_query_terms
        )
        #: Text to compare, or ties to follow: a profile with neither is never suggested.
        self.has_content = np.array([bool(doc) for doc in documents])
        self.has_content |= self.graph.degree[: len(documents)] > 0
        self.profiles = [
            with_inferred_interests(p, lang, lexical=self.lexical, config=self.config)
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
        #: A quota's members as rows, per members: an event's participants share a few quotas.
        self._quota_rows: dict[frozenset[str], frozenset[int]] = {}
        self._quota_masks: dict[frozenset[str], NDArray[np.bool_]] = {}
        n = len(self.profiles)

        # Texts to embed: selected passages, then offers, then needs (grouped by owner, in order).
        self.passages: list[list[str]] = [
            select_passages(
                p,
                row,
                inferred=row in self.inferred,
                lang=self.languages[row],
                lexical=self.lexical,
                config=self.config,
            )
            for row, p in enumerate(self.profiles)
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
        self.offer_starts = group_starts(self.offer_owner)
        self.need_starts = group_starts(self.need_owner)
        self.passage_start = np.searchsorted(self.passage_owner, np.arange(n + 1))
        self.offer_start = np.searchsorted(self.offer_owner, np.arange(n + 1))
        self.need_start = np.searchsorted(self.need_owner, np.arange(n + 1))
        self.vectors = self._profile_vectors(n)

        self._index_labels()

    # -- building -------------------------------------------------------------------------------

    def _index_labels(self) -> None:
        """Domains, NACE codes, sectors, kinds and countries, and who has which domain/division."""
        self.domains = [domain_keys(p) for p in self.profiles]
        self.naces = [nace_keys(p) for p in self.profiles]
        self.sectors = [sector_keys(p) for p in self.profiles]
        self._by_domain: dict[str, list[int]] = {}
        self._by_division: dict[str, list[int]] = {}
        for row in range(len(self.profiles)):
            for key in self.domains[row]:
                self._by_domain.setdefault(key, []).append(row)
            for code in self.naces[row]:
                self._by_division.setdefault(code[:2], []).append(row)
        self._kinds = np.array([p.kind.casefold().strip() for p in self.profiles])
        self._countries = np.array([p.country for p in self.profiles])

    def specificity(self, text: str, lang: str) -> float:
        """Mean BM25 idf of the distinct indexed terms of ``text`` (0 when it has none)."""
        return specificity(self.lexical, text, lang)

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
        # Many candidates have the same NACE codes: their agreement with this row is computed
        # once (it was most of this function's time for an event of 1,000 participants).
        agreement: dict[frozenset[str], float] = {}
        for other in candidates:
            parts = []
            if domains and self.domains[other]:
                union = len(domains | self.domains[other])
                parts.append(len(domains & self.domains[other]) / union)
            theirs = self.naces[other]
            if naces and theirs:
                if theirs not in agreement:
                    agreement[theirs] = nace_similarity(naces, theirs)[0]
                parts.append(agreement[theirs])
            out[other] = sum(parts) / len(parts) if parts else 0.0
        return out

    def direction_rows(self, rows: Sequence[int]) -> list[tuple[Row, Row]]:
        """Per query row: (its offers meet their needs, their offers meet its needs)."""
        n = len(self.profiles)
        gives = best_matches(
            rows,
            (self.offer_vectors, self.offer_start),
            (self.need_vectors, self.need_owner, self.need_starts),
            n,
        )
        takes = best_matches(
            rows,
            (self.need_vectors, self.need_start),
            (self.offer_vectors, self.offer_owner, self.offer_starts),
            n,
        )
        return list(zip(gives, takes, strict=True))

    def signal_rows(self, rows: Sequence[int]) -> list[dict[str, Row]]:
        """Raw signal rows for a block of query rows (NaN = no information)."""
        queries = np.stack([self.query_vector(r) for r in rows])
        dense = (queries @ self.vectors.T).astype(np.float64)
        lexical = self.lexical.scores(rows).astype(np.float64)
        graph, activity = self.graph.scores(rows)
        out = []
        directions = self.direction_rows(rows)
        for i, row in enumerate(rows):
            gives, takes = directions[i]
            out.append(
                {
                    "dense": dense[i],
                    "lexical": lexical[i],
                    "taxonomy": self._taxonomy_row(row),
                    "direction": direction_row(gives, takes, mutual=self.config.mutual),
                    "graph": graph[i],
                    "activity": activity[i],
                }
            )
        return out

    def _valid(
        self, row: int, countries: frozenset[str] | None, kinds: frozenset[str] | None
    ) -> NDArray[np.bool_]:
        valid = self.has_content.copy()
        valid[row] = False
        if self.config.new_only:
            valid &= ~self.graph.partner_mask(row)
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
        quotas: Mapping[str, Sequence[Quota]] | None = None,
    ) -> dict[str, list[Match]]:
        """Top suggestions for each query id (unknown ids raise ``KeyError``).

        ``quotas``: per query id, shares of its suggestions reserved for groups of candidates
        (``quota.quota_order``: each prefix holds its share of each group while any remain).
        """
        rows = [self.row_of[q] for q in query_ids]
        country_set = frozenset(countries) if countries else None
        kind_set = frozenset(kinds) if kinds else None
        results: dict[str, list[Match]] = {}
        for start in range(0, len(rows), block):
            chunk = rows[start : start + block]
            for row, raw in zip(chunk, self.signal_rows(chunk), strict=True):
                valid = self._valid(row, country_set, kind_set)
                query = self.profiles[row].id
                groups = (quotas or {}).get(query, ())
                results[query] = self._rank(row, raw, valid, top, groups)
            if progress:
                progress(min(start + block, len(rows)), len(rows))
        return results

    def suggest(self, query_id: str, *, top: int = 10, **filters: Iterable[str]) -> list[Match]:
        """Top suggestions for one profile; see :meth:`suggest_many`."""
        return self.suggest_many([query_id], top=top, **filters)[query_id]  # type: ignore[arg-type]

    def _rank(
        self,
        row: int,
        raw: dict[str, Row],
        valid: NDArray[np.bool_],
        top: int,
        quotas: Sequence[Quota] = (),
    ) -> list[Match]:
        if not (self.has_content[row] or row in self.graph.private) or not valid.any():
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
        #: Candidates that got the cross-sector bonus (said as a reason).
        cross = np.zeros(fused.size, dtype=np.bool_)
        if config.cross_sector_bonus and self.sectors[row]:
            mine = self.sectors[row]
            for other in np.flatnonzero(valid):
                if self.sectors[other] and not (mine & self.sectors[other]):
                    bonus[other] = config.cross_sector_bonus * scale
                    cross[other] = True
        if config.complementary_bonus and self.profiles[row].kind:
            kind = self.profiles[row].kind
            for other in np.flatnonzero(valid):
                if complementary_kinds(kind, self.profiles[other].kind):
                    bonus[other] += config.complementary_bonus * scale
        for candidate, useful in self.feedback.marks_for(self.profiles[row].id).items():
            if useful and candidate in self.row_of:
                bonus[self.row_of[candidate]] += 3.0 * scale
        fused = np.where(valid, fused + bonus, -np.inf)
        k = min(top, int(valid.sum()))
        best = np.argpartition(-fused, k - 1)[:k] if k < fused.size else np.arange(fused.size)
        best = best[np.argsort(-fused[best], kind="stable")][:k]
        if quotas:
            best = self._with_quotas(fused, valid, quotas, k)
        matches = []
        for other in best.tolist():
            signals = {name: _finite(raw[name][other]) for name in SIGNALS}
            reasons = explain.reasons(self, row, other, normalised, bool(cross[other]))
            matches.append(
                Match(self.profiles[other].id, round(float(fused[other]), 4), reasons, signals)
            )
        return matches

    def _with_quotas(
        self, fused: Row, valid: NDArray[np.bool_], quotas: Sequence[Quota], k: int
    ) -> NDArray[np.intp]:
        """The ``k`` rows chosen by ``quota_order`` from the valid candidates by fused score."""
        candidates = np.flatnonzero(valid)
        ranked = candidates[np.argsort(-fused[candidates], kind="stable")]
        groups = [(self._rows_of(q.members), q.share) for q in quotas]
        # Each candidate's groups as the bits of one integer, in numpy: a set per candidate and
        # query was a million Python sets for an event of 1,000 participants.
        signatures = np.zeros(ranked.size, dtype=np.int64)
        for g, quota in enumerate(quotas):
            signatures |= self._mask_of(quota.members)[ranked].astype(np.int64) << g
        pool = [int(ranked[p]) for p in quota_pool(signatures.tolist(), k)]
        return np.array([r for r, _forced in quota_order(pool, groups, k)], dtype=np.intp)

    def _rows_of(self, members: frozenset[str]) -> frozenset[int]:
        """The rows of a quota's members (known ids only), converted once per set of members."""
        rows = self._quota_rows.get(members)
        if rows is None:
            rows = frozenset(self.row_of[m] for m in members if m in self.row_of)
            self._quota_rows[members] = rows
        return rows

    def _mask_of(self, members: frozenset[str]) -> NDArray[np.bool_]:
        """The rows of a quota's members as a mask over all rows, once per set of members."""
        mask = self._quota_masks.get(members)
        if mask is None:
            mask = np.zeros(len(self.profiles), dtype=np.bool_)
            mask[list(self._rows_of(members))] = True
            self._quota_masks[members] = mask
        return mask

    def mark(self, query_id: str, candidate_id: str, *, useful: bool) -> None:
        """Record a user's judgement of a suggestion; later rankings take it into account."""
        if query_id not in self.row_of or candidate_id not in self.row_of:
            raise KeyError(f"unknown profile id in feedback: {query_id!r} / {candidate_id!r}")
        self.feedback.mark(query_id, candidate_id, useful=useful)


def _finite(value: float) -> float:
    number = float(value)
    return 0.0 if math.isnan(number) else number  # NaN (no information) reads as 0
