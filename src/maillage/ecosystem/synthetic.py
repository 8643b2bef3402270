"""A deterministic synthetic population for the demo and the benchmarks.

``generate_population(count=2000, seed=...)`` adds organisations flagged ``synthetic`` with
multilingual descriptions, valid identifiers, memberships of the seed's clusters and poles,
contacts, and marketplace offers and needs. The same seed always gives the same names,
identifiers and links (only the expiry dates follow the ``today`` passed in). Rows are written
with ``bulk_create`` so 2,000 organisations load in a few seconds.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.ecosystem import synthetic_vocabulary as vocab
from maillage.ecosystem.identifiers import province_for_postcode
from maillage.ecosystem.models import Contact, Domain, Membership, NaceCode, Organisation
from maillage.ecosystem.text import fold
from maillage.marketplace.models import Listing

Kind = Organisation.Kind

#: Share of each kind in the population (mostly SMEs and start-ups).
KIND_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Kind.SME, 55),
    (Kind.STARTUP, 18),
    (Kind.LARGE_COMPANY, 7),
    (Kind.RESEARCH_CENTRE, 5),
    (Kind.UNIVERSITY, 1),
    (Kind.HAUTE_ECOLE, 2),
    (Kind.PUBLIC_BODY, 4),
    (Kind.INVESTOR, 4),
    (Kind.OTHER, 4),
)
SIZE_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.SME: ("micro", "micro", "small", "small", "small", "medium"),
    Kind.STARTUP: ("micro", "micro", "micro", "small"),
    Kind.LARGE_COMPANY: ("large",),
    Kind.RESEARCH_CENTRE: ("small", "medium", "medium"),
    Kind.UNIVERSITY: ("large",),
    Kind.HAUTE_ECOLE: ("medium", "large"),
    Kind.PUBLIC_BODY: ("small", "medium", "large"),
    Kind.INVESTOR: ("micro", "small"),
    Kind.OTHER: ("micro", "small", "medium"),
}
#: Where organisations are: (region, weight). Foreign ones make up about 15 %.
REGION_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("wallonia", 62),
    ("german_speaking", 3),
    ("flanders", 12),
    ("brussels", 8),
    ("NL", 5),
    ("DE", 3),
    ("LU", 3),
    ("FR", 4),
)
#: Languages of the descriptions by region: the first is always written, the others by chance.
LANGUAGES_BY_REGION: dict[str, tuple[str, ...]] = {
    "wallonia": ("fr", "en"),
    "german_speaking": ("de", "fr"),
    "flanders": ("nl", "en"),
    "brussels": ("fr", "en", "nl"),
    "NL": ("nl", "en"),
    "DE": ("de", "en"),
    "LU": ("fr", "de"),
    "FR": ("fr", "en"),
}
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "wallonia": ("SRL", "SRL", "SA", "SC"),
    "german_speaking": ("PGmbH", "AG"),
    "flanders": ("BV", "BV", "NV"),
    "brussels": ("SRL", "SA", "BV"),
    "NL": ("B.V.",),
    "DE": ("GmbH",),
    "LU": ("S.à r.l.", "S.A."),
    "FR": ("SAS", "SARL"),
}
KIND_PHRASES: dict[str, dict[str, str]] = {
    Kind.SME: {"fr": "une PME", "en": "an SME", "nl": "een kmo", "de": "ein KMU"},
    Kind.STARTUP: {
        "fr": "une start-up",
        "en": "a start-up",
        "nl": "een start-up",
        "de": "ein Start-up",
    },
    Kind.LARGE_COMPANY: {
        "fr": "une grande entreprise",
        "en": "a large company",
        "nl": "een grote onderneming",
        "de": "ein Großunternehmen",
    },
    Kind.RESEARCH_CENTRE: {
        "fr": "un centre de recherche agréé",
        "en": "an approved research centre",
        "nl": "een erkend onderzoekscentrum",
        "de": "ein anerkanntes Forschungszentrum",
    },
    Kind.UNIVERSITY: {
        "fr": "une université",
        "en": "a university",
        "nl": "een universiteit",
        "de": "eine Universität",
    },
    Kind.HAUTE_ECOLE: {
        "fr": "une haute école",
        "en": "a university college",
        "nl": "een hogeschool",
        "de": "eine Hochschule",
    },
    Kind.PUBLIC_BODY: {
        "fr": "un organisme public",
        "en": "a public body",
        "nl": "een overheidsinstelling",
        "de": "eine öffentliche Einrichtung",
    },
    Kind.INVESTOR: {
        "fr": "un fonds d'investissement",
        "en": "an investment fund",
        "nl": "een investeringsfonds",
        "de": "ein Investmentfonds",
    },
    Kind.OTHER: {
        "fr": "une association",
        "en": "an association",
        "nl": "een vereniging",
        "de": "ein Verein",
    },
}
TEMPLATES: dict[str, tuple[str, str, str]] = {
    # (introduction, offer sentence, need sentence)
    "fr": (
        "{name} est {kind} de {city}, active dans {activity}.",
        "Nous proposons {offer}.",
        "Nous cherchons {need}.",
    ),
    "en": (
        "{name} is {kind} in {city}, working in {activity}.",
        "We offer {offer}.",
        "We are looking for {need}.",
    ),
    "nl": (
        "{name} is {kind} uit {city}, actief in {activity}.",
        "Wij bieden {offer}.",
        "Wij zoeken {need}.",
    ),
    "de": (
        "{name} ist {kind} aus {city}, tätig im Bereich {activity}.",
        "Wir bieten {offer}.",
        "Wir suchen {need}.",
    ),
}
LISTING_TEMPLATES: dict[str, dict[str, str]] = {
    "offer": {
        "fr": "{name} propose {text} aux membres des clusters et pôles.",
        "en": "{name} offers {text} to the members of the clusters and poles.",
        "nl": "{name} biedt {text} aan de leden van de clusters en polen.",
        "de": "{name} bietet den Mitgliedern der Cluster und Pole {text}.",
    },
    "need": {
        "fr": "{name} cherche {text}. Contactez-nous pour en discuter.",
        "en": "{name} is looking for {text}. Get in touch to discuss it.",
        "nl": "{name} zoekt {text}. Neem contact op om het te bespreken.",
        "de": "{name} sucht {text}. Sprechen Sie uns an.",
    },
}
#: Vowels that make "de" elide to "d'" before a city name.
_VOWELS = "AEIOUÉÈÊaeiouéèê"


@dataclass
class PopulationSummary:
    organisations: int = 0
    memberships: int = 0
    contacts: int = 0
    listings: int = 0
    names: list[str] = field(default_factory=list)


def enterprise_number_from(base: int) -> str:
    """Ten digits: an eight-digit base starting with 0 and its mod-97 check digits."""
    return f"{base:08d}{97 - base % 97:02d}"


def foreign_vat_number(rng: random.Random, country: str) -> str:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(9))
    if country == "NL":
        return f"NL{digits}B{rng.randint(1, 99):02d}"
    if country == "LU":
        return f"LU{digits[:8]}"
    if country == "FR":
        return f"FR{rng.randint(10, 99)}{digits}"
    return f"{country}{digits}"


class _Generator:
    def __init__(self, *, seed: int, today: datetime) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.used_slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.used_numbers = set(
            Organisation.objects.exclude(enterprise_number="").values_list(
                "enterprise_number", flat=True
            )
        )
        self.used_names: set[str] = set()
        networks = Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS)
        self.networks = {network.slug: network for network in networks}
        if not self.networks:
            raise RuntimeError("Load the seed data first: the population joins its networks.")
        #: Generated names must not be mistaken for a network in a search.
        self.reserved = {fold(network.display_name) for network in networks}
        self.domains = {domain.code: domain for domain in Domain.objects.all()}
        self.nace = {nace.code: nace for nace in NaceCode.objects.all()}

    def pick_weighted(self, options: tuple[tuple[str, int], ...]) -> str:
        values = [value for value, _ in options]
        weights = [weight for _, weight in options]
        return self.rng.choices(values, weights=weights)[0]

    def sector_for(self, kind: str) -> vocab.Sector:
        if kind == Kind.INVESTOR:
            return vocab.FINANCE
        if kind == Kind.PUBLIC_BODY:
            return vocab.PUBLIC
        return self.rng.choice(vocab.SECTORS)

    def place(self, region: str) -> tuple[str, str, str]:
        if region == "wallonia":
            postcode, city = self.rng.choice(vocab.WALLOON_PLACES)
            return "BE", postcode, city
        if region == "german_speaking":
            postcode, city = self.rng.choice(vocab.GERMAN_SPEAKING_PLACES)
            return "BE", postcode, city
        if region == "flanders":
            postcode, city = self.rng.choice(vocab.FLEMISH_PLACES)
            return "BE", postcode, city
        if region == "brussels":
            postcode, city = self.rng.choice(vocab.BRUSSELS_PLACES)
            return "BE", postcode, city
        postcode, city = self.rng.choice(vocab.FOREIGN_PLACES[region])
        return region, postcode, city

    def name(self, kind: str, sector: vocab.Sector, region: str, city: str) -> str:
        for attempt in range(50):
            stem = self.rng.choice(sector.stems) + self.rng.choice(vocab.NAME_SUFFIXES)
            second = self.rng.choice(vocab.NAME_SECOND_WORDS)
            if kind == Kind.RESEARCH_CENTRE:
                base = (
                    f"Centre de recherche {stem}"
                    if region != "flanders"
                    else f"Onderzoekscentrum {stem}"
                )
            elif kind in {Kind.UNIVERSITY, Kind.HAUTE_ECOLE}:
                base = (
                    f"Institut {stem} {city}" if kind == Kind.HAUTE_ECOLE else f"Université {stem}"
                )
            elif kind == Kind.PUBLIC_BODY:
                base = f"{sector.stems[attempt % len(sector.stems)]} {stem} {city}"
            elif kind == Kind.OTHER:
                base = f"Association {stem}"
            else:
                legal = self.rng.choice(LEGAL_FORMS[region])
                base = f"{stem} {second} {legal}".replace("  ", " ")
            folded = fold(base)
            if base not in self.used_names and not any(word in folded for word in self.reserved):
                self.used_names.add(base)
                return base
        # Fall back on a numbered name; reached only for very large populations.
        base = f"{base} {len(self.used_names) + 1}"
        self.used_names.add(base)
        return base

    def slug(self, name: str) -> str:
        base = slugify(name)[:100] or "organisation"
        slug, number = base, 2
        while slug in self.used_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.used_slugs.add(slug)
        return slug

    def enterprise_number(self) -> str:
        while True:
            number = enterprise_number_from(self.rng.randint(2_000_000, 9_999_999))
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def descriptions(
        self, name: str, kind: str, sector: vocab.Sector, region: str, city: str
    ) -> tuple[dict[str, str], list[vocab.Item], list[vocab.Item]]:
        languages = LANGUAGES_BY_REGION[region]
        chosen = [languages[0]] + [code for code in languages[1:] if self.rng.random() < 0.5]
        offers = self.rng.sample(sector.offers, k=min(2, len(sector.offers)))
        needs = [self.rng.choice(sector.needs)]
        texts: dict[str, str] = {}
        for language in chosen:
            intro, offer_sentence, need_sentence = TEMPLATES[language]
            intro_text = intro.format(
                name=name,
                kind=KIND_PHRASES[kind][language],
                city=city,
                activity=sector.activity[language],
            )
            if language == "fr" and city[:1] in _VOWELS:
                intro_text = intro_text.replace(f" de {city}", f" d'{city}")
            joiner = {"fr": " et ", "en": " and ", "nl": " en ", "de": " und "}[language]
            offer_text = joiner.join(item.text[language] for item in offers)
            texts[language] = " ".join(
                [
                    intro_text,
                    offer_sentence.format(offer=offer_text),
                    need_sentence.format(need=needs[0].text[language]),
                ]
            )
        return texts, offers, needs

    def contact(self, organisation: Organisation, language: str, domain: str) -> Contact:
        names_language = language if language in vocab.FIRST_NAMES else "en"
        first = self.rng.choice(vocab.FIRST_NAMES[names_language])
        last = self.rng.choice(vocab.LAST_NAMES[names_language])
        local = slugify(f"{first}.{last}").replace("-", ".")
        return Contact(
            organisation=organisation,
            first_name=first,
            last_name=last,
            job_title=self.rng.choice(vocab.JOB_TITLES[names_language]),
            email=f"{local}@{domain}",
            phone=f"+32 {self.rng.randint(2, 9)}{self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
            public_consent=self.rng.random() < 0.3,
        )

    def membership_dates(self) -> date:
        return date(self.rng.randint(2008, 2025), self.rng.randint(1, 12), 1)


@transaction.atomic
def generate_population(
    *, count: int = 2000, seed: int = 20261123, today: datetime | None = None
) -> PopulationSummary:
    """Add ``count`` synthetic organisations (a no-op when a synthetic population exists).

    Needs the seed data (the networks and the taxonomy). Writes organisations, their domains,
    NACE codes, memberships, contacts and marketplace listings, all flagged synthetic.
    """
    if Organisation.objects.filter(synthetic=True).exists():
        return PopulationSummary(organisations=0)
    generator = _Generator(seed=seed, today=today or timezone.now())
    rng = generator.rng
    organisations: list[Organisation] = []
    plans: list[tuple[vocab.Sector, str, list[vocab.Item], list[vocab.Item]]] = []
    for _ in range(count):
        kind = generator.pick_weighted(KIND_WEIGHTS)
        region = generator.pick_weighted(REGION_WEIGHTS)
        sector = generator.sector_for(kind)
        country, postcode, city = generator.place(region)
        name = generator.name(kind, sector, region, city)
        slug = generator.slug(name)
        language = LANGUAGES_BY_REGION[region][0]
        street_language = language if language in vocab.STREETS else "fr"
        descriptions, offers, needs = generator.descriptions(name, kind, sector, region, city)
        organisation = Organisation(
            name=name,
            short_name=name.split(" ")[0] if kind in {Kind.SME, Kind.STARTUP} else "",
            slug=slug,
            kind=kind,
            country=country,
            enterprise_number=generator.enterprise_number() if country == "BE" else "",
            vat_number="" if country == "BE" else foreign_vat_number(rng, country),
            address=f"{rng.choice(vocab.STREETS[street_language])} {rng.randint(1, 180)}",
            postcode=postcode,
            city=city,
            province=province_for_postcode(country, postcode),
            website=f"https://www.{slug}.example",
            size_band=rng.choice(SIZE_BY_KIND[kind]),
            descriptions=descriptions,
            synthetic=True,
        )
        organisation.fill_search_fields()
        organisations.append(organisation)
        plans.append((sector, language, offers, needs))
    Organisation.objects.bulk_create(organisations, batch_size=500)

    domain_links, nace_links, memberships, contacts = [], [], [], []
    listings: list[Listing] = []
    listing_domains: list[tuple[int, list[Domain]]] = []
    for organisation, (sector, language, offers, needs) in zip(organisations, plans, strict=True):
        domains = _sample(rng, [generator.domains[code] for code in sector.domains], 1, 3)
        domain_links += [
            Organisation.domains.through(organisation_id=organisation.pk, domain_id=domain.pk)
            for domain in domains
        ]
        nace_links += [
            Organisation.nace_codes.through(organisation_id=organisation.pk, nacecode_id=nace.pk)
            for nace in _sample(rng, [generator.nace[code] for code in sector.nace], 1, 2)
        ]
        available = [slug for slug in sector.networks if slug in generator.networks]
        for network_slug in rng.sample(available, k=min(len(available), rng.randint(1, 3))):
            memberships.append(
                Membership(
                    organisation=organisation,
                    network=generator.networks[network_slug],
                    role=rng.choice(
                        (Membership.Role.MEMBER,) * 8
                        + (Membership.Role.FOUNDER, Membership.Role.BOARD)
                    ),
                    start_date=generator.membership_dates(),
                )
            )
        web_domain = f"{organisation.slug}.example"
        for _ in range(rng.randint(1, 2)):
            contacts.append(generator.contact(organisation, language, web_domain))
        if rng.random() < 0.6:
            for direction, item in _listing_items(rng, offers, needs):
                listings.append(
                    Listing(
                        organisation=organisation,
                        direction=direction,
                        category=item.category,
                        title=_capitalise(item.text[language]),
                        description=LISTING_TEMPLATES[direction][language].format(
                            name=organisation.display_name, text=item.text[language]
                        ),
                        language=language,
                        expires_at=generator.today + timedelta(days=rng.randint(-45, 240)),
                        synthetic=True,
                    )
                )
                listing_domains.append((len(listings) - 1, domains))
    Organisation.domains.through.objects.bulk_create(domain_links, batch_size=1000)
    Organisation.nace_codes.through.objects.bulk_create(nace_links, batch_size=1000)
    Membership.objects.bulk_create(memberships, batch_size=1000)
    Contact.objects.bulk_create(contacts, batch_size=1000)
    for listing in listings:
        listing.search_text = listing.build_search_text()
    Listing.objects.bulk_create(listings, batch_size=500)
    Listing.domains.through.objects.bulk_create(
        [
            Listing.domains.through(listing_id=listings[index].pk, domain_id=domain.pk)
            for index, domains in listing_domains
            for domain in domains
        ],
        batch_size=1000,
    )
    return PopulationSummary(
        organisations=len(organisations),
        memberships=len(memberships),
        contacts=len(contacts),
        listings=len(listings),
        names=[organisation.name for organisation in organisations],
    )


def _sample[T](rng: random.Random, items: list[T], low: int, high: int) -> list[T]:
    """Between ``low`` and ``high`` distinct items (fewer when there are not that many)."""
    return rng.sample(items, k=min(len(items), rng.randint(low, high)))


def _listing_items(
    rng: random.Random, offers: list[vocab.Item], needs: list[vocab.Item]
) -> list[tuple[str, vocab.Item]]:
    choices = [("offer", offers[0]), ("need", needs[0])]
    return rng.sample(choices, k=rng.randint(1, 2))


def _capitalise(text: str) -> str:
    articles = ("de la ", "de l'", "des ", "du ", "le ", "la ", "l'", "un ", "une ", "a ", "an ")
    for article in (*articles, "een ", "einen ", "eine ", "ein "):
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article) :]
            break
    return text[:1].upper() + text[1:]
