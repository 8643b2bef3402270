"""Event-day pages for organisers: the check-in desk, no-shows, and re-planning freed slots."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.pagination import query_without_page
from maillage.events import queries
from maillage.events.models import Event, ScheduleRun
from maillage.events.queries import schedule as schedule_queries
from maillage.events.services import eventday

#: Rows per page of the check-in list: the desk searches rather than scrolls.
PAGE_SIZE = 25

_ATTENDANCE = {
    "check-in": eventday.check_in_participant,
    "no-show": eventday.mark_no_show,
    "reset": eventday.reset_attendance,
}


def _htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def _organised_event(request: HttpRequest, slug: str) -> Event:
    return queries.event_organised_by(request.user, slug, "event_day")


def _run_context(event: Event, run: ScheduleRun | None) -> dict[str, object]:
    """A re-plan run, and once it is done and unpublished, what it would change."""
    context: dict[str, object] = {"event": event, "run": run, "changes": None}
    if run is not None and run.status == ScheduleRun.Status.DONE and run.published_at is None:
        current = queries.published_run(event)
        if current is not None:
            context["changes"] = schedule_queries.schedule_changes(current, run)
    return context


@login_required
@require_http_methods(["GET", "HEAD"])
def eventday_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The check-in list with search (htmx swaps the rows), counts, and the re-plan panel."""
    event = _organised_event(request, slug)
    search = request.GET.get("q", "")
    rows = eventday.checkin_registrations(actor=request.user, event=event, search=search)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, object] = {
        "event": event,
        "search": search,
        "page": page,
        "page_query": query_without_page(request),
    }
    if _htmx(request):
        response = render(request, "events/eventday_page.html#checkin-rows", context)
    else:
        context |= _run_context(event, schedule_queries.latest_replan(event))
        context["published"] = queries.published_run(event)
        context["counts"] = eventday.attendance_counts(event)
        response = render(request, "events/eventday_page.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def eventday_attendance(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    """Check in, mark as no-show or reset one participant (the ``action`` field says which);
    with htmx the row replaces itself."""
    event = _organised_event(request, slug)
    service = _ATTENDANCE.get(request.POST.get("action", ""))
    if service is None:
        return HttpResponse(_("Unknown attendance action."), status=400)
    try:
        registration = service(actor=request.user, event=event, registration_id=registration_id)
    except ValidationFailed as error:
        if _htmx(request):
            return render(
                request,
                "events/eventday_page.html#row-error",
                {"message": error.text},
                status=422,
            )
        messages.error(request, error.text)
        return redirect("events:eventday_page", slug=event.slug)
    if _htmx(request):
        return render(
            request,
            "events/eventday_page.html#checkin-row",
            {"event": event, "registration": registration},
        )
    return redirect("events:eventday_page", slug=event.slug)


@login_required
@require_POST
def eventday_replan(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event(request, slug)
    assert isinstance(request.user, User)
    try:
        eventday.start_replan(event=event, actor=request.user)
    except ValidationFailed as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Re-planning started: the freed slots are being refilled."))
    return redirect("events:eventday_page", slug=event.slug)


@login_required
@require_http_methods(["GET", "HEAD"])
def eventday_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The re-plan panel alone, polled by the page while the job runs."""
    event = _organised_event(request, slug)
    run = schedule_queries.run_of(event, run_id, replan=True)
    return render(request, "events/eventday_page.html#replan-panel", _run_context(event, run))


@login_required
@require_POST
def eventday_publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    event = _organised_event(request, slug)
    run = schedule_queries.run_of(event, run_id)
    assert isinstance(request.user, User)
    try:
        published = eventday.publish_replan(run=run, actor=request.user)
    except ValidationFailed as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            ngettext(
                "The new schedule is published; %(n)d participant was told of their changes.",
                "The new schedule is published; %(n)d participants were told of their changes.",
                published.notified,
            )
            % {"n": published.notified},
        )
    return redirect("events:eventday_page", slug=event.slug)
