"""The ``description_long`` variant of the SYNTHETIC evaluation set: real-looking English texts.

The held-out real data is organisations described only by English texts, from one line to many
pages, where what an organisation does is buried among generic sentences (mission statements,
quality, history, hiring) and is not always introduced by "we offer" / "we are looking for".
This variant rewrites each synthetic organisation of :mod:`.synthetic` in that shape; the
organisations, their interests and the labels are unchanged. Per organisation, from its own
random stream (so one organisation's text never depends on another's):

* 20 % are **one line**: the name and its interests, no cue phrase;
* 35 % are **medium**: two paragraphs, the interests among a few generic sentences;
* 45 % are **long**: 4 to 14 paragraphs of 3 to 6 sentences (190 to 820 words), mostly
  generic, each interest stated once or twice at random places, and half of them mention one
  unrelated theme in passing (an event they hosted).

Each interest sentence uses, with even odds, a template the engine's cue phrases recognise
("We offer ...") or one they do not ("Our core activity is ..."); a few generic sentences carry
cue phrases too ("We are always looking for talented people"), as real ones do. The generator
was fixed before any method was measured on it. SYNTHETIC DATA, written for evaluation only.
"""

from __future__ import annotations

import random
from typing import Protocol

from .themes import SECTORS, THEMES


class Organisation(Protocol):
    """What a description is written from (``synthetic.Organisation`` has it); a protocol, so
    that this module needs nothing of the one that calls it."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def sector(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def staff(self) -> int: ...
    @property
    def offers(self) -> tuple[int, ...]: ...
    @property
    def needs(self) -> tuple[int, ...]: ...


SHORT_SHARE = 0.20
MEDIUM_SHARE = 0.35

_OFFER_CUED = (
    "We offer {x}.",
    "Our expertise covers {x}.",
    "We provide {x} to customers in several industries.",
)
_OFFER_PLAIN = (
    "Our core activity is {x}.",
    "The main business line of the company is {x}.",
    "Over the years the team has built a strong track record in {x}.",
)
_NEED_CUED = (
    "We are looking for a partner: {x}.",
    "We are seeking partners for the following challenge: {x}.",
    "We need help with this: {x}.",
)
_NEED_PLAIN = (
    "A major challenge for us: {x}.",
    "Our priority for the coming years: {x}.",
    "One question keeps coming back in our management meetings: {x}.",
)

_BOILERPLATE = (
    "Our mission is to create lasting value for our customers, our staff and our region.",
    "Quality, reliability and respect for deadlines are at the heart of everything we do.",
    "We are committed to sustainable development and to reducing our environmental footprint.",
    "The company is certified ISO 9001 and ISO 14001.",
    "Our team combines engineers, researchers and experienced project managers.",
    "We take part in regional, national and European research and innovation programmes.",
    "Innovation is part of our DNA and we invest a significant share of our turnover in it.",
    "We work closely with universities, research centres and other companies in our cluster.",
    "Our customers range from small businesses to large international groups.",
    "We believe that strong partnerships are the key to long-term success.",
    "We are always looking for talented people to join our team.",
    "We offer our customers reliable, high-quality service and short lead times.",
    "We provide internships and training to students every year.",
    "Contact us to find out how we can work together.",
    "Our offices are open from Monday to Friday and our staff speak several languages.",
    "The board meets four times a year to review the strategy of the organisation.",
    "Digital transformation and skills development are priorities for the whole team.",
    "Health and safety at work remain our first concern on every site.",
    "We value diversity, inclusion and a good balance between work and private life.",
    "Our annual report is available on request.",
    "Every project starts with a careful analysis of the needs of the customer.",
    "We are a member of several professional associations and standardisation committees.",
    "Our history is one of steady growth, driven by the trust of our customers.",
    "We regularly present our work at trade fairs and international conferences.",
    "Continuous improvement is part of our daily routine.",
    "The organisation follows a strict code of ethics and a clear data protection policy.",
    "Export already accounts for a growing share of our activity.",
    "Our experts support customers from the first idea to the final product.",
    "The team is organised in small units that take decisions quickly.",
    "We follow the latest scientific and technical developments in our field.",
    "Flexibility and proximity to our customers make the difference.",
    "In the coming years we plan to open new markets in neighbouring countries.",
    "The company was recognised by several regional awards for its growth.",
    "All our activities comply with the applicable European regulations.",
    "Our staff benefit from continuous training throughout their careers.",
    "We share our knowledge through workshops, webinars and publications.",
    "A dedicated team handles after-sales support and maintenance contracts.",
    "We aim to be the partner of choice for demanding customers.",
    "Collaboration and open communication guide the way we work.",
    "Our premises include offices, meeting rooms and a demonstration area.",
)
_SPECIFIC = (
    "Our flagship solution, {product}, is used by more than {count} customers.",
    "Our head office is in {city}, where the company was founded in {year}.",
    "Today we employ {staff} people, most of them at our site in {city}.",
    "In {year2} we opened a second site near {city}.",
    "The {product} programme, launched in {year2}, was a turning point for the organisation.",
)
_EVENT = "Last year we hosted a workshop where invited speakers presented {x}."
_SYLLABLES = ("ar", "bel", "cor", "dia", "eno", "fal", "gra", "hel", "ion", "kar", "lum", "mer")


def _interest_sentences(org: Organisation, rng: random.Random) -> list[tuple[int, str]]:
    """(interest number, sentence) for each stated interest, cue or no cue with even odds."""
    out = []
    items = [(THEMES[t][3]["en"], True) for t in org.offers]
    items += [(THEMES[t][4]["en"], False) for t in org.needs]
    for number, (phrase, is_offer) in enumerate(items):
        cued = rng.random() < 0.5
        if is_offer:
            pool = _OFFER_CUED if cued else _OFFER_PLAIN
        else:
            pool = _NEED_CUED if cued else _NEED_PLAIN
        out.append((number, rng.choice(pool).format(x=phrase)))
    return out


def _restate(sentence: str, org: Organisation, number: int, rng: random.Random) -> str:
    """Another sentence stating interest ``number`` (a long text says it again elsewhere)."""
    offers = len(org.offers)
    if number < offers:
        phrase = THEMES[org.offers[number]][3]["en"]
        pool = _OFFER_CUED + _OFFER_PLAIN
    else:
        phrase = THEMES[org.needs[number - offers]][4]["en"]
        pool = _NEED_CUED + _NEED_PLAIN
    options = [t.format(x=phrase) for t in pool if t.format(x=phrase) != sentence]
    return rng.choice(options)


def _generic(org: Organisation, rng: random.Random, count: int, used: set[str]) -> list[str]:
    out = []
    for _ in range(count):
        if rng.random() < 0.15:
            product = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
            out.append(
                rng.choice(_SPECIFIC).format(
                    product=product,
                    count=rng.randint(20, 900),
                    city=org.city,
                    year=org.year,
                    year2=rng.randint(org.year, 2025),
                    staff=org.staff,
                )
            )
            continue
        fresh = [s for s in _BOILERPLATE if s not in used] or list(_BOILERPLATE)
        sentence = rng.choice(fresh)
        used.add(sentence)
        out.append(sentence)
    return out


def _distractor(org: Organisation) -> str:
    if org.kind == "company":
        return "We handle accounting and payroll services for small businesses."
    return "We are a regional cluster animating its members."


def long_description(org: Organisation, seed: int) -> str:
    """The ``description_long`` text of ``org`` (deterministic for a seed and an id)."""
    rng = random.Random(f"{seed}-long-{org.id}")
    interests = _interest_sentences(org, rng)
    intro = f"{org.name} is a {SECTORS[org.sector][2]['en']} based in {org.city}."
    roll = rng.random()
    if roll < SHORT_SHARE:
        offers = [THEMES[t][3]["en"] for t in org.offers]
        needs = [THEMES[t][4]["en"] for t in org.needs]
        phrases = offers + needs or [_distractor(org).removeprefix("We ").rstrip(".")]
        return f"{org.name}: {'; '.join(phrases)}."
    used: set[str] = set()
    stated = [sentence for _, sentence in interests] or [_distractor(org)]
    if roll < SHORT_SHARE + MEDIUM_SHARE:
        paragraphs = [[intro, *_generic(org, rng, rng.randint(1, 2), used)]]
        paragraphs.append(_generic(org, rng, rng.randint(2, 4), used))
        for sentence in stated:
            target = paragraphs[rng.randrange(2)]
            target.insert(rng.randint(1 if target is paragraphs[0] else 0, len(target)), sentence)
        return "\n\n".join(" ".join(p) for p in paragraphs)
    count = rng.randint(4, 14)
    paragraphs = [[intro, *_generic(org, rng, rng.randint(2, 4), used)]]
    paragraphs += [_generic(org, rng, rng.randint(3, 6), used) for _ in range(count - 1)]
    placed = list(stated)
    for number, sentence in interests:
        if rng.random() < 0.5:
            placed.append(_restate(sentence, org, number, rng))
    own = set(org.offers) | set(org.needs)
    if rng.random() < 0.5:
        other = rng.choice([i for i in range(len(THEMES)) if i not in own])
        placed.append(_EVENT.format(x=THEMES[other][3]["en"]))
    for sentence in placed:
        index = rng.randrange(len(paragraphs))
        target = paragraphs[index]
        target.insert(rng.randint(1 if index == 0 else 0, len(target)), sentence)
    return "\n\n".join(" ".join(p) for p in paragraphs)
