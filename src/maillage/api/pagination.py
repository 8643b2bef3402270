from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet

from maillage.api.schemas import PageParams


def paginate(queryset: QuerySet[Any], page: PageParams) -> dict[str, object]:
    """One count query and one page query (plus the queryset's prefetches)."""
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }


def paginate_ids(
    ids: Sequence[int], page: PageParams, rows: Callable[[Sequence[int]], list[Any]]
) -> dict[str, object]:
    """A page of an already ordered selection of ids: ``rows`` reads that page's objects."""
    return {
        "count": len(ids),
        "limit": page.limit,
        "offset": page.offset,
        "items": rows(ids[page.offset : page.offset + page.limit]),
    }
