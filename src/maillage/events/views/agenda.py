"""Personal agendas: the page, the ``.ics`` download and the PDF (for the participant and the
organisers), and the calendar feed that calendar apps read without a session."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.events import permissions, queries
from maillage.events.agenda import (
    agenda_calendar,
    agenda_for,
    agenda_registration,
    next_meeting,
    registration_for_feed,
)
from maillage.events.models import Registration
from maillage.events.pdf import agenda_pdf
from maillage.events.queries import schedule as schedule_queries


def _calendar_response(registration: Registration) -> HttpResponse:
    response = HttpResponse(agenda_calendar(registration), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


def _feed_url(request: HttpRequest, registration: Registration) -> str:
    """The participant's calendar feed, built from this request's host, which the visitor's
    calendar app can reach too."""
    return request.build_absolute_uri(
        reverse("events:agenda_feed", args=[registration.event.slug, registration.agenda_token])
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def agenda_page(
    request: HttpRequest, slug: str, registration_id: int | None = None
) -> HttpResponse:
    """The participant's meetings: times, tables, partners; empty until the schedule is
    published. Without an id, the visitor's own agenda."""
    event = queries.event_by_slug(slug)
    registration = agenda_registration(request.user, event, registration_id)
    own = registration.user_id == request.user.pk
    items = agenda_for(registration)
    return render(
        request,
        "events/agenda.html",
        {
            "event": event,
            "registration": registration,
            "items": items,
            "next_item": next_meeting(items, timezone.now()),
            "own": own,
            "feed_url": _feed_url(request, registration) if own else "",
            "can_organise": permissions.can_organise_event(request.user, event),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def agenda_ics(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    event = queries.event_by_slug(slug)
    return _calendar_response(agenda_registration(request.user, event, registration_id))


@login_required
@require_http_methods(["GET", "HEAD"])
def agenda_pdf_view(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    """The agenda to print; its QR code (the calendar feed, a secret address) only for the
    participant and the organisers, who print agendas at the desk."""
    event = queries.event_by_slug(slug)
    registration = agenda_registration(request.user, event, registration_id)
    shares_feed = registration.user_id == request.user.pk or permissions.can_organise_event(
        request.user, event
    )
    content = agenda_pdf(
        registration,
        agenda_for(registration),
        table_count=schedule_queries.table_count(event),
        feed_url=_feed_url(request, registration) if shares_feed else "",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-agenda.pdf"'
    return response


@require_http_methods(["GET", "HEAD"])
def agenda_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The agenda as an iCalendar feed for calendar apps: the secret token in the URL stands
    in for the session (RFC 5545); a wrong token is a 404."""
    response = _calendar_response(registration_for_feed(slug, token))
    response["Cache-Control"] = "private, max-age=300"
    return response
