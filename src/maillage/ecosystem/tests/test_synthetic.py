"""The synthetic population: deterministic, valid identifiers, realistic shape."""

from datetime import UTC, datetime

import pytest

from maillage.ecosystem.identifiers import normalise_enterprise_number, province_for_postcode
from maillage.ecosystem.models import Contact, Membership, Organisation
from maillage.ecosystem.seed import load_seed_data
from maillage.ecosystem.synthetic import enterprise_number_from, generate_population
from maillage.ecosystem.text import fold
from maillage.marketplace.models import Listing

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def population() -> list[str]:
    load_seed_data()
    return generate_population(count=200, seed=7, today=TODAY).names


def test_generate_population_same_seed_gives_same_names(population: list[str]) -> None:
    Organisation.objects.filter(synthetic=True).delete()

    again = generate_population(count=200, seed=7, today=TODAY).names

    assert again == population


def test_generate_population_other_seed_gives_other_names(population: list[str]) -> None:
    Organisation.objects.filter(synthetic=True).delete()

    other = generate_population(count=200, seed=8, today=TODAY).names

    assert other != population


def test_generate_population_creates_the_asked_count(population: list[str]) -> None:
    assert len(population) == 200
    assert len(set(population)) == 200
    assert Organisation.objects.filter(synthetic=True).count() == 200


def test_generate_population_gives_valid_enterprise_numbers(population: list[str]) -> None:
    belgian = Organisation.objects.filter(synthetic=True, country="BE")

    numbers = list(belgian.values_list("enterprise_number", flat=True))

    assert numbers
    assert all(normalise_enterprise_number(number) == number for number in numbers)
    assert len(set(numbers)) == len(numbers)


def test_generate_population_gives_foreigners_a_vat_number(population: list[str]) -> None:
    foreign = Organisation.objects.filter(synthetic=True).exclude(country="BE")

    assert foreign.exists()
    assert not foreign.filter(vat_number="").exists()
    assert not foreign.exclude(enterprise_number="").exists()
    assert all(vat[:2] == country for vat, country in foreign.values_list("vat_number", "country"))


def test_generate_population_derives_provinces_from_postcodes(population: list[str]) -> None:
    rows = Organisation.objects.filter(synthetic=True).values_list(
        "country", "postcode", "province"
    )

    assert all(province == province_for_postcode(country, code) for country, code, province in rows)
    assert Organisation.objects.filter(synthetic=True, province="WLG").exists()


def test_generate_population_links_members_to_networks(population: list[str]) -> None:
    members = Organisation.objects.filter(synthetic=True)

    assert not members.filter(memberships=None).exists()
    assert Membership.objects.filter(organisation__synthetic=True).count() >= 200
    shared = [org for org in members.prefetch_related("memberships") if org.memberships.count() > 1]
    assert shared


def test_generate_population_fills_search_text(population: list[str]) -> None:
    organisation = Organisation.objects.filter(synthetic=True).first()

    # PostgreSQL's jsonb does not keep the order of the languages: compare the words.
    assert set(organisation.search_text.split()) == set(organisation.build_search_text().split())
    assert fold(organisation.name) in organisation.search_text


def test_generate_population_writes_synthetic_listings_some_expired(population: list[str]) -> None:
    listings = Listing.objects.filter(organisation__synthetic=True)

    assert listings.exists()
    assert not listings.filter(synthetic=False).exists()
    assert listings.filter(expires_at__lt=TODAY).exists()
    assert listings.filter(expires_at__gt=TODAY).exists()
    assert set(listings.values_list("category", flat=True)) == {
        "technology",
        "business",
        "rd_partner",
    }


def test_generate_population_adds_contacts_some_public(population: list[str]) -> None:
    contacts = Contact.objects.filter(organisation__synthetic=True)

    assert contacts.filter(public_consent=True).exists()
    assert contacts.filter(public_consent=False).exists()


def test_generate_population_twice_is_a_noop(population: list[str]) -> None:
    summary = generate_population(count=200, seed=7, today=TODAY)

    assert summary.organisations == 0
    assert Organisation.objects.filter(synthetic=True).count() == 200


def test_generate_population_without_seed_data_is_refused() -> None:
    with pytest.raises(RuntimeError, match="seed data"):
        generate_population(count=5)


def test_enterprise_number_from_adds_mod_97_check_digits() -> None:
    assert enterprise_number_from(4031707) == "0403170701"
