"""Amounts in euros as the reader's language writes them: the number grouped the locale's way,
and the sign where the language puts it ("1 250 €" in French, "€1,250" in English, "€ 1.250" in
Dutch), so no page or document places a "€" by itself."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def euros(amount: Decimal | float | int) -> str:
    """``amount`` rounded to the euro, in the active language."""
    grouped = number_format(round(amount), 0, force_grouping=True)
    # Translators: where the euro sign goes around an amount, with the spacing of the language.
    return _("€%(amount)s") % {"amount": grouped}
