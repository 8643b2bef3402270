"""The small directory that the tests of the directory's two paths (the in-memory index and
the database) share."""

import pytest

from maillage.ecosystem.models import NaceCode
from maillage.ecosystem.tests.factories import (
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)


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
