"""An organisation's sector: the one meaning of the word in Maillage.

A *sector* is an area of economic activity, read from the directory's taxonomy: an organisation's
sector is the strategic axis (top-level domain) most of its domains fall under, so an ICT company
is in *Digital technologies* and a mechatronics firm in *Industrial processes and new materials*.
Intersectoral events, the organisers' sector charts and every "per sector" figure use this
function. A cluster or pole is never called a sector: filters on the networks an organisation
belongs to are named ``cluster`` (docs/ARCHITECTURE.md, "Words").
"""

from collections import Counter, defaultdict

from django.db.models import Count
from django.utils.translation import pgettext

from maillage.ecosystem.models import Domain


def sector_by_organisation(organisation_ids: set[int]) -> dict[int, str]:
    """Each organisation's sector label, or "Other sectors" without domains; two queries."""
    axes: dict[int, Counter[str]] = defaultdict(Counter)
    for organisation_id, axis_id, count in (
        Domain.organisations.through.objects.filter(
            organisation_id__in=organisation_ids, domain__parent__isnull=False
        )
        .values_list("organisation_id", "domain__parent_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        axes[organisation_id][str(axis_id)] = count
    labels = {str(domain.pk): domain.label for domain in Domain.objects.filter(parent__isnull=True)}
    other = pgettext("sector", "Other sectors")
    result = {}
    for organisation_id in organisation_ids:
        counts = axes.get(organisation_id)
        if not counts:
            result[organisation_id] = other
            continue
        # Most domains first; ties go to the axis listed first alphabetically (deterministic).
        best = min(counts, key=lambda axis: (-counts[axis], labels[axis]))
        result[organisation_id] = labels[best]
    return result
