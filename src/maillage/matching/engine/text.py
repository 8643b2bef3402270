"""Language-aware text analysis: language guess, stemming, accent folding, passages.

Everything here is cheap and deterministic: the language guess counts stop words, stems come from
Snowball (PyStemmer) for French, English, Dutch and German, and accents are folded *after*
stemming (the Snowball stemmers expect them).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from .stopwords import STOPWORDS

LANGUAGES = ("en", "fr", "nl", "de")
_SNOWBALL = {"en": "english", "fr": "french", "nl": "dutch", "de": "german"}

_STOPWORDS = STOPWORDS
ALL_STOPWORDS = frozenset().union(*_STOPWORDS.values())

_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n\s*\n+|\n(?=\s*[-•*·]\s)")


def fold(text: str) -> str:
    """Lower-case and strip accents (``"Éco-Conçu"`` -> ``"eco-concu"``; ``ß`` -> ``ss``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=262144)
def _fold_term(term: str) -> str:
    return term if term.isascii() else fold(term)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, accents kept; hyphens and apostrophes separate words."""
    return _TOKEN.findall(text.lower())


def detect_language(text: str, default: str = "en") -> str:
    """Guess fr/en/nl/de by counting stop words; ``default`` when there is no evidence."""
    counts = Counter[str]()
    for token in words(text[:4000]):
        for lang, stops in _STOPWORDS.items():
            if token in stops:
                counts[lang] += 1
    if not counts:
        return default
    best, hits = counts.most_common(1)[0]
    return best if hits >= 1 else default


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_SNOWBALL.get(lang, "english"))


def analyse_with_words(text: str, lang: str | None = None) -> tuple[list[str], list[str]]:
    """Index terms of ``text`` and, aligned with them, the words they came from.

    Stop words are dropped, words are stemmed in the text's language, then accent-folded.
    """
    language = lang or detect_language(text)
    stops = _STOPWORDS.get(language, _STOPWORDS["en"])
    tokens = [t for t in words(text) if t not in stops and (len(t) > 1 or t.isdigit())]
    stems: list[str] = _stemmer(language).stemWords(tokens)
    return [_fold_term(s) for s in stems], tokens


def analyse(text: str, lang: str | None = None) -> list[str]:
    """Index terms of ``text``: stop words dropped, stemmed in its language, accents folded."""
    return analyse_with_words(text, lang)[0]


def sentences(text: str) -> list[str]:
    """Split on sentence ends, blank lines and bullet starts; whitespace is normalised."""
    parts = (" ".join(p.split()) for p in _SENTENCE.split(text))
    return [p for p in parts if p]


def passages(text: str, max_words: int = 120) -> list[str]:
    """Pack sentences into passages of at most ``max_words`` words (long sentences are cut)."""
    return pack(sentences(text), max_words)


def pack(parts: Iterable[str], max_words: int) -> list[str]:
    """Pack sentences, in order, into passages of at most ``max_words`` words."""
    out: list[str] = []
    current: list[str] = []
    for sentence in parts:
        tokens = sentence.split()
        while len(tokens) > max_words:
            if current:
                out.append(" ".join(current))
                current = []
            out.append(" ".join(tokens[:max_words]))
            tokens = tokens[max_words:]
        if current and len(current) + len(tokens) > max_words:
            out.append(" ".join(current))
            current = []
        current.extend(tokens)
    if current:
        out.append(" ".join(current))
    return out


def first_words(text: str, count: int) -> str:
    """The first ``count`` words of ``text`` (whitespace normalised)."""
    return " ".join(text.split()[:count])


def snippet(text: str, max_chars: int = 160) -> str:
    """A one-line excerpt of at most ``max_chars`` characters, cut on a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    cut = flat[: max_chars - 1].rsplit(" ", 1)[0]
    return cut + "…"


# Cue phrases that introduce what an organisation offers or looks for, in the four languages.
_OFFER_CUES = re.compile(
    r"\b(we (?:offer|provide|deliver|develop|design|sell|supply|manufacture|produce)|"
    r"our (?:expertise|services?|products?|solutions?|offer)|speciali[sz]e[sd]? in|"
    r"nous (?:proposons|offrons|fournissons|développons|concevons|fabriquons)|"
    r"notre (?:expertise|offre)|nos (?:services|produits|solutions)|spécialisée? dans|"
    r"wij (?:bieden|leveren|ontwikkelen|ontwerpen|produceren)|we (?:bieden|leveren)|"
    r"gespecialiseerd in|wir (?:bieten|liefern|entwickeln|konstruieren|produzieren)|"
    r"spezialisiert auf|unsere (?:expertise|leistungen|produkte|lösungen))\b",
    re.IGNORECASE,
)
_NEED_CUES = re.compile(
    r"\b(looking for|we (?:need|seek|are seeking|search|want)|seeking|in search of|"
    r"(?:nous )?cherchons|recherchons|nous souhaitons|besoin d|à la recherche|"
    r"(?:wij |we )?zoeken|op zoek naar|wij willen|we willen|nodig|"
    r"(?:wir )?suchen|wir wollen|benötigen|brauchen)\b",
    re.IGNORECASE,
)


def _after_cue(sentence: str, cue: re.Match[str]) -> str:
    """The sentence without its cue ("We are looking for a partner: X" -> "X") when the rest
    still says something; the cue itself carries no meaning to compare."""
    rest = sentence[cue.end() :]
    colon = rest.find(":")
    if 0 <= colon <= 40:
        rest = rest[colon + 1 :]
    rest = rest.strip(" :,.;-")
    return rest if len(rest.split()) >= 3 else sentence


def infer_interests(description: str, limit: int = 1) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Offers and needs stated in a free description, found by cue phrases ("we offer",
    "nous cherchons", "wij bieden", "wir suchen"...): at most ``limit`` sentences each, cue
    removed."""
    offers: list[str] = []
    needs: list[str] = []
    for sentence in sentences(description[:20000]):
        if len(sentence) > 250:
            continue
        need = _NEED_CUES.search(sentence)
        offer = _OFFER_CUES.search(sentence)
        if need and len(needs) < limit:
            needs.append(_after_cue(sentence, need))
        elif offer and len(offers) < limit:
            offers.append(_after_cue(sentence, offer))
    return tuple(offers), tuple(needs)
