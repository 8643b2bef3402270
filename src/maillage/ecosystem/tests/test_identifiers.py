import pytest
from django.utils import translation

from maillage.ecosystem.identifiers import (
    InvalidIdentifierError,
    normalise_enterprise_number,
    normalise_vat_number,
    province_for_postcode,
)


@pytest.mark.parametrize(
    "raw", ["0403.170.701", "0403 170 701", "BE0403170701", "be 0403.170.701", "403170701"]
)
def test_enterprise_number_accepted_spellings(raw: str) -> None:
    assert normalise_enterprise_number(raw) == "0403170701"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0403.170.702", "The check digits of 0403.170.702 are wrong (expected 01)."),
        ("0403.170.70", "An enterprise number has 10 digits; 9 were given."),
        ("04031707011", "An enterprise number has 10 digits; 11 were given."),
        ("2403170701", "An enterprise number starts with 0 or 1."),
        ("abc", "An enterprise number has 10 digits; none were given."),
    ],
)
@pytest.mark.usefixtures("english")
def test_enterprise_number_rejected_with_reason(raw: str, message: str) -> None:
    with pytest.raises(InvalidIdentifierError) as excinfo:
        normalise_enterprise_number(raw)
    assert str(excinfo.value) == message


def test_enterprise_number_message_in_french_by_default() -> None:
    with translation.override("fr"), pytest.raises(InvalidIdentifierError) as excinfo:
        normalise_enterprise_number("0403.170.702")
    assert str(excinfo.value) == (
        "Les chiffres de contrôle de 0403.170.702 sont erronés (attendu : 01)."
    )


def test_vat_number_normalised() -> None:
    assert normalise_vat_number("fr 12.345.678.901") == "FR12345678901"


def test_vat_number_without_country_rejected() -> None:
    with pytest.raises(InvalidIdentifierError):
        normalise_vat_number("12345678")


@pytest.mark.parametrize(
    ("country", "postcode", "province"),
    [
        ("BE", "4000", "WLG"),
        ("BE", "1348", "WBR"),
        ("BE", "5000", "WNA"),
        ("BE", "7000", "WHT"),
        ("BE", "6700", "WLX"),
        ("BE", "6000", "WHT"),
        ("BE", "1000", "BRU"),
        ("BE", "9000", "VOV"),
        ("FR", "59000", ""),
        ("BE", "12", ""),
    ],
)
def test_province_for_postcode(country: str, postcode: str, province: str) -> None:
    assert province_for_postcode(country, postcode) == province
