"""The work behind maturity's background tasks: releasing the peer benchmark."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from maillage.impact.statistics.disclosure import releasable
from maillage.maturity import benchmark
from maillage.maturity.models import BenchmarkCell, BenchmarkRelease
from maillage.maturity.scoring import current_rules


def refresh_benchmark(*, now: datetime | None = None) -> BenchmarkRelease | None:
    """Publish every peer group that may now be published and whose members or rules changed
    since it was last published (``disclosure``). Returns the release, or None when nothing new
    can be published. Releases are serialised (a lock on the latest one), so two workers never
    publish groups the other did not account for."""
    as_of = now or timezone.now()
    threshold = benchmark.min_peers()
    rules = current_rules().version
    with transaction.atomic():
        list(BenchmarkRelease.objects.select_for_update().order_by("-pk")[:1])
        peers = benchmark.current_peers(as_of)
        by_id = {peer.assessment_id: peer for peer in peers}
        published: list[frozenset[int]] = []
        latest: dict[tuple[str, str, str], tuple[frozenset[int], str]] = {}
        for cell in BenchmarkCell.objects.select_related("release").order_by("release_id"):
            members = frozenset(cell.members)
            published.append(members)
            latest[(cell.sector, cell.size, cell.province)] = (members, cell.release.rules_version)
        candidates = benchmark.candidate_groups(peers, threshold)
        groups = releasable(candidates, published, threshold)
        fresh = [group for group in groups if latest.get(group.key) != (group.members, rules)]
        if not fresh:
            return None
        release = BenchmarkRelease.objects.create(
            as_of=as_of, threshold=threshold, rules_version=rules
        )
        BenchmarkCell.objects.bulk_create(
            BenchmarkCell(
                release=release,
                sector=group.key[0],
                size=group.key[1],
                province=group.key[2],
                n=len(group.members),
                members=sorted(group.members),
                stats=benchmark.statistics([by_id[m].scores for m in group.members]),
            )
            for group in fresh
        )
    return release
