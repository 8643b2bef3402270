"""An organisation's sector: the one meaning of the word in Maillage.

A *sector* is an area of economic activity, read from the directory's taxonomy: an organisation's
sector is the strategic axis (top-level domain) most of its domains fall under, so an ICT company
is in *Digital technologies* and a mechatronics firm in *Industrial processes and new materials*.
Intersectoral events, the organisers' sector charts, the maturity benchmark's peer groups and
every "per sector" figure use these functions. A cluster or pole is never called a sector:
filters on the networks an organisation belongs to are named ``cluster`` (docs/ARCHITECTURE.md,
"Words").
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Count
from django.utils.translation import pgettext

from maillage.ecosystem.models import Domain


def sector_codes_by_organisation(organisation_ids: Iterable[int]) -> dict[int, str]:
    """Each organisation's sector as its axis code (absent without domains); one query.

    Most domains first; ties go to the axis whose code comes first (deterministic, and the same
    in every language)."""
    axes: dict[int, Counter[str]] = defaultdict(Counter)
    for organisation_id, axis, count in (
        Domain.organisations.through.objects.filter(
            organisation_id__in=list(organisation_ids), domain__parent__isnull=False
        )
        .values_list("organisation_id", "domain__parent__code")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        axes[organisation_id][axis] = count
    return {
        organisation_id: min(counts, key=lambda axis: (-counts[axis], axis))
        for organisation_id, counts in axes.items()
    }


def sector_by_organisation(organisation_ids: set[int]) -> dict[int, str]:
    """Each organisation's sector label, or "Other sectors" without domains; two queries."""
    codes = sector_codes_by_organisation(organisation_ids)
    labels = {domain.code: domain.label for domain in Domain.objects.filter(parent__isnull=True)}
    other = pgettext("sector", "Other sectors")
    return {
        organisation_id: labels[codes[organisation_id]] if organisation_id in codes else other
        for organisation_id in organisation_ids
    }
