"""Belgian enterprise numbers (BCE/KBO), foreign VAT numbers and postcode geography.

Pure functions: used by forms, the API, imports and the demo loader alike. Their messages are
translated when raised, so every front end shows them in the user's language.
"""

import re

from django.utils.translation import gettext as _

_NON_DIGITS = re.compile(r"\D")
_VAT_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z+*]{2,13}$")


class InvalidIdentifierError(ValueError):
    """The value is not a valid identifier; the message says why, for the user."""


def normalise_enterprise_number(raw: str) -> str:
    """Return the 10 digits of a BCE/KBO number, or raise with a specific reason.

    Accepts the usual spellings: ``0403.170.701``, ``0403 170 701``, ``BE0403170701``,
    and the pre-2005 nine-digit form (a leading 0 is added). The check digits are the last two:
    97 minus the first eight digits modulo 97.
    """
    text = raw.strip().upper()
    if text.startswith("BE"):
        text = text[2:]
    digits = _NON_DIGITS.sub("", text)
    if not digits:
        raise InvalidIdentifierError(_("An enterprise number has 10 digits; none were given."))
    if len(digits) == 9 and digits[0] != "0":
        # Numbers from before 2005 were written with nine digits and no leading zero.
        digits = "0" + digits
    if len(digits) != 10:
        raise InvalidIdentifierError(
            _("An enterprise number has 10 digits; %(count)s were given.") % {"count": len(digits)}
        )
    if digits[0] not in "01":
        raise InvalidIdentifierError(_("An enterprise number starts with 0 or 1."))
    expected = 97 - int(digits[:8]) % 97
    if int(digits[8:]) != expected:
        raise InvalidIdentifierError(
            _("The check digits of %(number)s are wrong (expected %(expected)s).")
            % {"number": format_enterprise_number(digits), "expected": f"{expected:02d}"}
        )
    return digits


def format_enterprise_number(digits: str) -> str:
    """``0403170701`` -> ``0403.170.701``."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else digits


def normalise_vat_number(raw: str) -> str:
    """A foreign VAT number: country prefix and 2–13 characters, spaces and dots removed."""
    text = re.sub(r"[\s.\-]", "", raw.strip().upper())
    if not _VAT_PATTERN.match(text):
        raise InvalidIdentifierError(
            _("A VAT number starts with its two-letter country code, e.g. FR12345678901.")
        )
    return text


# Belgian postcode ranges -> province code (ISO 3166-2:BE without the prefix).
_BELGIAN_PROVINCES: tuple[tuple[int, int, str], ...] = (
    (1000, 1299, "BRU"),
    (1300, 1499, "WBR"),
    (1500, 1999, "VBR"),
    (2000, 2999, "VAN"),
    (3000, 3499, "VBR"),
    (3500, 3999, "VLI"),
    (4000, 4999, "WLG"),
    (5000, 5999, "WNA"),
    (6000, 6599, "WHT"),
    (6600, 6999, "WLX"),
    (7000, 7999, "WHT"),
    (8000, 8999, "VWV"),
    (9000, 9999, "VOV"),
)

#: Codes of the five Walloon provinces.
WALLOON_PROVINCES = frozenset({"WBR", "WHT", "WLG", "WLX", "WNA"})


def province_for_postcode(country: str, postcode: str) -> str:
    """The Belgian province code of a postcode, or ``""`` when unknown or abroad."""
    if country.upper() != "BE":
        return ""
    digits = _NON_DIGITS.sub("", postcode)
    if len(digits) != 4:
        return ""
    number = int(digits)
    for low, high, code in _BELGIAN_PROVINCES:
        if low <= number <= high:
            return code
    return ""
