"""``/domains``: the domain and technology taxonomy."""

from django.http import HttpRequest
from ninja import Query, Router

from maillage.api.pagination import paginate
from maillage.api.schemas import DomainOut, Page, PageParams, ProblemOut
from maillage.ecosystem.models import Domain

router = Router(tags=["domains"])


@router.get("", response={200: Page[DomainOut], 422: ProblemOut})
def list_domains(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """Domains with French and English labels; ``parent`` is the strategic axis."""
    domains = Domain.objects.select_related("parent").order_by("code")
    return paginate(domains, page)
