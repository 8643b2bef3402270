"""Event-day desk tools for organisers: the participants' badges (PDF) and check-in by scanning
a badge's code (a phone's scanner app or a barcode reader types it into the page's field)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from maillage.core.errors import ValidationFailed
from maillage.events import queries
from maillage.events.badges import badges_pdf
from maillage.events.models import Event
from maillage.events.services import eventday


def _organised_event(request: HttpRequest, slug: str) -> Event:
    return queries.event_organised_by(request.user, slug, "event_day")


@login_required
@require_http_methods(["GET", "HEAD"])
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    """Every confirmed participant's badge, A6, in organisation order."""
    event = _organised_event(request, slug)
    registrations = list(eventday.checkin_registrations(actor=request.user, event=event))
    response = HttpResponse(badges_pdf(event, registrations), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-badges.pdf"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan(request: HttpRequest, slug: str) -> HttpResponse:
    """A page for the desk's phone: a badge's code in, the participant checked in (or the
    reason not), and the field ready for the next badge."""
    event = _organised_event(request, slug)
    context: dict[str, object] = {"event": event, "code": "", "arrived": None, "error": ""}
    status = 200
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            context["arrived"] = eventday.check_in_by_code(
                actor=request.user, event=event, code=code
            )
        except ValidationFailed as error:
            context |= {"error": error.text, "code": code}
            status = 422
    context["counts"] = eventday.attendance_counts(event)
    return render(request, "events/checkin_scan.html", context, status=status)
