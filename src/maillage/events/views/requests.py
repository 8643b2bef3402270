"""The organisers' list of an event's meeting requests: filtered, paginated, exported."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from maillage.audit.services import record_event
from maillage.core.pagination import query_without_page
from maillage.events import queries
from maillage.events.queries.requests import RequestFilterForm, event_requests, with_sectors
from maillage.events.services.dashboard import export_requests

#: Requests per page: an edition has a few hundred.
REQUESTS_PER_PAGE = 50
_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_http_methods(["GET", "HEAD"])
def requests_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every request of the event, filtered by state, sector and participant (organisers)."""
    event = queries.event_organised_by(request.user, slug, "requests")
    form = RequestFilterForm(request.GET or None, event=event)
    selected = event_requests(event, form.filters())
    page = Paginator(selected, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    return render(
        request,
        "events/requests_list.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "rows": with_sectors(list(page.object_list)),
            "page_query": query,
            "export_query": query,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def requests_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX; 400 naming the filter when one is unknown."""
    event = queries.event_organised_by(request.user, slug, "requests")
    form = RequestFilterForm(request.GET or None, event=event)
    if request.GET and not form.is_valid():
        return HttpResponse(
            " ".join(str(m) for messages in form.errors.values() for m in messages),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    content = export_requests(actor=request.user, event=event, filters=form.filters(), fmt=fmt)
    record_event(
        actor=request.user, action="event.requests_exported", target=event, request=request
    )
    response = HttpResponse(content, content_type=_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-requests.{fmt}"'
    return response
