"""Peer benchmarks: who the peers are, which groups a release publishes, and what is answered.

A peer is an organisation's latest *completed* assessment with a score (drafts never count).
Groups are given by three filters, each optional: ``sector`` (the organisation's sector, in the
one meaning of ``ecosystem.sectors``: the strategic axis most of its domains fall under),
``size`` (the directory's size band) and ``province`` (the directory's province code). A
release (``jobs.refresh_benchmark``) publishes, frozen, every group ``disclosure.releasable``
allows: at least ``min_peers()`` companies (the platform's one disclosure threshold, shared with
the impact reports), and no combination of published groups, this release's or earlier ones',
narrowing down to fewer. Everything else is answered "suppressed",
with the group's size.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import product
from typing import Any

from maillage.ecosystem.models import Organisation
from maillage.ecosystem.sectors import sector_codes_by_organisation
from maillage.impact.policy import current_policy
from maillage.impact.statistics.disclosure import Group
from maillage.maturity.models import Assessment, BenchmarkCell

DIMENSIONS = ("D1", "D2", "D3", "D4", "D5", "D6")
type Key = tuple[str, str, str]


def min_peers() -> int:
    """Smallest publishable group: the platform's one disclosure threshold."""
    return current_policy().min_respondents


@dataclass(frozen=True)
class Peer:
    assessment_id: int
    organisation_id: int
    size: str
    province: str
    #: Its sector (``ecosystem.sectors``): an axis code, "" without domains.
    sector: str
    #: D1..D6, then the overall score.
    scores: tuple[float, ...]

    def in_group(self, key: Key) -> bool:
        sector, size, province = key
        return (
            (not sector or sector == self.sector)
            and (not size or size == self.size)
            and (not province or province == self.province)
        )


def current_peers(as_of: datetime | None = None) -> list[Peer]:
    """Each organisation's latest completed, scored assessment (as of ``as_of``). Two queries."""
    assessments = (
        Assessment.objects.filter(status=Assessment.Status.COMPLETED, score__isnull=False)
        .select_related("score")
        .order_by("organisation_id", "-sequence")
        .values_list(
            "pk",
            "organisation_id",
            "organisation__size_band",
            "organisation__province",
            "score__d1",
            "score__d2",
            "score__d3",
            "score__d4",
            "score__d5",
            "score__d6",
            "score__overall",
        )
    )
    if as_of is not None:
        assessments = assessments.filter(completed_at__lte=as_of)
    latest: dict[int, tuple[Any, ...]] = {}
    for row in assessments:
        latest.setdefault(int(row[1]), row)
    sectors = sector_codes_by_organisation(latest)
    return [
        Peer(
            assessment_id=int(row[0]),
            organisation_id=organisation_id,
            size=str(row[2] or ""),
            province=str(row[3] or ""),
            sector=sectors.get(organisation_id, ""),
            scores=tuple(float(value) for value in row[4:]),
        )
        for organisation_id, row in latest.items()
    ]


def candidate_keys(peers: Sequence[Peer]) -> list[Key]:
    """Every group some peer belongs to, coarse and most useful first: everyone; one filter
    (sectors, then sizes, then provinces); two; three."""
    sectors = sorted({peer.sector for peer in peers if peer.sector})
    sizes = sorted({peer.size for peer in peers if peer.size})
    provinces = sorted({peer.province for peer in peers if peer.province})
    keys = list(product(["", *sectors], ["", *sizes], ["", *provinces]))

    def rank(key: Key) -> tuple[int, list[bool]]:
        # Fewer filters first; among as many, a sector before a size before a province.
        return sum(1 for part in key if part), [not part for part in key]

    return sorted(keys, key=rank)


def candidate_groups(peers: Sequence[Peer], threshold: int) -> list[Group]:
    groups = []
    for key in candidate_keys(peers):
        members = frozenset(p.assessment_id for p in peers if p.in_group(key))
        if len(members) >= threshold:
            groups.append(Group(key=key, members=members))
    return groups


def statistics(scores: Sequence[tuple[float, ...]]) -> dict[str, dict[str, float]]:
    """Mean and standard deviation per dimension and overall, to one decimal."""
    result = {}
    for position, name in enumerate((*DIMENSIONS, "overall")):
        values = [row[position] for row in scores]
        mean = sum(values) / len(values)
        spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        result[name] = {"mean": round(mean, 1), "sd": round(spread, 1)}
    return result


def published_cell(key: Key) -> BenchmarkCell | None:
    """The group's statistics as last published (None: never publishable so far)."""
    sector, size, province = key
    return (
        BenchmarkCell.objects.filter(sector=sector, size=size, province=province)
        .select_related("release")
        .order_by("-release_id")
        .first()
    )


@dataclass(frozen=True)
class BenchmarkAnswer:
    key: Key
    #: Companies in the group now (a count, never a score).
    group_size: int
    threshold: int
    cell: BenchmarkCell | None = None
    #: Why nothing is published: "too_few_peers" or "could_reveal_a_smaller_group".
    reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.cell is None


def group_size(peers: Sequence[Peer], key: Key) -> int:
    return sum(1 for peer in peers if peer.in_group(key))


def answer(key: Key, peers: Sequence[Peer] | None = None) -> BenchmarkAnswer:
    """What may be said about one group: its published statistics, or that they are withheld."""
    threshold = min_peers()
    size = group_size(current_peers() if peers is None else peers, key)
    cell = published_cell(key)
    if cell is not None:
        return BenchmarkAnswer(key=key, group_size=size, threshold=threshold, cell=cell)
    reason = "too_few_peers" if size < threshold else "could_reveal_a_smaller_group"
    return BenchmarkAnswer(key=key, group_size=size, threshold=threshold, reason=reason)


@dataclass
class Comparison:
    """One line of the results page: the group asked for and the group actually shown."""

    wanted: Key
    shown: BenchmarkAnswer
    #: Wider groups tried before, suppressed.
    skipped: list[BenchmarkAnswer] = field(default_factory=list)

    @property
    def widened(self) -> bool:
        return self.shown.key != self.wanted


def _ladder(key: Key, peers: Sequence[Peer]) -> Comparison:
    sector, size, _province = key
    steps: list[Key] = [key]
    for narrower in ((sector, size, ""), (sector, "", ""), ("", "", "")):
        if narrower not in steps:
            steps.append(narrower)
    skipped: list[BenchmarkAnswer] = []
    for step in steps:
        found = answer(step, peers)
        if not found.suppressed:
            return Comparison(wanted=key, shown=found, skipped=skipped)
        skipped.append(found)
    return Comparison(wanted=key, shown=skipped[-1], skipped=skipped[:-1])


def comparisons_for(organisation: Organisation) -> list[Comparison]:
    """Same sector, same size, same province, and all three together, each widened to the next
    wider published group when the group itself is not published (the page says so)."""
    peers = current_peers()
    sector = sector_codes_by_organisation([organisation.pk]).get(organisation.pk, "")
    wanted: list[Key] = [
        (sector, "", ""),
        ("", organisation.size_band, ""),
        ("", "", organisation.province),
        (sector, organisation.size_band, organisation.province),
    ]
    unique = list(dict.fromkeys(key for key in wanted if any(key)))
    return [_ladder(key, peers) for key in unique]
