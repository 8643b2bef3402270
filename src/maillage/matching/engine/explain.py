"""Reasons for a suggestion: every score says why.

Reasons are built from the same numbers that ranked the candidate: the offer and need that met
(with their similarity), the partners both have worked with, a past collaboration, shared
domains and NACE codes, the description passage closest to the query, the key terms both texts
share, complementary kinds, and feedback.

Each reason is structured, a :class:`Reason` (a code and its parameters), so that a user
interface can render it in the user's language (the Django layer does, with gettext);
:meth:`Reason.english` renders it in English (the command line, the ``Match.reasons`` texts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .signals import Row
from .taxonomy import complementary_kinds, fold_label, nace_similarity
from .text import ALL_STOPWORDS, fold, snippet

if TYPE_CHECKING:
    from .matcher import Matcher

#: A signal explains a suggestion when its standardised value is at least this high.
NOTABLE = 0.5

#: English rendering of each reason code (%-style placeholders name the parameters).
ENGLISH: Mapping[str, str] = {
    "marked_useful": "You marked this suggestion as useful",
    "offer_meets_need": "Your offer “%(offer)s” meets %(them)s's need “%(need)s”",
    "need_met_by_offer": "%(them)s's offer “%(offer)s” meets your need “%(need)s”",
    "mutual_interest": "Mutual interest: each side offers something the other needs",
    "shared_domains": "Shared domains: %(domains)s",
    "related_nace": "Related NACE activity (same code prefix %(code)s)",
    "similar_activity": "Similar activity: “%(passage)s”",
    "shared_terms": "Shared key terms: %(terms)s",
    "complementary_kinds": "Complementary kinds: %(mine)s and %(theirs)s",
    "cross_sector": "Cross-sector pairing: no shared sector, suited to intersectoral meetings",
    "cross_border": "Cross-border partner (%(mine)s - %(theirs)s)",
    "close_to_useful": "Close to profiles you marked useful: %(profiles)s",
    "closest_overall": "Closest overall profile among the candidates (no single strong overlap)",
    "past_partner": "You have already worked together",
}

#: Reasons whose English depends on a number: code -> (singular, plural, the number's parameter).
PLURALS: Mapping[str, tuple[str, str, str]] = {
    "common_partners": (
        "Worked with one of your partners: %(names)s",
        "Worked with %(count)d of your partners: %(names)s",
        "count",
    ),
    "common_partners_more": (
        "Worked with %(count)d of your partners: %(names)s and %(others)d other",
        "Worked with %(count)d of your partners: %(names)s and %(others)d others",
        "others",
    ),
    "common_partners_unnamed": (
        "Worked with one of your partners",
        "Worked with %(count)d of your partners",
        "count",
    ),
    "active_partner": (
        "Active in collaborations: worked with %(count)d organisation",
        "Active in collaborations: worked with %(count)d organisations",
        "count",
    ),
}

#: Partners named in a reason at most; the others are counted.
NAMED_PARTNERS = 3

#: The activity reason needs a candidate this far above the others (z-score).
ACTIVE = 1.0


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a code from :data:`ENGLISH` and its parameters (strings and numbers)."""

    code: str
    params: Mapping[str, str | float]

    def english(self) -> str:
        if self.code in PLURALS:
            singular, plural, number = PLURALS[self.code]
            return (singular if self.params[number] == 1 else plural) % dict(self.params)
        return ENGLISH[self.code] % dict(self.params)


def _reason(code: str, /, **params: str | float) -> Reason:
    return Reason(code, params)


def _best_pair(matcher: Matcher, offers_of: int, needs_of: int) -> tuple[float, str, str] | None:
    offers = matcher.offer_vectors[
        matcher.offer_start[offers_of] : matcher.offer_start[offers_of + 1]
    ]
    needs = matcher.need_vectors[matcher.need_start[needs_of] : matcher.need_start[needs_of + 1]]
    if not offers.shape[0] or not needs.shape[0]:
        return None
    sims = offers @ needs.T
    i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
    return (
        float(sims[i, j]),
        matcher.profiles[offers_of].offers[int(i)],
        matcher.profiles[needs_of].needs[int(j)],
    )


def _direction_reasons(matcher: Matcher, row: int, other: int) -> list[Reason]:
    out = []
    them = matcher.profiles[other]
    theirs = them.name or them.id
    gives = _best_pair(matcher, row, other)
    takes = _best_pair(matcher, other, row)
    for code, found in (("offer_meets_need", gives), ("need_met_by_offer", takes)):
        if found:
            similarity, offer, need = found
            out.append(
                _reason(
                    code,
                    offer=snippet(offer, 120),
                    need=snippet(need, 120),
                    them=theirs,
                    similarity=round(similarity, 4),
                )
            )
    if gives and takes:
        out.append(_reason("mutual_interest"))
    return out


def _passage_reason(matcher: Matcher, row: int, other: int) -> Reason | None:
    start, end = matcher.passage_start[other], matcher.passage_start[other + 1]
    if end <= start:
        return None
    sims = matcher.passage_vectors[start:end] @ matcher.vectors[row]
    best = int(np.argmax(sims))
    text = matcher.passages[other][best]
    return _reason(
        "similar_activity", similarity=round(float(sims[best]), 4), passage=snippet(text, 160)
    )


@lru_cache(maxsize=65536)
def _folded_word(word: str) -> str:
    """``fold`` of a shared term's surface form: the same few thousand words come back in the
    reasons of every pair (a tenth of an event's suggestion table was folding them)."""
    return fold(word)


def _terms_reason(matcher: Matcher, row: int, other: int) -> Reason | None:
    # Stop words of every language are left out: a French profile's analyser does not know
    # English "and", which can then be a shared term.
    words = [matcher.surface.get(t, t) for t in matcher.lexical.shared_terms(row, other, top=9)]
    words = [w for w in words if _folded_word(w) not in ALL_STOPWORDS][:6]
    if not words:
        return None
    return _reason("shared_terms", terms=", ".join(words))


def _taxonomy_reasons(matcher: Matcher, row: int, other: int) -> list[Reason]:
    out: list[Reason] = []
    shared = matcher.domains[row] & matcher.domains[other]
    if shared:
        labels = [d for d in matcher.profiles[other].domains if fold_label(d) in shared]
        out.append(_reason("shared_domains", domains=", ".join(labels)))
    score, prefix = nace_similarity(matcher.naces[row], matcher.naces[other])
    if score > 0:
        code = f"{prefix[:2]}.{prefix[2:]}" if len(prefix) > 2 else prefix
        out.append(_reason("related_nace", code=code))
    return out


def _graph_reasons(matcher: Matcher, row: int, other: int, z: Mapping[str, float]) -> list[Reason]:
    """Past collaboration and partners in common, as the query sees its ties (``graph.py``)."""
    graph = matcher.graph
    out: list[Reason] = []
    if graph.tie(row, other) > 0:
        out.append(_reason("past_partner"))
    # Partners in common are said whenever there are any: a fact about the pair, even when
    # every candidate shares as many (then the z-score is 0).
    if graph:
        common = graph.common_partners(row, other, names=NAMED_PARTNERS)
        names = ", ".join(common.named)
        others = common.count - len(common.named)
        if common.count and not common.named:
            out.append(_reason("common_partners_unnamed", count=common.count))
        elif others:
            out.append(
                _reason("common_partners_more", count=common.count, names=names, others=others)
            )
        elif common.count:
            out.append(_reason("common_partners", count=common.count, names=names))
    if z.get("activity", 0.0) >= ACTIVE:
        out.append(_reason("active_partner", count=int(graph.degree[other])))
    return out


def reasons(
    matcher: Matcher, row: int, other: int, normalised: dict[str, Row], cross_sector: bool
) -> tuple[Reason, ...]:
    """The reasons for suggesting profile ``other`` to profile ``row``, strongest first."""
    me, them = matcher.profiles[row], matcher.profiles[other]
    z = {name: float(values[other]) for name, values in normalised.items()}
    out: list[Reason] = []
    marks = matcher.feedback.marks_for(me.id)
    if marks.get(them.id):
        out.append(_reason("marked_useful"))
    out.extend(_graph_reasons(matcher, row, other, z))
    if z.get("direction", 0.0) > 0:
        out.extend(_direction_reasons(matcher, row, other))
    out.extend(_taxonomy_reasons(matcher, row, other))
    passage = _passage_reason(matcher, row, other)
    if passage and (z.get("dense", 0.0) >= NOTABLE or not out):
        out.append(passage)
    if z.get("lexical", 0.0) >= NOTABLE:
        terms = _terms_reason(matcher, row, other)
        if terms:
            out.append(terms)
    if complementary_kinds(me.kind, them.kind):
        out.append(_reason("complementary_kinds", mine=me.kind, theirs=them.kind))
    if cross_sector and not marks.get(them.id):
        out.append(_reason("cross_sector"))
    if me.country and them.country and me.country != them.country:
        out.append(_reason("cross_border", mine=me.country, theirs=them.country))
    useful = [c for c, ok in marks.items() if ok and c != them.id and c in matcher.row_of]
    if useful and z.get("dense", 0.0) > 0:
        out.append(_reason("close_to_useful", profiles=", ".join(sorted(useful)[:3])))
    if not out and passage:
        out.append(passage)
    if not out:
        out.append(_reason("closest_overall"))
    return tuple(out)
