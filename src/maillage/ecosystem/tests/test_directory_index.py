"""The in-memory index and the SQL query must give the same organisations for any filters."""

import itertools

import pytest

from maillage.ecosystem import directory_index
from maillage.ecosystem.models import NaceCode
from maillage.ecosystem.queries import DirectoryFilters, directory_page, organisations_for_directory
from maillage.ecosystem.tests.factories import (
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_directory() -> None:
    axis = DomainFactory(code="industry", label_fr="Industrie", label_en="Industry")
    robots = DomainFactory(code="robots", label_fr="Robotique", label_en="Robotics", parent=axis)
    food = DomainFactory(code="food", label_fr="Agroalimentaire", label_en="Food")
    nace = NaceCode.objects.create(code="62.01", label_fr="Programmation", label_en="Programming")
    cluster = NetworkFactory(name="Cluster Méca", slug="meca")
    pole = NetworkFactory(name="Pôle Santé", slug="sante", kind="pole")
    kinds = ["sme", "startup", "university"]
    places = [("4000", "Liège", "WLG"), ("5000", "Namur", "WNA"), ("1000", "Bruxelles", "BRU")]
    for number in range(12):
        postcode, city, province = places[number % 3]
        organisation = OrganisationFactory(
            name=f"Société {number}",
            kind=kinds[number % 3],
            postcode=postcode,
            city=city,
            province=province,
            country="BE" if number % 4 else "FR",
            size_band=["micro", "small", ""][number % 3],
            descriptions={"fr": "Ingénierie mécanique" if number % 2 else "Études de marché"},
        )
        if number % 2:
            organisation.domains.add(robots)
        if number % 5 == 0:
            organisation.domains.add(food)
        if number % 3 == 0:
            organisation.nace_codes.add(nace)
        if number % 2:
            MembershipFactory(organisation=organisation, network=cluster)
        if number % 3 == 1:
            MembershipFactory(organisation=organisation, network=pole)


FILTER_VALUES = {
    "q": ["", "ingenierie", "robotics", "etudes liege", "industrie", "agro"],
    "kind": ["", "sme", "university"],
    "network": ["", "meca", "sante"],
    "domain": ["", "industry", "robots", "food"],
    "nace": ["", "62", "62.01"],
    "province": ["", "WLG"],
    "country": ["", "FR"],
}


def test_directory_index_agrees_with_sql(small_directory: None) -> None:
    names = list(FILTER_VALUES)
    # Every query with each single filter, then a fixed sample of full combinations.
    cases = [
        {"q": q, name: value}
        for q in FILTER_VALUES["q"]
        for name in names[1:]
        for value in FILTER_VALUES[name]
    ]
    combinations = list(itertools.product(*FILTER_VALUES.values()))
    cases += [dict(zip(names, values, strict=True)) for values in combinations[::37]]
    for case in cases:
        filters = DirectoryFilters(**case)
        expected = list(
            organisations_for_directory(None, filters)
            .order_by("name", "id")
            .values_list("name", flat=True)
        )
        page = directory_page(None, filters)
        assert [o.name for o in page.page] == expected[:25], filters


def test_directory_facets_agree_with_sql_counts(small_directory: None) -> None:
    filters = DirectoryFilters(q="ingenierie", province="WLG")
    facets = {facet.name: facet for facet in directory_page(None, filters).facets}
    for facet_name in DirectoryFilters.FACETS:
        for option in facets[facet_name].options:
            narrowed = DirectoryFilters(**{**filters.as_params(), facet_name: option.value})
            assert organisations_for_directory(None, narrowed).count() >= option.count
            if facet_name not in {"domain", "nace"}:
                assert organisations_for_directory(None, narrowed).count() == option.count


def test_directory_index_rebuilt_after_a_change(small_directory: None) -> None:
    first = directory_index.directory_index()
    assert directory_index.directory_index() is first
    OrganisationFactory(name="Nouvelle")
    assert len(directory_index.directory_index().entries) == len(first.entries) + 1
