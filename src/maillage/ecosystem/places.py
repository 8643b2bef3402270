"""Names of Belgian provinces, cities and countries for display and choice lists.

Codes are what the models store (province: ISO 3166-2:BE without the prefix; country:
ISO 3166-1 alpha-2). Walloon provinces come first: the directory is a Walloon one. Cities are
stored as written (the French name of a Walloon or Brussels city); those with another name in
Dutch are shown under it.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.ecosystem.countries import COUNTRY_CODES
from maillage.ecosystem.text import fold

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

#: Walloon and Brussels cities whose Dutch name differs, by their folded French name (the
#: message is the English name, which is the French one but for Brussels).
CITY_NAMES: dict[str, Promise] = {
    fold(french): name
    for french, name in (
        ("Liège", pgettext_lazy("city", "Liège")),
        ("Namur", pgettext_lazy("city", "Namur")),
        ("Mons", pgettext_lazy("city", "Mons")),
        ("Tournai", pgettext_lazy("city", "Tournai")),
        ("Wavre", pgettext_lazy("city", "Wavre")),
        ("Nivelles", pgettext_lazy("city", "Nivelles")),
        ("Arlon", pgettext_lazy("city", "Arlon")),
        ("Ath", pgettext_lazy("city", "Ath")),
        ("Bastogne", pgettext_lazy("city", "Bastogne")),
        ("Braine-l'Alleud", pgettext_lazy("city", "Braine-l'Alleud")),
        ("Braine-le-Comte", pgettext_lazy("city", "Braine-le-Comte")),
        ("Enghien", pgettext_lazy("city", "Enghien")),
        ("Gembloux", pgettext_lazy("city", "Gembloux")),
        ("Hannut", pgettext_lazy("city", "Hannut")),
        ("Huy", pgettext_lazy("city", "Huy")),
        ("Jodoigne", pgettext_lazy("city", "Jodoigne")),
        ("Lessines", pgettext_lazy("city", "Lessines")),
        ("Mouscron", pgettext_lazy("city", "Mouscron")),
        ("Soignies", pgettext_lazy("city", "Soignies")),
        ("Tubize", pgettext_lazy("city", "Tubize")),
        ("Visé", pgettext_lazy("city", "Visé")),
        ("Waremme", pgettext_lazy("city", "Waremme")),
        ("Bruxelles", pgettext_lazy("city", "Brussels")),
        ("Ixelles", pgettext_lazy("city", "Ixelles")),
        ("Uccle", pgettext_lazy("city", "Uccle")),
        ("Schaerbeek", pgettext_lazy("city", "Schaerbeek")),
        ("Forest", pgettext_lazy("city", "Forest")),
        ("Auderghem", pgettext_lazy("city", "Auderghem")),
        ("Saint-Gilles", pgettext_lazy("city", "Saint-Gilles")),
        ("Molenbeek-Saint-Jean", pgettext_lazy("city", "Molenbeek-Saint-Jean")),
        ("Woluwe-Saint-Lambert", pgettext_lazy("city", "Woluwe-Saint-Lambert")),
        ("Woluwe-Saint-Pierre", pgettext_lazy("city", "Woluwe-Saint-Pierre")),
        ("Watermael-Boitsfort", pgettext_lazy("city", "Watermael-Boitsfort")),
    )
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


def city_label(city: str) -> str:
    """A city's name in the active language (as written when it has no other name)."""
    return str(CITY_NAMES.get(fold(city).strip(), city))


def country_label(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def country_choices() -> list[tuple[str, str]]:
    """Belgium and its neighbours first, then the named countries, then the other codes."""
    named = [(code, str(name)) for code, name in COUNTRY_NAMES.items()]
    others = [(code, code) for code in sorted(COUNTRY_CODES - COUNTRY_NAMES.keys())]
    return named[:5] + sorted(named[5:], key=lambda item: item[1]) + others
