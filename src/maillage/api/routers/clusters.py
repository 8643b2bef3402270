"""``/clusters``: clusters and competitiveness poles with their members."""

from typing import Literal

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from maillage.api.pagination import paginate
from maillage.api.schemas import ClusterDetailOut, ClusterOut, Page, PageParams, ProblemOut
from maillage.ecosystem.models import Membership, Organisation, current_membership
from maillage.ecosystem.text import search_terms

router = Router(tags=["clusters"])


class ClusterFilters(Schema):
    kind: Literal["cluster", "pole"] | None = None
    search: str = Field("", max_length=200, description="Words to find (accents and case ignored).")


def networks() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS).annotate(
        member_count=Count("member_links", filter=current_membership("member_links__"))
    )


@router.get("", response={200: Page[ClusterOut], 422: ProblemOut})
def list_clusters(
    request: HttpRequest, filters: Query[ClusterFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Clusters and poles, with their member counts."""
    clusters = networks()
    if filters.kind:
        clusters = clusters.filter(kind=filters.kind)
    for term in search_terms(filters.search):
        clusters = clusters.filter(search_text__contains=term)
    return paginate(clusters.order_by("name", "pk"), page)


@router.get("/{slug}", response={200: ClusterDetailOut, 404: ProblemOut})
def get_cluster(request: HttpRequest, slug: str) -> Organisation:
    """A cluster or pole with its members."""
    cluster = (
        networks()
        .prefetch_related(
            "domains",
            Prefetch(
                "member_links",
                queryset=Membership.objects.current()
                .select_related("organisation")
                .order_by("organisation__name", "pk"),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if cluster is None:
        raise Http404(_("No cluster or pole has the slug %(slug)s.") % {"slug": slug})
    return cluster
