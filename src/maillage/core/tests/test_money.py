"""Amounts in euros: grouped and signed the way each language writes them."""

from decimal import Decimal

import pytest
from django.utils import translation

from maillage.core.money import euros


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€1,250,000"), ("fr", "1\xa0250\xa0000\xa0€"), ("nl", "€\xa01.250.000")],
)
def test_euros_place_the_sign_and_group_digits_as_the_language_does(
    language: str, expected: str
) -> None:
    with translation.override(language):
        assert euros(Decimal("1249999.60")) == expected
