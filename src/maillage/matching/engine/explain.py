"""Human-readable reasons for a suggestion: every score says why.

Reasons are built from the same numbers that ranked the candidate: the offer and need that met
(with their similarity), shared domains and NACE codes, the description passage closest to the
query, the key terms both texts share, complementary kinds, and feedback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .signals import Row
from .taxonomy import complementary_kinds, fold_label, nace_similarity
from .text import snippet

if TYPE_CHECKING:
    from .matcher import Matcher

#: A signal explains a suggestion when its standardised value is at least this high.
NOTABLE = 0.5


def _quote(text: str, max_chars: int = 120) -> str:
    return f"“{snippet(text, max_chars)}”"


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


def _direction_reasons(matcher: Matcher, row: int, other: int) -> list[str]:
    out = []
    them = matcher.profiles[other]
    theirs = them.name or them.id
    gives = _best_pair(matcher, row, other)
    takes = _best_pair(matcher, other, row)
    if gives:
        out.append(
            f"Your offer {_quote(gives[1])} meets {theirs}'s need {_quote(gives[2])} "
            f"(similarity {gives[0]:.2f})"
        )
    if takes:
        out.append(
            f"{theirs}'s offer {_quote(takes[1])} meets your need {_quote(takes[2])} "
            f"(similarity {takes[0]:.2f})"
        )
    if gives and takes:
        out.append("Mutual interest: each side offers something the other needs")
    return out


def _passage_reason(matcher: Matcher, row: int, other: int) -> str | None:
    start, end = matcher.passage_start[other], matcher.passage_start[other + 1]
    if end <= start:
        return None
    sims = matcher.passage_vectors[start:end] @ matcher.vectors[row]
    best = int(np.argmax(sims))
    text = matcher.passages[other][best]
    return f"Similar activity (similarity {float(sims[best]):.2f}): {_quote(text, 160)}"


def _terms_reason(matcher: Matcher, row: int, other: int) -> str | None:
    terms = matcher.lexical.shared_terms(row, other, top=6)
    if not terms:
        return None
    return "Shared key terms: " + ", ".join(matcher.surface.get(t, t) for t in terms)


def _taxonomy_reasons(matcher: Matcher, row: int, other: int) -> list[str]:
    out: list[str] = []
    shared = matcher.domains[row] & matcher.domains[other]
    if shared:
        labels = [d for d in matcher.profiles[other].domains if fold_label(d) in shared]
        out.append("Shared domains: " + ", ".join(labels))
    score, prefix = nace_similarity(matcher.naces[row], matcher.naces[other])
    if score > 0:
        code = f"{prefix[:2]}.{prefix[2:]}" if len(prefix) > 2 else prefix
        out.append(f"Related NACE activity (same code prefix {code})")
    return out


def reasons(
    matcher: Matcher, row: int, other: int, normalised: dict[str, Row], cross_sector: bool
) -> tuple[str, ...]:
    """The reasons for suggesting profile ``other`` to profile ``row``, strongest first."""
    me, them = matcher.profiles[row], matcher.profiles[other]
    z = {name: float(values[other]) for name, values in normalised.items()}
    out: list[str] = []
    marks = matcher.feedback.marks_for(me.id)
    if marks.get(them.id):
        out.append("You marked this suggestion as useful")
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
        out.append(f"Complementary kinds: {me.kind} and {them.kind}")
    if cross_sector and not marks.get(them.id):
        out.append("Cross-sector pairing: no shared sector, suited to intersectoral meetings")
    if me.country and them.country and me.country != them.country:
        out.append(f"Cross-border partner ({me.country} - {them.country})")
    useful = [c for c, ok in marks.items() if ok and c != them.id and c in matcher.row_of]
    if useful and z.get("dense", 0.0) > 0:
        out.append("Close to profiles you marked useful: " + ", ".join(sorted(useful)[:3]))
    if not out and passage:
        out.append(passage)
    if not out:
        out.append("Closest overall profile among the candidates (no single strong overlap)")
    return tuple(out)
