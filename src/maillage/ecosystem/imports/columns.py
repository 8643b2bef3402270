"""The header vocabulary of member-list files, shared by import and export.

A file's first row names its columns. Each column below is recognised under its canonical name
(the one exports write) or any of its aliases, French or English, ignoring case, accents, and
punctuation (``Numéro d'entreprise``, ``numero_d_entreprise`` and ``NUMERO D'ENTREPRISE`` are the
same header). Only ``name`` is required.

=====================  ==========================================================================
canonical name         also accepted
=====================  ==========================================================================
name                   nom, raison sociale, dénomination, legal name, organisation, organization
short_name             nom court, sigle, acronyme, acronym
kind                   type, catégorie, category: sme/PME, startup, large_company/grande
                       entreprise, research_centre/centre de recherche, university/université,
                       haute_ecole, cluster, pole/pôle, public_body/organisme public,
                       investor/investisseur, other/autre
enterprise_number      numéro d'entreprise, n° d'entreprise, BCE, KBO, TVA, numéro BCE, numéro TVA,
                       ondernemingsnummer, enterprise number (``BE0403.170.701``, 9 or 10 digits;
                       a foreign VAT number such as ``FR12345678901`` is accepted here too)
vat_number             VAT, numéro de TVA étranger, foreign VAT (foreign VAT numbers only)
country                pays, land (ISO 3166-1 two-letter code; empty means BE)
address                adresse, rue
postcode               code postal, CP, postal code, zip
city                   ville, localité, commune
website                site web, site internet, site, web, URL (``www.x.be`` gets ``https://``)
size                   taille, size band, catégorie de taille: micro, small/petite,
                       medium/moyenne, large/grande
nace                   code NACE, codes NACE, NACE codes (several separated by ``|`` or ``,``)
domains                domaines, domaine, domain, technologies (codes or French/English labels
                       separated by ``|``, or by ``,`` when no ``|`` is present)
description_fr         description, description française
description_en         description anglaise, English description
description_nl         description néerlandaise, Dutch description
description_de         description allemande, German description
membership_role        rôle, role, rôle dans le cluster: member/membre, founder/fondateur,
                       board/administrateur, partner/partenaire
member_since           membre depuis, depuis, since, date d'adhésion (YYYY-MM-DD, DD/MM/YYYY, or
                       a year)
=====================  ==========================================================================
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.text import fold


@dataclass(frozen=True)
class Column:
    #: Canonical name, written by exports.
    name: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        (
            "nom",
            "raison sociale",
            "denomination",
            "legal name",
            "nom legal",
            "organisation",
            "organization",
        ),
    ),
    Column("short_name", ("short name", "nom court", "sigle", "acronyme", "acronym")),
    Column("kind", ("type", "categorie", "category", "type d organisation")),
    Column(
        "enterprise_number",
        (
            "enterprise number",
            "numero d entreprise",
            "numero entreprise",
            "n d entreprise",
            "no d entreprise",
            "ndeg d entreprise",  # "N° d'entreprise": unidecode spells ° as "deg"
            "ndeg entreprise",
            "ndeg bce",
            "ndeg tva",
            "bce",
            "kbo",
            "tva",
            "numero bce",
            "numero tva",
            "n tva",
            "ondernemingsnummer",
        ),
    ),
    Column("vat_number", ("vat", "vat number", "numero de tva etranger", "foreign vat")),
    Column("country", ("pays", "land")),
    Column("address", ("adresse", "rue")),
    Column("postcode", ("code postal", "cp", "postal code", "zip", "zip code")),
    Column("city", ("ville", "localite", "commune")),
    Column("website", ("site web", "site internet", "site", "web", "url")),
    Column("size", ("taille", "size band", "categorie de taille")),
    Column("nace", ("code nace", "codes nace", "nace codes", "nace code")),
    Column("domains", ("domaines", "domaine", "domain", "technologies")),
    Column("description_fr", ("description", "description francaise")),
    Column("description_en", ("description anglaise", "english description")),
    Column("description_nl", ("description neerlandaise", "dutch description")),
    Column("description_de", ("description allemande", "german description")),
    Column("membership_role", ("role", "membership role", "role dans le cluster")),
    Column("member_since", ("membre depuis", "depuis", "since", "date d adhesion")),
)

#: What the pages call each column in the reader's language (the models' own words where they
#: have them).
LABELS = {
    "name": _("legal name"),
    "short_name": _("short name"),
    "kind": _("kind"),
    "enterprise_number": _("enterprise number"),
    "vat_number": _("VAT number"),
    "country": _("country"),
    "address": _("address"),
    "postcode": _("postcode"),
    "city": _("city"),
    "website": _("website"),
    "size": _("size"),
    "nace": _("NACE codes"),
    "domains": _("domains"),
    "description_fr": _("description in French"),
    "description_en": _("description in English"),
    "description_nl": _("description in Dutch"),
    "description_de": _("description in German"),
    "membership_role": _("role"),
    "member_since": _("member since"),
}


def column_label(name: str) -> str:
    """The column in the reader's language, then its header as files write it ("website
    (website)", "site web (website)"): the documented header stays findable."""
    return f"{LABELS[name]} ({name})"


#: Folded header -> canonical column name.
HEADER_LOOKUP: dict[str, str] = {
    fold(alias): column.name for column in COLUMNS for alias in (column.name, *column.aliases)
}

#: Canonical names in file order, as exports write them.
CANONICAL_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)

REQUIRED = "name"

DESCRIPTION_LANGUAGES: tuple[str, ...] = ("fr", "en", "nl", "de")


def canonical_column(header: str) -> str | None:
    """The canonical column a header names, or None when it is not in the vocabulary."""
    return HEADER_LOOKUP.get(fold(header))
