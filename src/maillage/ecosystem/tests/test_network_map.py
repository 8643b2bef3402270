import math
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from maillage.conftest import Cast
from maillage.ecosystem.network_map import KIND_COLOURS, MapNode, layout_network_map
from maillage.ecosystem.queries import network_map_data
from maillage.ecosystem.tests.factories import (
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)


def node(
    key: int,
    label: str,
    *,
    kind: str = "cluster",
    group: str = "A",
    order: int = 1,
    members: int = 10,
) -> MapNode:
    return MapNode(
        key=key,
        slug=f"n{key}",
        label=label,
        kind=kind,
        group=group,
        group_order=order,
        member_count=members,
    )


def test_layout_network_map_is_deterministic() -> None:
    nodes = [node(1, "Alpha"), node(2, "Beta", group="B", order=2), node(3, "Gamma", kind="pole")]
    shared = {(1, 2): 3, (2, 3): 1}
    assert layout_network_map(nodes, shared) == layout_network_map(list(reversed(nodes)), shared)


def test_layout_network_map_orders_by_axis_then_kind_then_label() -> None:
    nodes = [
        node(1, "Zeta", group="Health", order=2),
        node(2, "Beta", group="Industry", order=1),
        node(3, "Alpha", group="Industry", order=1, kind="pole"),
        node(4, "Alpha", group="Industry", order=1),
    ]
    layout = layout_network_map(nodes, {})
    assert [placed.node.key for placed in layout.nodes] == [4, 2, 3, 1]
    assert layout.groups == ["Industry", "Health"]


def test_layout_network_map_first_node_at_top_and_gap_between_axes() -> None:
    nodes = [node(1, "A", group="X", order=1), node(2, "B", group="Y", order=2)]
    layout = layout_network_map(nodes, {}, size=760)
    first, second = layout.nodes
    assert (first.x, first.y) == (380.0, 380.0 - (380 - 30 - 110))
    # Three slots (one left empty between the two axes): the second node is 240° clockwise
    # from the top, i.e. at 150° in SVG coordinates (y grows downwards).
    angle = math.atan2(second.y - 380, second.x - 380)
    assert round(math.degrees(angle)) == 150


def test_layout_network_map_sizes_nodes_by_members() -> None:
    nodes = [
        node(1, "Big", members=100),
        node(2, "Quarter", members=25),
        node(3, "Empty", members=0),
    ]
    radii = {placed.node.label: placed.radius for placed in layout_network_map(nodes, {}).nodes}
    assert radii == {"Big": 30.0, "Quarter": 18.0, "Empty": 6.0}


def test_layout_network_map_edges_weighted_by_shared_members() -> None:
    nodes = [node(1, "A"), node(2, "B"), node(3, "C")]
    layout = layout_network_map(nodes, {(2, 1): 4, (1, 3): 1, (2, 3): 0, (1, 99): 5})
    edges = {(e.source.node.key, e.target.node.key): (e.shared, e.width) for e in layout.edges}
    assert edges == {(1, 2): (4, 10.0), (1, 3): (1, 3.25)}
    assert [(e.source.node.label, e.target.node.label) for e in layout.strongest(1)] == [("A", "B")]


def test_layout_network_map_colours_by_kind() -> None:
    layout = layout_network_map([node(1, "P", kind="pole"), node(2, "C")], {})
    assert [placed.colour for placed in layout.nodes] == [
        KIND_COLOURS["cluster"],
        KIND_COLOURS["pole"],
    ]


def test_layout_network_map_empty() -> None:
    layout = layout_network_map([], {})
    assert (layout.nodes, layout.edges, layout.groups) == ([], [], [])


@pytest.mark.django_db
def test_network_map_data_counts_shared_members(cast: Cast) -> None:
    pole = NetworkFactory(name="Pole P", kind="pole")
    MembershipFactory(organisation=cast.alice_org, network=pole)
    MembershipFactory(organisation=cast.charlie_org, network=pole)
    axis = DomainFactory(code="axis", label_fr="Axe", label_en="Axis")
    pole.domains.add(DomainFactory(code="sub", parent=axis))
    # In French whatever language an earlier test's request left active in this thread.
    with translation.override("fr"):
        data = network_map_data(None)
    counts = {n.label: n.member_count for n in data.nodes}
    assert counts == {"Alpha": 2, "Omega": 1, "Pole P": 2}
    assert {n.label: n.group for n in data.nodes}["Pole P"] == "Axe"
    assert data.shared == {
        tuple(sorted((cast.cluster.pk, pole.pk))): 1,
        tuple(sorted((cast.other_cluster.pk, pole.pk))): 1,
    }


@pytest.mark.django_db
def test_network_map_page_draws_svg_and_table(client: Client, cast: Cast) -> None:
    MembershipFactory(organisation=cast.alice_org, network=cast.other_cluster)
    response = client.get("/map/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<circle ") == 2 + 2  # two networks, two legend dots
    assert html.count("<line ") == 1
    assert [
        (e.source.node.label, e.target.node.label, e.shared) for e in response.context["strongest"]
    ] == [("Alpha", "Omega", 1)]
    assert 'stroke-width="10.0"' in html  # unlocalised numbers, even in French


@pytest.mark.django_db
@pytest.mark.parametrize("in_database", [False, True])
def test_network_map_page_query_count_constant(
    client: Client, db: None, django_assert_num_queries, settings: Any, in_database: bool
) -> None:
    settings.DIRECTORY_IN_DATABASE = in_database
    clusters = [NetworkFactory() for _ in range(3)]
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, network=clusters[0])
    # The networks and their domains, beside the directory's four fingerprint queries, and
    # then the index (six more when a change made it rebuild), or in the database the
    # memberships (and three for the labels after a change).
    changed, unchanged = (2 + 4 + 3 + 1, 2 + 4 + 1) if in_database else (2 + 4 + 6, 2 + 4)
    with django_assert_num_queries(changed):
        client.get("/map/")
    with django_assert_num_queries(unchanged):
        client.get("/map/")
    for cluster in clusters[1:]:
        MembershipFactory(organisation=organisation, network=cluster)
    client.get("/map/")
    with django_assert_num_queries(unchanged):
        response = client.get("/map/")
    assert len(response.context["layout"].edges) == 3
