"""Organisers' scheduling pages: start a run (a background job), follow its progress, preview
its statistics, lock meetings, publish, and print the table plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.events import queries
from maillage.events.agenda import run_meetings
from maillage.events.models import Event, ScheduleRun
from maillage.events.pdf import table_plan_pdf
from maillage.events.queries import schedule as schedule_queries
from maillage.events.services.scheduling import (
    ReplacementNotConfirmedError,
    publish_schedule,
    set_meeting_locked,
    start_schedule_run,
)


def _organised_event(request: HttpRequest, slug: str) -> Event:
    return queries.event_organised_by(request.user, slug, "schedule")


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", None))


@login_required
@require_http_methods(["GET", "HEAD"])
def schedule_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's runs, newest first, and the button that starts a new one."""
    event = _organised_event(request, slug)
    runs = schedule_queries.runs_of(event)
    return render(
        request,
        "events/schedule_page.html",
        {"event": event, "runs": runs, "has_sessions": event.b2b_sessions.exists()},
    )


@login_required
@require_POST
def schedule_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a run and go to its page at once; the worker solves it in the background."""
    event = _organised_event(request, slug)
    assert isinstance(request.user, User)
    try:
        run = start_schedule_run(event=event, actor=request.user)
    except ValidationFailed as error:
        flash_errors(request, error)
        return redirect("events:schedule", slug=event.slug)
    messages.success(request, _("The scheduling run has started."))
    return redirect("events:schedule_run", slug=event.slug, run_id=run.pk)


def _run_context(run: ScheduleRun) -> dict[str, object]:
    report = schedule_queries.run_report(run)
    return {
        "run": run,
        "stats": report,
        "unplaced": report.unplaced if report else [],
        "engine_reasons": report.engine_reasons if report else [],
        "meetings": run_meetings(run) if run.status == ScheduleRun.Status.DONE else [],
        "active": run.status in {ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING},
        "progress": schedule_queries.run_progress(run),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def schedule_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """A run: its progress while it runs; then its statistics, meetings (with locks) and the
    publish button."""
    event = _organised_event(request, slug)
    run = schedule_queries.run_of(event, run_id)
    return render(request, "events/schedule_run.html", {"event": event, **_run_context(run)})


@login_required
@require_http_methods(["GET", "HEAD"])
def schedule_progress(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The progress bar, polled by htmx every second; once the run ends the page reloads to
    show the results."""
    event = _organised_event(request, slug)
    run = schedule_queries.run_of(event, run_id)
    active = run.status in {ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING}
    response = render(
        request,
        "events/schedule_run.html#progress",
        {
            "event": event,
            "run": run,
            "active": active,
            "progress": schedule_queries.run_progress(run),
        },
    )
    if _htmx(request) and not active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def schedule_publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """Publish a finished run; when it would replace the published schedule, first a page that
    says how many participants' agendas change and asks to confirm (``replace=1``)."""
    event = _organised_event(request, slug)
    run = schedule_queries.run_of(event, run_id)
    assert isinstance(request.user, User)
    try:
        publish_schedule(run=run, actor=request.user, replace=request.POST.get("replace") == "1")
    except ReplacementNotConfirmedError as warning:
        return render(
            request,
            "events/schedule_publish_confirm.html",
            {"event": event, "run": run, "warning": warning},
        )
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("The schedule is published; the participants are being e-mailed.")
        )
    return redirect("events:schedule_run", slug=event.slug, run_id=run.pk)


@login_required
@require_POST
def schedule_lock(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """Lock or unlock a meeting (``locked`` = 1 or 0); with htmx its row replaces itself."""
    event = _organised_event(request, slug)
    meeting = schedule_queries.meeting_of(event, meeting_id)
    assert isinstance(request.user, User)
    locked = request.POST.get("locked") == "1"
    set_meeting_locked(meeting=meeting, locked=locked, actor=request.user)
    if _htmx(request):
        planned = next(p for p in run_meetings(meeting.run) if p.meeting.pk == meeting.pk)
        return render(
            request,
            "events/schedule_run.html#meeting-row",
            {"event": event, "run": meeting.run, "planned": planned},
        )
    return redirect("events:schedule_run", slug=event.slug, run_id=meeting.run_id)


@login_required
@require_http_methods(["GET", "HEAD"])
def schedule_plan_pdf(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The table plan (slot × table) of a finished run, as a PDF to print."""
    event = _organised_event(request, slug)
    run = schedule_queries.run_of(event, run_id)
    tables = schedule_queries.table_count(event)
    response = HttpResponse(
        table_plan_pdf(run, run_meetings(run), tables), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{event.slug}-table-plan.pdf"'
    return response
