import datetime as dt

import pytest
from django.test import Client

from maillage.api.tests.conftest import problem
from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.tests.factories import (
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_clusters_lists_clusters_and_poles_with_member_counts(client: Client) -> None:
    pole = NetworkFactory(name="MecaTech", kind=Organisation.Kind.POLE)
    cluster = NetworkFactory(name="Infopole Cluster TIC", short_name="Infopole")
    OrganisationFactory(name="Not A Network SA")
    for _ in range(2):
        MembershipFactory(network=pole)
    MembershipFactory(network=cluster)
    response = client.get("/api/v1/clusters")
    assert response.status_code == 200
    assert [(c["name"], c["kind"], c["member_count"]) for c in response.json()["items"]] == [
        ("Infopole Cluster TIC", "cluster", 1),
        ("MecaTech", "pole", 2),
    ]


def test_clusters_count_and_list_current_members_only(client: Client) -> None:
    cluster = NetworkFactory(name="Cluster Alpha")
    MembershipFactory(network=cluster, organisation=OrganisationFactory(name="Stays SA"))
    MembershipFactory(
        network=cluster,
        organisation=OrganisationFactory(name="Left SA"),
        end_date=dt.date(2020, 12, 31),
    )
    assert client.get("/api/v1/clusters").json()["items"][0]["member_count"] == 1
    body = client.get(f"/api/v1/clusters/{cluster.slug}").json()
    assert body["member_count"] == 1
    assert [m["organisation"]["name"] for m in body["members"]] == ["Stays SA"]


def test_clusters_filter_kind_and_search(client: Client) -> None:
    NetworkFactory(name="Pôle MecaTech", kind=Organisation.Kind.POLE)
    NetworkFactory(name="Infopole Cluster TIC")
    poles = client.get("/api/v1/clusters?kind=pole").json()["items"]
    assert [c["name"] for c in poles] == ["Pôle MecaTech"]
    found = client.get("/api/v1/clusters?search=POLE%20meca").json()["items"]
    assert [c["name"] for c in found] == ["Pôle MecaTech"]


def test_cluster_detail_with_members(client: Client) -> None:
    cluster = NetworkFactory(name="Cluster Alpha", descriptions={"en": "Alpha."})
    cluster.domains.add(DomainFactory(code="robotics"))
    zeta = OrganisationFactory(name="Zeta SA")
    alpha = OrganisationFactory(name="Alpha SA")
    MembershipFactory(organisation=zeta, network=cluster, role=Membership.Role.FOUNDER)
    MembershipFactory(organisation=alpha, network=cluster)
    body = client.get(f"/api/v1/clusters/{cluster.slug}").json()
    assert body["member_count"] == 2
    assert body["domains"] == ["robotics"]
    assert body["descriptions"] == {"en": "Alpha."}
    assert body["members"] == [
        {
            "organisation": {"id": alpha.pk, "slug": "alpha-sa", "name": "Alpha SA", "kind": "sme"},
            "role": "member",
            "start_date": None,
            "end_date": None,
        },
        {
            "organisation": {"id": zeta.pk, "slug": "zeta-sa", "name": "Zeta SA", "kind": "sme"},
            "role": "founder",
            "start_date": None,
            "end_date": None,
        },
    ]


def test_cluster_detail_of_a_non_network_is_404(client: Client) -> None:
    organisation = OrganisationFactory(name="Plain SA")
    problem(client.get(f"/api/v1/clusters/{organisation.slug}"), 404, "not_found")


@pytest.mark.parametrize("rows", [1, 3])
def test_cluster_list_query_count(
    client: Client, django_assert_num_queries: object, rows: int
) -> None:
    for _ in range(rows):
        MembershipFactory(network=NetworkFactory())
    with django_assert_num_queries(2):  # type: ignore[operator]
        response = client.get("/api/v1/clusters")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_cluster_detail_query_count(
    client: Client, django_assert_num_queries: object, rows: int
) -> None:
    cluster = NetworkFactory(name="Cluster Alpha")
    for _ in range(rows):
        MembershipFactory(network=cluster)
    # cluster, its domains, its memberships with their organisations
    with django_assert_num_queries(3):  # type: ignore[operator]
        response = client.get("/api/v1/clusters/cluster-alpha")
    assert len(response.json()["members"]) == rows


def test_clusters_kind_must_be_cluster_or_pole(client: Client) -> None:
    body = problem(client.get("/api/v1/clusters?kind=sme"), 422, "validation_failed")
    assert list(body["errors"]) == ["kind"]
