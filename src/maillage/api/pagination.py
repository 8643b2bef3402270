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
