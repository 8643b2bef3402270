"""Layout of the ecosystem map: clusters and poles on a circle, grouped by strategic axis.

A pure function (no Django, no randomness): the same networks and shared-member counts always
give the same drawing, so the page is cacheable and the layout is testable. Nodes are sized by
member count (area proportional to it) and edges weighted by the members two networks share.
"""

import math
from dataclasses import dataclass

#: Fill colours by kind (colour-blind-safe pair from the Okabe-Ito palette) and a fallback.
KIND_COLOURS = {"pole": "#0072b2", "cluster": "#e69f00"}
OTHER_COLOUR = "#999999"


@dataclass(frozen=True)
class MapNode:
    key: int
    slug: str
    label: str
    kind: str
    #: Strategic axis label ("" when unknown) and its sort order.
    group: str
    group_order: int
    member_count: int


@dataclass(frozen=True)
class PlacedNode:
    node: MapNode
    x: float
    y: float
    radius: float
    colour: str
    label_x: float
    label_y: float
    #: SVG text-anchor for the label: "start" on the right half, "end" on the left.
    anchor: str


@dataclass(frozen=True)
class PlacedEdge:
    source: PlacedNode
    target: PlacedNode
    shared: int
    width: float
    opacity: float


@dataclass(frozen=True)
class MapLayout:
    width: int
    height: int
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    #: Groups in drawing order, for a legend.
    groups: list[str]

    def strongest(self, limit: int = 15) -> list[PlacedEdge]:
        """The pairs sharing the most members, ties broken by names."""
        return sorted(
            self.edges, key=lambda e: (-e.shared, e.source.node.label, e.target.node.label)
        )[:limit]


def layout_network_map(
    nodes: list[MapNode],
    shared: dict[tuple[int, int], int],
    *,
    size: int = 760,
    min_radius: float = 6.0,
    max_radius: float = 30.0,
    min_width: float = 1.0,
    max_width: float = 10.0,
) -> MapLayout:
    """Place ``nodes`` on a circle, ordered by group, then kind, then label, with one empty
    slot between groups; draw an edge for every pair in ``shared`` with a positive count.

    ``shared`` keys are node-key pairs in either order; pairs naming an unknown node are ignored.
    """
    ordered = sorted(nodes, key=lambda n: (n.group_order, n.group, n.kind, n.label, n.key))
    groups: list[str] = []
    slots: list[int] = []
    slot = 0
    for index, node in enumerate(ordered):
        if index and node.group != ordered[index - 1].group:
            slot += 1  # a gap marks where one strategic axis ends and the next begins
        if not groups or groups[-1] != node.group:
            groups.append(node.group)
        slots.append(slot)
        slot += 1
    slot_count = max(slot, 1)

    centre = size / 2
    # Room for labels outside the circle.
    ring = centre - max_radius - 110
    biggest = max((n.member_count for n in ordered), default=0)
    placed: dict[int, PlacedNode] = {}
    result_nodes = []
    for node, position in zip(ordered, slots, strict=True):
        angle = 2 * math.pi * position / slot_count - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        scale = math.sqrt(node.member_count / biggest) if biggest else 0.0
        radius = round(min_radius + (max_radius - min_radius) * scale, 1)
        x, y = round(centre + ring * cos, 1), round(centre + ring * sin, 1)
        label_distance = ring + radius + 6
        item = PlacedNode(
            node=node,
            x=x,
            y=y,
            radius=radius,
            colour=KIND_COLOURS.get(node.kind, OTHER_COLOUR),
            label_x=round(centre + label_distance * cos, 1),
            label_y=round(centre + label_distance * sin + 4, 1),
            anchor="start" if cos >= -1e-9 else "end",
        )
        placed[node.key] = item
        result_nodes.append(item)

    pairs: dict[tuple[int, int], int] = {}
    for (first, second), count in shared.items():
        if count > 0 and first != second and first in placed and second in placed:
            key = (min(first, second), max(first, second))
            pairs[key] = pairs.get(key, 0) + count
    strongest = max(pairs.values(), default=0)
    edges = []
    for (first, second), count in sorted(pairs.items()):
        share = count / strongest
        edges.append(
            PlacedEdge(
                source=placed[first],
                target=placed[second],
                shared=count,
                width=round(min_width + (max_width - min_width) * share, 2),
                opacity=round(0.15 + 0.7 * share, 2),
            )
        )
    # Draw thin edges first so the strong ties stay visible on top.
    edges.sort(key=lambda e: (e.shared, e.source.node.key, e.target.node.key))
    return MapLayout(width=size, height=size, nodes=result_nodes, edges=edges, groups=groups)
