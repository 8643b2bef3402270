"""Organisers' pages: an event's follow-up plan and response counts, and the impact reports of
the clusters and poles they manage (figures, then PDF and XLSX built in the background)."""

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.core.htmx import render_page_or_partial
from maillage.events import queries as event_queries
from maillage.events.models import Event
from maillage.impact import queries
from maillage.impact.forms import PeriodForm, PlanForm
from maillage.impact.models import FollowUpPlan, ReportJob
from maillage.impact.notes import comparison, method_notes, reason_text
from maillage.impact.permissions import check_can_plan_follow_up
from maillage.impact.report import kpi_report
from maillage.impact.report_json import report_json
from maillage.impact.services.plans import event_last_day, update_follow_up_plan
from maillage.impact.services.reports import check_period, start_report_job

CONTENT_TYPES = {
    ReportJob.Format.PDF: "application/pdf",
    ReportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_queries.event_by_slug(slug)
    check_can_plan_follow_up(request.user, event)
    plan = FollowUpPlan.objects.filter(event=event).first()
    initial = {
        "held_on": plan.held_on if plan else event_last_day(event),
        "wave_months": ", ".join(map(str, plan.wave_months if plan else [3, 6, 12])),
    }
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_follow_up_plan(
                actor=request.user,
                event=event,
                held_on=form.cleaned_data["held_on"],
                wave_months=form.cleaned_data["wave_months"],
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up plan is saved."))
            return redirect("impact:follow_up", slug=event.slug)
    return render(
        request,
        "impact/follow_up.html",
        {
            "event": event,
            "plan": plan,
            "form": form,
            "waves": queries.wave_counts(request.user, event),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report_index(request: HttpRequest) -> HttpResponse:
    organisers = list(queries.report_organisers(request.user))
    if not organisers:
        raise PermissionDenied(_("You manage no cluster or pole whose events could be reported."))
    return render(request, "impact/report_index.html", {"organisers": organisers})


def _period(request: HttpRequest, organiser_slug: str) -> tuple[PeriodForm, dt.date, dt.date]:
    organiser = queries.report_organiser(request.user, organiser_slug)
    start, end = queries.default_period(organiser)
    data = request.GET if "start" in request.GET or "end" in request.GET else None
    form = PeriodForm(data, initial={"start": start, "end": end})
    if data is not None and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            check_period(start, end)
        except ValidationFailed as error:
            add_service_errors(form, error)
            start, end = queries.default_period(organiser)
    return form, start, end


@login_required
@require_http_methods(["GET", "HEAD"])
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    organiser = queries.report_organiser(request.user, slug)
    form, start, end = _period(request, slug)
    report = kpi_report(organiser=organiser, start=start, end=end)
    assert isinstance(request.user, User)  # login_required
    jobs = ReportJob.objects.filter(organiser=organiser, created_by=request.user)
    jobs = jobs.defer("content")[:5]
    events = Event.objects.filter(pk__in=report.event_ids).order_by("-start_date", "name")
    reasons = {
        code: reason_text(code, report)
        for code in ("threshold", "dominance", "secondary", "no_data")
    }
    return render(
        request,
        "impact/report.html",
        {
            "organiser": organiser,
            "form": form,
            "report": report,
            "notes": method_notes(report),
            "comparison": comparison(report),
            "reasons": reasons,
            "jobs": jobs,
            "events": events,
            "start": start,
            "end": end,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report_json_file(request: HttpRequest, slug: str) -> HttpResponse:
    organiser = queries.report_organiser(request.user, slug)
    form, start, end = _period(request, slug)
    if form.errors:
        raise Http404(form.errors.as_text())
    body = json.dumps(
        report_json(kpi_report(organiser=organiser, start=start, end=end)),
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="impact-{slug}-{start}-{end}.json"'
    return response


@login_required
@require_POST
def report_start(request: HttpRequest, slug: str) -> HttpResponse:
    organiser = queries.report_organiser(request.user, slug)
    assert isinstance(request.user, User)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        for message in (m for messages_ in form.errors.values() for m in messages_):
            messages.error(request, str(message))
        return redirect("impact:report", slug=slug)
    try:
        job = start_report_job(
            actor=request.user,
            organiser=organiser,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            file_format=request.POST.get("file_format", ""),
        )
    except ValidationFailed as error:
        messages.error(request, error.text)
        return redirect("impact:report", slug=slug)
    return redirect("impact:report_job", slug=slug, job_id=job.pk)


def _job(request: HttpRequest, slug: str, job_id: int) -> ReportJob:
    organiser = queries.report_organiser(request.user, slug)
    return get_object_or_404(
        ReportJob.objects.defer("content").select_related("organiser"),
        pk=job_id,
        organiser=organiser,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report_job(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    job = _job(request, slug, job_id)
    context = {
        "job": job,
        "organiser": job.organiser,
        "active": job.status in {ReportJob.Status.QUEUED, ReportJob.Status.RUNNING},
    }
    return render_page_or_partial(request, "impact/report_job.html", "progress", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def report_download(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    job = _job(request, slug, job_id)
    if job.status != ReportJob.Status.DONE:
        raise Http404(_("This report is not ready yet."))
    content = ReportJob.objects.values_list("content", flat=True).get(pk=job.pk) or b""
    response = HttpResponse(
        bytes(content), content_type=CONTENT_TYPES[ReportJob.Format(job.file_format)]
    )
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response
