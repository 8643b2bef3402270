"""Names of Belgian provinces and countries for display and choice lists.

Codes are what the models store (province: ISO 3166-2:BE without the prefix; country:
ISO 3166-1 alpha-2). Walloon provinces come first: the directory is a Walloon one.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.ecosystem.countries import COUNTRY_CODES

#: Province codes in display order: the five Walloon provinces, then Brussels and Flanders.
PROVINCES: dict[str, Promise] = {
    "WBR": _("Walloon Brabant"),
    "WHT": _("Hainaut"),
    "WLG": _("Liège"),
    "WLX": pgettext_lazy("province", "Luxembourg"),
    "WNA": _("Namur"),
    "BRU": _("Brussels-Capital Region"),
    "VAN": _("Antwerp"),
    "VBR": _("Flemish Brabant"),
    "VLI": _("Limburg"),
    "VOV": _("East Flanders"),
    "VWV": _("West Flanders"),
}

#: Names of the countries the ecosystem deals with most; other codes are shown as they are.
COUNTRY_NAMES: dict[str, Promise] = {
    "BE": _("Belgium"),
    "FR": _("France"),
    "NL": _("Netherlands"),
    "DE": _("Germany"),
    "LU": _("Luxembourg"),
    "GB": _("United Kingdom"),
    "IE": _("Ireland"),
    "ES": _("Spain"),
    "PT": _("Portugal"),
    "IT": _("Italy"),
    "AT": _("Austria"),
    "CH": _("Switzerland"),
    "DK": _("Denmark"),
    "SE": _("Sweden"),
    "FI": _("Finland"),
    "NO": _("Norway"),
    "PL": _("Poland"),
    "CZ": _("Czechia"),
    "HU": _("Hungary"),
    "RO": _("Romania"),
    "GR": _("Greece"),
    "US": _("United States"),
    "CA": _("Canada"),
    "JP": _("Japan"),
    "CN": _("China"),
}


def province_label(code: str) -> str:
    return str(PROVINCES.get(code, code))


def country_label(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def country_choices() -> list[tuple[str, str]]:
    """Belgium and its neighbours first, then the named countries, then the other codes."""
    named = [(code, str(name)) for code, name in COUNTRY_NAMES.items()]
    others = [(code, code) for code in sorted(COUNTRY_CODES - COUNTRY_NAMES.keys())]
    return named[:5] + sorted(named[5:], key=lambda item: item[1]) + others
