"""Amounts typed by people: "12 500", "12.500,50", "12,500.50", "EUR 8 000" ... checked strictly.

A typo in an amount is worse than no amount: it can dominate a total. So only plain numbers in
euros are read (thousands grouped by threes with a space, a dot or a comma; cents after the
other separator), and anything else is refused with a message that says what to write.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

#: Above this an amount is taken for a typo (a misplaced separator, cents typed as euros).
MAX_AMOUNT = Decimal(1_000_000_000)

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY = re.compile(r"^(?:eur|€)|(?:eur|€)$", re.IGNORECASE)
_PLAIN = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
#: Groups of three with one kind of separator, then optional cents after the other kind.
_GROUPED = re.compile(
    r"^\d{1,3}(?:(?P<sep>[ .,'])\d{3})(?:(?P=sep)\d{3})*(?:(?P<dec>[.,])\d{1,2})?$"
)


class AmountError(ValueError):
    """The text is not an amount the platform accepts; ``str()`` says why, for the user."""


def parse_amount(text: str) -> Decimal:
    """The amount in euros written in ``text``; ``AmountError`` with a message otherwise."""
    cleaned = _CURRENCY.sub("", text.strip()).strip()
    if cleaned.startswith("-"):
        raise AmountError(_("An amount cannot be negative."))
    compact = _SPACES.sub(" ", cleaned)
    number = _number(compact)
    if number is None:
        raise AmountError(
            _(
                "Write the amount in euros as a number, for example 12 500 or 12 500,50 "
                "(no letters, at most two decimals)."
            )
        )
    return check_amount(number)


def check_amount(amount: Decimal) -> Decimal:
    """``amount`` if it is a plausible amount in euros; ``AmountError`` otherwise."""
    if not amount.is_finite():
        raise AmountError(_("Write the amount in euros as a number."))
    if amount < 0:
        raise AmountError(_("An amount cannot be negative."))
    if amount == 0:
        raise AmountError(_("An amount must be more than zero; leave it empty when there is none."))
    if amount > MAX_AMOUNT:
        raise AmountError(
            _("Over EUR 1 billion is not plausible for one agreement: check the amount.")
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise AmountError(_("An amount has at most two decimals (cents)."))
    return amount.quantize(Decimal("0.01"))


def _number(text: str) -> Decimal | None:
    try:
        if _PLAIN.match(text):
            return Decimal(text.replace(",", "."))
        grouped = _GROUPED.match(text)
        if grouped is None:
            return None
        separator, decimal_mark = grouped.group("sep"), grouped.group("dec")
        if decimal_mark == separator:
            return None
        whole, _mark, cents = text.rpartition(decimal_mark) if decimal_mark else (text, "", "")
        return Decimal(whole.replace(separator, "") + ("." + cents if cents else ""))
    except InvalidOperation:
        return None
