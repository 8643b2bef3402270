"""Deterministic generator of the SYNTHETIC labelled evaluation set.

Organisations offer or need things from :data:`themes.THEMES`, written in French, English, Dutch
or German after their country. Two organisations are a *known good pair* when one offers what the
other needs (same theme), whatever their languages and sectors: most themes join two different
sectors, so most pairs are cross-sector, and many are cross-language. A few "distractor"
organisations (clusters, consultancies) have no known partner. Organisations working on the same
theme from the same side (two providers of one technology) are good partners too, graded lower:
collaborative projects gather several organisations around one topic. Every record carries
``"synthetic": true``.

Four variants of the same organisations are produced:
``structured`` (offers and needs as fields), ``description`` (offers and needs written into a
free description in the profile's language, no other field), ``description_en`` (the same, in
English only: like the held-out real data), ``description_long`` (English, description only,
from one line to many paragraphs of generic text: see :mod:`.long_texts`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .long_texts import long_description
from .themes import SECTORS, THEMES

_COUNTRIES = [
    ("BE", "fr", 0.27),
    ("BE", "nl", 0.18),
    ("NL", "nl", 0.15),
    ("DE", "de", 0.15),
    ("LU", "fr", 0.04),
    ("LU", "de", 0.02),
    ("FR", "fr", 0.10),
    ("BE", "en", 0.05),
    ("NL", "en", 0.02),
    ("DE", "en", 0.02),
]
_CITIES = {
    "BE": ["Liège", "Namur", "Charleroi", "Mons", "Gent", "Leuven", "Wavre"],
    "NL": ["Eindhoven", "Maastricht", "Utrecht", "Delft"],
    "DE": ["Aachen", "Köln", "Düsseldorf", "Trier"],
    "LU": ["Luxembourg", "Esch-sur-Alzette"],
    "FR": ["Lille", "Metz", "Nancy", "Reims"],
}
_KINDS = ["sme", "sme", "sme", "company", "start-up", "research centre", "university"]
_INTRO = {
    "en": "{name} is a {sector} based in {city}.",
    "fr": "{name} est une {sector} basée à {city}.",
    "nl": "{name} is een {sector} gevestigd in {city}.",
    "de": "{name} ist ein {sector} mit Sitz in {city}.",
}
_FILLER = {
    "en": [
        "Founded in {year}, we employ {staff} people.",
        "Our team of {staff} works with customers across Europe.",
    ],
    "fr": [
        "Fondée en {year}, nous employons {staff} personnes.",
        "Notre équipe de {staff} personnes travaille avec des clients dans toute l'Europe.",
    ],
    "nl": [
        "Opgericht in {year}, met {staff} medewerkers.",
        "Ons team van {staff} mensen werkt met klanten in heel Europa.",
    ],
    "de": [
        "Gegründet {year}, beschäftigen wir {staff} Mitarbeitende.",
        "Unser Team aus {staff} Personen arbeitet mit Kunden in ganz Europa.",
    ],
}
_OFFER = {
    "en": "We offer {x}.",
    "fr": "Nous proposons {x}.",
    "nl": "Wij bieden {x}.",
    "de": "Wir bieten {x}.",
}
_NEED = {
    "en": "We are looking for a partner: {x}.",
    "fr": "Nous cherchons un partenaire : {x}.",
    "nl": "Wij zoeken een partner: {x}.",
    "de": "Wir suchen einen Partner: {x}.",
}
_SYLLABLES = [
    "tec",
    "nova",
    "lux",
    "vita",
    "agro",
    "meta",
    "indu",
    "flex",
    "sol",
    "bio",
    "data",
    "mec",
    "ter",
    "vert",
    "axis",
    "quant",
    "opti",
    "ra",
    "lo",
    "mo",
]
_DISTRACTORS = {
    "en": [
        "accounting and payroll services for small businesses",
        "a regional cluster animating its members",
    ],
    "fr": [
        "services de comptabilité et de paie pour les petites entreprises",
        "un cluster régional qui anime ses membres",
    ],
    "nl": [
        "boekhouding en loonadministratie voor kleine bedrijven",
        "een regionale cluster die zijn leden begeleidt",
    ],
    "de": [
        "Buchhaltung und Lohnabrechnung für kleine Unternehmen",
        "ein regionaler Cluster, der seine Mitglieder betreut",
    ],
}

VARIANTS = ("structured", "description", "description_en", "description_long")


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str
    country: str
    lang: str
    sector: str
    city: str
    year: int
    staff: int
    offers: tuple[int, ...]
    needs: tuple[int, ...]


@dataclass(frozen=True)
class EvaluationSet:
    organisations: list[Organisation]
    #: id -> ids of its known good partners (symmetric): organisations working on a shared theme.
    relevant: dict[str, set[str]]
    #: (id, id) -> 2 when one offers what the other needs, 1 when both work on the same theme
    #: from the same side (e.g. two technology providers for one consortium).
    grades: dict[tuple[str, str], int]
    #: The generator's seed (the description_long texts draw from it).
    seed: int = 2026

    def records(self, variant: str) -> list[dict[str, Any]]:
        return [_record(org, variant, self.seed) for org in self.organisations]

    def write(self, path: str | Path, variant: str) -> None:
        with Path(path).open("w", encoding="utf-8") as out:
            for record in self.records(variant):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _pick_language(rng: random.Random) -> tuple[str, str]:
    roll, total = rng.random(), 0.0
    for country, lang, share in _COUNTRIES:
        total += share
        if roll <= total:
            return country, lang
    return "BE", "fr"


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize() + " (synthetic)"


def generate(seed: int = 2026, per_side: int = 6, distractors: int = 30) -> EvaluationSet:
    """``per_side`` offering and needing organisations per theme, plus ``distractors``."""
    rng = random.Random(seed)
    orgs: list[Organisation] = []

    def new_org(
        sector: str, offers: tuple[int, ...], needs: tuple[int, ...], kind: str = ""
    ) -> None:
        country, lang = _pick_language(rng)
        orgs.append(
            Organisation(
                id=f"syn-{len(orgs) + 1:04d}",
                name=_name(rng),
                kind=kind or rng.choice(_KINDS),
                country=country,
                lang=lang,
                sector=sector,
                city=rng.choice(_CITIES[country]),
                year=rng.randint(1950, 2024),
                staff=rng.randint(3, 900),
                offers=offers,
                needs=needs,
            )
        )

    for index, (_key, offering, needing, _o, _n) in enumerate(THEMES):
        for _ in range(per_side):
            new_org(offering, (index,), ())
        for _ in range(per_side):
            new_org(needing, (), (index,))
    # A third of the organisations also have a second interest matching their sector.
    for position, org in enumerate(list(orgs)):
        if rng.random() < 1 / 3:
            options = [i for i, t in enumerate(THEMES) if t[2] == org.sector and i not in org.needs]
            if options:
                orgs[position] = Organisation(
                    **{**org.__dict__, "needs": (*org.needs, rng.choice(options))}
                )
    for _ in range(distractors):
        new_org(rng.choice(list(SECTORS)), (), (), kind=rng.choice(["cluster", "company"]))
    rng.shuffle(orgs)
    orgs = [Organisation(**{**o.__dict__, "id": f"syn-{i + 1:04d}"}) for i, o in enumerate(orgs)]

    relevant: dict[str, set[str]] = {o.id: set() for o in orgs}
    grades: dict[tuple[str, str], int] = {}
    for a in orgs:
        for b in orgs:
            if a.id == b.id:
                continue
            complementary = set(a.offers) & set(b.needs) or set(a.needs) & set(b.offers)
            same_theme = (set(a.offers) | set(a.needs)) & (set(b.offers) | set(b.needs))
            if complementary or same_theme:
                relevant[a.id].add(b.id)
                grades[a.id, b.id] = 2 if complementary else 1
    return EvaluationSet(orgs, relevant, grades, seed)


def _description(org: Organisation, lang: str, with_interests: bool) -> str:
    sector = SECTORS[org.sector][2][lang]
    parts = [_INTRO[lang].format(name=org.name, sector=sector, city=org.city)]
    if not org.offers and not org.needs:
        parts.append(_DISTRACTORS[lang][0 if org.kind == "company" else 1].capitalize() + ".")
    if with_interests:
        parts += [_OFFER[lang].format(x=THEMES[t][3][lang]) for t in org.offers]
        parts += [_NEED[lang].format(x=THEMES[t][4][lang]) for t in org.needs]
    filler = _FILLER[lang][org.staff % 2]
    parts.append(filler.format(year=org.year, staff=org.staff))
    return " ".join(parts)


def _record(org: Organisation, variant: str, seed: int) -> dict[str, Any]:
    base: dict[str, Any] = {"id": org.id, "synthetic": True}
    if variant == "structured":
        domain, nace, _ = SECTORS[org.sector]
        return {
            **base,
            "name": org.name,
            "kind": org.kind,
            "country": org.country,
            "description": _description(org, org.lang, with_interests=False),
            "offers": [THEMES[t][3][org.lang] for t in org.offers],
            "needs": [THEMES[t][4][org.lang] for t in org.needs],
            "domains": [domain],
            "nace": [nace],
            "languages": [org.lang],
        }
    if variant == "description_long":
        return {**base, "name": org.name, "description": long_description(org, seed)}
    lang = "en" if variant == "description_en" else org.lang
    return {**base, "name": org.name, "description": _description(org, lang, with_interests=True)}
