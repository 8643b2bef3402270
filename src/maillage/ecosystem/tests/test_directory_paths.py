"""The same filters through the directory page, the API, the exports and the map give the same
organisations: the page is the reference, and an ended membership counts nowhere."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.test import Client

from maillage.ecosystem.models import NaceCode, Organisation
from maillage.ecosystem.tests.factories import (
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

ENDED = dt.date(2020, 12, 31)


@pytest.fixture
def directory() -> None:
    digital = DomainFactory(code="digital", label_fr="Numérique", label_en="Digital")
    ai = DomainFactory(code="ai", label_fr="IA", label_en="AI", parent=digital)
    food = DomainFactory(code="food", label_fr="Alimentation", label_en="Food")
    nace = NaceCode.objects.create(code="62.01", label_fr="Programmation", label_en="Programming")
    alpha = NetworkFactory(name="Cluster Alpha", slug="alpha")
    beta = NetworkFactory(name="Pôle Beta", slug="beta", kind="pole")
    current = OrganisationFactory(
        name="Current Member SA",
        kind="sme",
        province="WLG",
        size_band="small",
        descriptions={"fr": "Intelligence artificielle appliquée."},
    )
    current.domains.add(ai)
    MembershipFactory(organisation=current, network=alpha)
    former = OrganisationFactory(
        name="Former Member SA", kind="sme", province="WNA", postcode="5000", city="Namur"
    )
    former.domains.add(ai)
    MembershipFactory(
        organisation=former, network=alpha, start_date=dt.date(2015, 1, 1), end_date=ENDED
    )
    both = OrganisationFactory(name="Both Networks SRL", kind="startup", province="WLG")
    both.domains.add(food)
    MembershipFactory(organisation=both, network=alpha)
    MembershipFactory(organisation=both, network=beta)
    university = OrganisationFactory(name="Beta Only ASBL", kind="university", province="WLG")
    university.nace_codes.add(nace)
    MembershipFactory(organisation=university, network=beta)
    MembershipFactory(
        organisation=university, network=alpha, start_date=dt.date(2012, 1, 1), end_date=ENDED
    )
    # A partner cluster abroad, and foreign organisations that come from it (or from none).
    gamma = NetworkFactory(name="Pôle Gamma", slug="gamma", kind="pole", country="FR", province="")
    outsider = OrganisationFactory(
        name="Outsider SAS",
        kind="sme",
        country="FR",
        postcode="75001",
        province="",
        origin_cluster=gamma,
    )
    outsider.domains.add(digital)
    OrganisationFactory(
        name="Gamma Lab SAS",
        kind="research_centre",
        country="FR",
        postcode="69001",
        province="",
        origin_cluster=gamma,
    )
    OrganisationFactory(
        name="Kein Cluster GmbH", kind="sme", country="DE", postcode="10115", province=""
    )


CASES: list[dict[str, str | list[str]]] = [
    {},
    {"cluster": "alpha"},
    {"network": "alpha"},
    {"cluster": "beta"},
    {"cluster": ["alpha", "beta"]},
    {"domain": "digital"},
    {"domain": "ai"},
    {"domain": "food", "cluster": "beta"},
    {"q": "artificielle"},
    {"q": "member"},
    {"q": "ia"},
    {"q": "intelligence", "domain": "digital"},
    {"kind": "sme", "cluster": "alpha"},
    {"kind": ["sme", "university"]},
    {"province": "wlg"},
    {"province": "WLG", "cluster": "alpha"},
    {"nace": "62"},
    {"country": "fr"},
    {"country": ["FR", "de"]},
    {"country": "fr", "kind": "sme"},
    {"partner_cluster": "gamma"},
    {"partner_cluster": "gamma", "kind": "research_centre"},
    {"partner_cluster": "gamma", "country": "de"},
    {"partner_cluster": "gamma", "domain": "digital"},
    {"partner_cluster": ["gamma", "alpha"]},
    {"partner_cluster": "unknown"},
    {"size": "small"},
    {"cluster": "unknown"},
]


def page_names(client: Client, params: dict[str, str | list[str]]) -> list[str]:
    response = client.get(f"/organisations/?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.num_pages == 1
    return [organisation.name for organisation in page]


def api_names(client: Client, params: dict[str, str | list[str]]) -> list[str]:
    renamed = {("search" if name == "q" else name): value for name, value in params.items()}
    response = client.get(f"/api/v1/organisations?limit=500&{urlencode(renamed, doseq=True)}")
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def export_rows(client: Client, params: dict[str, str | list[str]]) -> list[list[str]]:
    response = client.get(f"/organisations/export.csv?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [line.split(";") for line in text.split("\r\n")[1:] if line]


def map_counts(client: Client, params: dict[str, str | list[str]]) -> dict[str, int]:
    response = client.get(f"/map/?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    return {node.node.slug: node.node.member_count for node in response.context["layout"].nodes}


@pytest.mark.parametrize("params", CASES, ids=lambda params: urlencode(params, doseq=True) or "all")
def test_page_api_export_and_map_agree(
    client: Client, directory: None, params: dict[str, str | list[str]]
) -> None:
    listed = page_names(client, params)
    assert api_names(client, params) == listed
    assert [row[0] for row in export_rows(client, params)] == listed
    # The map counts, for each cluster or pole, its current members among what the page lists.
    networks = ("alpha", "beta", "gamma")
    members = {slug: set(page_names(client, {"cluster": slug})) for slug in networks}
    assert map_counts(client, params) == {
        slug: len(members[slug] & set(listed)) for slug in networks
    }


def test_ended_memberships_count_nowhere(client: Client, directory: None) -> None:
    """The issue's case: a member of a cluster, and a former one whose membership ended."""
    expected = ["Both Networks SRL", "Current Member SA"]
    assert page_names(client, {"cluster": "alpha"}) == expected
    assert api_names(client, {"cluster": "alpha"}) == expected
    rows = export_rows(client, {"cluster": "alpha"})
    assert [(row[0], row[-2]) for row in rows] == [(name, "member") for name in expected]
    cluster = client.get("/api/v1/clusters/alpha").json()
    assert [m["organisation"]["name"] for m in cluster["members"]] == expected
    former = client.get("/api/v1/organisations?search=former").json()["items"][0]
    assert former["clusters"] == []
    page = client.get("/organisations/former-member-sa/").context["page"]
    assert page.memberships == []


def test_axis_selects_its_sub_domains_everywhere(client: Client, directory: None) -> None:
    expected = ["Current Member SA", "Former Member SA", "Outsider SAS"]
    assert page_names(client, {"domain": "digital"}) == expected
    assert api_names(client, {"domain": "digital"}) == expected
    assert [row[0] for row in export_rows(client, {"domain": "digital"})] == expected


def test_page_links_carry_its_filters_to_export_and_map(client: Client, directory: None) -> None:
    html = client.get("/organisations/?network=alpha&kind=sme").content.decode()
    assert 'href="/organisations/export.csv?kind=sme&amp;cluster=alpha"' in html
    assert 'href="/organisations/export.xlsx?kind=sme&amp;cluster=alpha"' in html
    assert 'href="/map/?kind=sme&amp;cluster=alpha"' in html


def test_cluster_page_links_to_its_members_with_the_cluster_parameter(
    client: Client, directory: None
) -> None:
    alpha = Organisation.objects.get(slug="alpha")
    html = client.get(f"/organisations/{alpha.slug}/").content.decode()
    assert "/organisations/?cluster=alpha" in html
    assert "network=" not in html


def test_partner_cluster_selects_the_organisations_that_come_from_it(
    client: Client, directory: None
) -> None:
    """Not the members of the cluster (it has none here), nor the cluster itself: the foreign
    organisations whose cluster of origin it is, on every path."""
    expected = ["Gamma Lab SAS", "Outsider SAS"]
    params: dict[str, str | list[str]] = {"partner_cluster": "gamma"}
    assert page_names(client, params) == expected
    assert api_names(client, params) == expected
    assert [row[0] for row in export_rows(client, params)] == expected
    assert page_names(client, {"country": "fr"}) == ["Gamma Lab SAS", "Outsider SAS", "Pôle Gamma"]
    assert page_names(client, {"country": "de"}) == ["Kein Cluster GmbH"]


def test_partner_cluster_facet_and_links(client: Client, directory: None) -> None:
    response = client.get("/organisations/?country=FR")
    facets = response.context["directory"].facets
    facet = next(f for f in facets if f.name == "partner_cluster")
    assert [(option.value, option.label, option.count) for option in facet.options] == [
        ("gamma", "Pôle Gamma", 2)
    ]
    lab = client.get("/organisations/gamma-lab-sas/").content.decode()
    assert 'href="/organisations/gamma/"' in lab
    gamma = client.get("/organisations/gamma/").content.decode()
    assert "/organisations/?partner_cluster=gamma" in gamma
    body = client.get("/api/v1/organisations/gamma-lab-sas").json()
    assert body["partner_cluster"] == {"slug": "gamma", "name": "Pôle Gamma", "kind": "pole"}
    assert client.get("/api/v1/organisations/gamma").json()["partner_cluster"] is None
