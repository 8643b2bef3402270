"""The radar chart of the six dimensions, as SVG geometry the template draws (no client-side
chart library: the page and the PDF draw the same points)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Drawing size in SVG user units; the chart scales with its container.
SIZE = 420
CENTRE = SIZE / 2
RADIUS = 140
RINGS = (25, 50, 75, 100)


@dataclass(frozen=True)
class AxisLabel:
    text: str
    x: float
    y: float
    #: SVG text-anchor: labels left of the centre end at their point, right ones start there.
    anchor: str


@dataclass(frozen=True)
class Radar:
    size: int
    centre: float
    axes: list[tuple[float, float]]
    rings: list[str]
    labels: list[AxisLabel]
    #: SVG "points" attributes: this assessment, the previous one, the peers (or "").
    current: str
    previous: str
    peers: str


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    """Axis ``index`` of ``count`` starts at the top and turns clockwise; ``value`` is 0-100."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * max(0.0, min(100.0, value)) / 100
    return CENTRE + distance * math.cos(angle), CENTRE + distance * math.sin(angle)


def points(values: Sequence[float]) -> list[tuple[float, float]]:
    return [_point(i, len(values), value) for i, value in enumerate(values)]


def _svg(values: Sequence[float] | None) -> str:
    if values is None:
        return ""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points(values))


def radar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    previous: Sequence[float] | None = None,
    peers: Sequence[float] | None = None,
) -> Radar:
    count = len(values)
    labelled = []
    for index, text in enumerate(labels):
        x, y = _point(index, count, 118)
        anchor = "middle" if abs(x - CENTRE) < 1 else ("start" if x > CENTRE else "end")
        labelled.append(AxisLabel(text=text, x=round(x, 1), y=round(y + 4, 1), anchor=anchor))
    return Radar(
        size=SIZE,
        centre=CENTRE,
        axes=[(round(x, 1), round(y, 1)) for x, y in points([100.0] * count)],
        rings=[_svg([ring] * count) for ring in RINGS],
        labels=labelled,
        current=_svg(values),
        previous=_svg(previous),
        peers=_svg(peers),
    )
