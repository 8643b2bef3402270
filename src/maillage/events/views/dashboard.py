"""The organisers' dashboard of an event, and its spreadsheet exports."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from maillage.audit.services import record_event
from maillage.events import queries
from maillage.events.services.dashboard import (
    dashboard_for,
    export_meetings_xlsx,
    export_participants_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_EXPORTS = {"participants": export_participants_xlsx, "meetings": export_meetings_xlsx}


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Registrations, requests, meetings, the sector matrix and past editions (organisers)."""
    event = queries.event_by_slug(slug)
    figures = dashboard_for(request.user, event)
    return render(request, "events/dashboard.html", {"event": event, "dash": figures})


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard_export(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    event = queries.event_by_slug(slug)
    content = _EXPORTS[what](actor=request.user, event=event)
    record_event(actor=request.user, action=f"event.{what}_exported", target=event, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{what}.xlsx"'
    return response
