"""Who may apply to a call: kinds of applicant and countries (one place for both rules).

A call lists the applicant types it funds (none listed: anyone) and the countries applicants
must be established in (none listed: anywhere); ``EU`` stands for the 27 member states. Both
lists are stored packed between commas (``",sme,research,"``, ``",BE,FR,"``) so that "open to
SMEs" or "open to Germany" is one ``contains`` filter on SQLite and PostgreSQL alike.
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Organisation


class Applicant(models.TextChoices):
    SME = "sme", _("SMEs and start-ups")
    LARGE_COMPANY = "large_company", _("large companies")
    RESEARCH = "research", _("research centres, universities and hautes écoles")
    PUBLIC_BODY = "public_body", _("public bodies")
    CLUSTER = "cluster", _("clusters and poles")
    OTHER = "other", _("other organisations")


#: The applicant type each kind of organisation applies as.
APPLICANT_OF_KIND: dict[str, str] = {
    Organisation.Kind.SME: Applicant.SME,
    Organisation.Kind.STARTUP: Applicant.SME,
    Organisation.Kind.LARGE_COMPANY: Applicant.LARGE_COMPANY,
    Organisation.Kind.RESEARCH_CENTRE: Applicant.RESEARCH,
    Organisation.Kind.UNIVERSITY: Applicant.RESEARCH,
    Organisation.Kind.HAUTE_ECOLE: Applicant.RESEARCH,
    Organisation.Kind.PUBLIC_BODY: Applicant.PUBLIC_BODY,
    Organisation.Kind.CLUSTER: Applicant.CLUSTER,
    Organisation.Kind.POLE: Applicant.CLUSTER,
    Organisation.Kind.INVESTOR: Applicant.OTHER,
    Organisation.Kind.OTHER: Applicant.OTHER,
}

#: Stands for every member state in a call's countries.
EU = "EU"
EU_MEMBER_STATES: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def pack(codes: Iterable[str]) -> str:
    """``["sme", "research"]`` -> ``",sme,research,"`` (sorted, no duplicates; ``""`` if none)."""
    unique = sorted({code.strip() for code in codes if code and code.strip()})
    return f",{','.join(unique)}," if unique else ""


def unpack(packed: str) -> list[str]:
    return [code for code in packed.split(",") if code]


def applicant_of(organisation: Organisation) -> str:
    return APPLICANT_OF_KIND.get(organisation.kind, Applicant.OTHER)


def open_to_applicant(applicant: str, prefix: str = "") -> Q:
    """Calls that fund ``applicant`` (those listing no type fund anyone)."""
    return Q(**{f"{prefix}eligible_applicants": ""}) | Q(
        **{f"{prefix}eligible_applicants__contains": f",{applicant},"}
    )


def open_to_country(country: str, prefix: str = "") -> Q:
    """Calls open to applicants established in ``country`` (an ISO code)."""
    code = country.strip().upper()
    condition = Q(**{f"{prefix}eligible_countries": ""}) | Q(
        **{f"{prefix}eligible_countries__contains": f",{code},"}
    )
    if code in EU_MEMBER_STATES:
        condition |= Q(**{f"{prefix}eligible_countries__contains": f",{EU},"})
    return condition


def country_is_eligible(packed_countries: str, country: str) -> bool:
    """The Python twin of ``open_to_country`` for one call (tested against it)."""
    codes = unpack(packed_countries)
    return not codes or country in codes or (EU in codes and country in EU_MEMBER_STATES)


def applicant_is_eligible(packed_applicants: str, applicant: str) -> bool:
    """The Python twin of ``open_to_applicant`` for one call (tested against it)."""
    codes = unpack(packed_applicants)
    return not codes or applicant in codes
