"""``{{ amount|euros }}``: an amount in euros as the reader's language writes it."""

from decimal import Decimal

from django import template

from maillage.core import money

register = template.Library()


@register.filter
def euros(amount: Decimal | float | int | None) -> str:
    return "" if amount is None else money.euros(amount)
