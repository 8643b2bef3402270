from typing import Any

import pytest
from django.test import Client

from maillage.api.tests.conftest import problem
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import (
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

POLES = ["BioWin", "Greenwin", "Logistics in Wallonia", "MecaTech", "Skywin", "Wagralim"]


@pytest.fixture
def poles() -> dict[str, Organisation]:
    result = {
        name: NetworkFactory(
            name=f"Pôle de compétitivité {name}",
            short_name=name,
            kind=Organisation.Kind.POLE,
            descriptions={"fr": f"Le pôle {name}."},
        )
        for name in POLES
    }
    NetworkFactory(name="Infopole Cluster TIC", short_name="Infopole")
    # A member that mentions the pole in its description, and sorts before it by name.
    member = OrganisationFactory(
        name="Atelier Mécanique SA", descriptions={"fr": "Membre actif de MecaTech."}
    )
    MembershipFactory(organisation=member, network=result["MecaTech"])
    return result


def names(response: object) -> list[str]:
    return [item["short_name"] or item["name"] for item in response.json()["items"]]  # type: ignore[attr-defined]


def test_search_mecatech_finds_the_pole_first(client: Client, poles: dict) -> None:
    response = client.get("/api/v1/organisations?search=mecatech")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["items"][0]["slug"] == poles["MecaTech"].slug
    assert body["items"][0]["kind"] == "pole"
    assert body["items"][0]["name"] == "Pôle de compétitivité MecaTech"
    assert body["items"][1]["name"] == "Atelier Mécanique SA"


def test_kind_pole_lists_the_six_poles(client: Client, poles: dict) -> None:
    response = client.get("/api/v1/organisations?kind=pole&limit=100")
    assert response.status_code == 200
    assert response.json()["count"] == 6
    assert sorted(names(response)) == POLES
    assert {item["kind"] for item in response.json()["items"]} == {"pole"}


def test_search_is_accent_and_case_insensitive(client: Client, poles: dict) -> None:
    assert names(client.get("/api/v1/organisations?search=POLE%20competitivite%20skywin")) == [
        "Skywin"
    ]
    assert names(client.get("/api/v1/organisations?search=mécanique")) == ["Atelier Mécanique SA"]


def test_search_every_word_must_match(client: Client, poles: dict) -> None:
    response = client.get("/api/v1/organisations?search=skywin%20biowin")
    assert response.json()["count"] == 0


def test_filter_by_cluster_country_province_domain(client: Client) -> None:
    cluster = NetworkFactory(name="Cluster Alpha")
    domain = DomainFactory(code="robotics")
    inside = OrganisationFactory(name="Inside SA", postcode="5000", province="WNA")
    inside.domains.add(domain)
    MembershipFactory(organisation=inside, network=cluster)
    OrganisationFactory(name="Outside SA", country="FR", postcode="75001", province="")
    assert names(client.get("/api/v1/organisations?cluster=cluster-alpha")) == ["Inside SA"]
    assert names(client.get("/api/v1/organisations?country=fr")) == ["Outside SA"]
    assert names(client.get("/api/v1/organisations?province=WNA")) == ["Inside SA"]
    assert names(client.get("/api/v1/organisations?domain=robotics")) == ["Inside SA"]
    assert names(client.get("/api/v1/organisations?cluster=unknown")) == []


def test_list_pagination_counts_all_pages(client: Client) -> None:
    for index in range(5):
        OrganisationFactory(name=f"Org {index}")
    body = client.get("/api/v1/organisations?limit=2&offset=2").json()
    assert body["count"] == 5
    assert body["limit"] == 2
    assert body["offset"] == 2
    assert [item["name"] for item in body["items"]] == ["Org 2", "Org 3"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
        ("kind=spaceship", "kind"),
        ("limit=abc", "limit"),
    ],
)
def test_list_bad_query_is_422_naming_the_parameter(client: Client, query: str, field: str) -> None:
    body = problem(client.get(f"/api/v1/organisations?{query}"), 422, "validation_failed")
    assert list(body["errors"]) == [field]


def test_list_ignores_unknown_query_parameters(client: Client) -> None:
    OrganisationFactory(name="Only SA")
    assert names(client.get("/api/v1/organisations?colour=blue")) == ["Only SA"]


def test_organisation_fields(client: Client) -> None:
    cluster = NetworkFactory(name="Cluster Alpha", short_name="Alpha")
    domain = DomainFactory(code="robotics")
    organisation = OrganisationFactory(
        name="Fabrique Nationale SA",
        short_name="FN",
        enterprise_number="0403170701",
        website="https://fn.example",
        size_band="large",
        synthetic=True,
        descriptions={"fr": "Armes.", "en": "Arms."},
    )
    organisation.domains.add(domain)
    MembershipFactory(organisation=organisation, network=cluster)
    response = client.get(f"/api/v1/organisations/{organisation.slug}")
    assert response.status_code == 200
    assert response.json() == {
        "id": organisation.pk,
        "slug": "fabrique-nationale-sa",
        "name": "Fabrique Nationale SA",
        "short_name": "FN",
        "kind": "sme",
        "enterprise_number": "0403.170.701",
        "vat_number": "",
        "country": "BE",
        "address": "",
        "postcode": "4000",
        "city": "Liège",
        "province": "WLG",
        "website": "https://fn.example",
        "size_band": "large",
        "domains": ["robotics"],
        "nace_codes": [],
        "descriptions": {"fr": "Armes.", "en": "Arms."},
        "synthetic": True,
        "clusters": [{"slug": "cluster-alpha", "name": "Cluster Alpha", "kind": "cluster"}],
        "partner_cluster": None,
        "logo_url": None,
        "logo_thumbnail_url": None,
    }


def test_organisation_by_numeric_id(client: Client) -> None:
    organisation = OrganisationFactory(name="Numbered SA")
    response = client.get(f"/api/v1/organisations/{organisation.pk}")
    assert response.json()["slug"] == "numbered-sa"


def test_organisation_unknown_is_404_problem(client: Client) -> None:
    body = problem(client.get("/api/v1/organisations/nope"), 404, "not_found")
    assert body["detail"] == "No organisation has the slug or id nope."


@pytest.mark.parametrize("in_database", [False, True])
@pytest.mark.parametrize("rows", [1, 3])
def test_organisation_list_query_count(
    client: Client, django_assert_num_queries: object, settings: Any, rows: int, in_database: bool
) -> None:
    settings.DIRECTORY_IN_DATABASE = in_database
    networks = [NetworkFactory(), NetworkFactory()]
    domains = [DomainFactory(), DomainFactory()]
    for _ in range(rows):
        organisation = OrganisationFactory(kind=Organisation.Kind.STARTUP)
        organisation.domains.set(domains)
        for network in networks:
            MembershipFactory(organisation=organisation, network=network)
    # Once per change, whatever the path that reads the directory first: the index built, or
    # the count and the page's ids kept in the shared cache.
    client.get("/api/v1/organisations?kind=startup")
    # the four fingerprint queries, page, domains, NACE codes, memberships with their
    # networks
    with django_assert_num_queries(8):  # type: ignore[operator]
        response = client.get("/api/v1/organisations?kind=startup")
    assert len(response.json()["items"]) == rows
    assert len(response.json()["items"][0]["clusters"]) == 2


@pytest.mark.parametrize("ref", ["%C2%B9", str(2**70)])
def test_organisation_refs_that_are_no_database_id_are_not_found(client: Client, ref: str) -> None:
    """ "¹" passes str.isdigit and a 70-bit number overflows the database: both are 404s."""
    assert client.get(f"/api/v1/organisations/{ref}").status_code == 404
