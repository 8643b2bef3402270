"""Clusters' pages for calls: publish and edit their own calls, see who is interested, import
EU calls; members' expressions of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.calls import permissions, queries
from maillage.calls.forms import CallForm, CallImportForm, InterestForm
from maillage.calls.models import Call, CallImportJob
from maillage.calls.services.background import start_call_import
from maillage.calls.services.interest import express_interest, withdraw_interest
from maillage.calls.services.publishing import publish_call, update_call
from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.core.htmx import is_partial_request
from maillage.ecosystem.models import Organisation

_UNPROCESSABLE = 422


def _call_form_page(request: HttpRequest, call: Call | None) -> HttpResponse:
    if call is None:
        permissions.check_can_publish_call(request.user)
        networks = permissions.publishing_networks(request.user)
    else:
        permissions.check_can_edit_call(request.user, call)
        networks = [call.relayed_by] if call.relayed_by else []
    initial = CallForm.initial_for(call) if call else None
    form = CallForm(
        request.POST if request.method == "POST" else None, initial=initial, networks=networks
    )
    if request.method == "POST" and form.is_valid():
        try:
            if call is None:
                saved = publish_call(
                    actor=request.user,
                    network=form.cleaned_data["network"],
                    data=form.to_input(),
                )
            else:
                saved = update_call(actor=request.user, call=call, data=form.to_input())
        except ValidationFailed as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("calls:call_detail", slug=saved.slug)
    status = _UNPROCESSABLE if request.method == "POST" else 200
    return render(request, "calls/call_form.html", {"form": form, "call": call}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    return _call_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _call_form_page(request, queries.call_by_slug(slug))


@login_required
@require_POST
def interest_express(request: HttpRequest, slug: str) -> HttpResponse:
    call = queries.call_by_slug(slug)
    form = InterestForm(request.POST, organisations=queries.acting_organisations(request.user))
    if not form.is_valid():
        if "organisation" in form.errors:  # not one the visitor acts for
            permissions.check_can_act_for(request.user, None)
        flash_errors(request, form.as_refusal())
        return redirect("calls:call_detail", slug=call.slug)
    try:
        _interest, created = express_interest(
            actor=request.user,
            call=call,
            organisation=form.cleaned_data["organisation"],
            message=form.cleaned_data["message"],
        )
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Your interest was sent to %(cluster)s.") % {"cluster": call.relayed_by}
            if created
            else _("Your message to %(cluster)s was updated.") % {"cluster": call.relayed_by},
        )
    return redirect("calls:call_detail", slug=call.slug)


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    call = queries.call_by_slug(slug)
    organisation = get_object_or_404(Organisation, slug=request.POST.get("organisation", ""))
    if withdraw_interest(actor=request.user, call=call, organisation=organisation):
        messages.success(request, _("Your interest was withdrawn."))
    return redirect("calls:call_detail", slug=call.slug)


@login_required
@require_GET
def interest_table(request: HttpRequest, slug: str) -> HttpResponse:
    """Every expression of interest in a call, for the relaying cluster's managers."""
    call = queries.call_by_slug(slug)
    permissions.check_can_see_interests(request.user, call)
    interests = list(queries.interests_visible_to(request.user, call))
    return render(request, "calls/interest_table.html", {"call": call, "interests": interests})


@login_required
@require_http_methods(["GET", "POST"])
def call_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: keep the file and queue its import (a background job)."""
    permissions.check_can_import_calls(request.user)
    form = CallImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_call_import(
                actor=request.user,
                data=upload.read(),
                file_name=upload.name,
                language=get_language(),
            )
        except ValidationFailed as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("calls:call_import_job", job_id=job.pk)
    status = _UNPROCESSABLE if request.method == "POST" else 200
    return render(request, "calls/import_upload.html", {"form": form}, status=status)


@login_required
@require_GET
def call_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The import's progress while it runs (polled by htmx), then its counts or its errors."""
    assert isinstance(request.user, User), "the view is behind login_required"
    job = CallImportJob.objects.filter(pk=job_id, user=request.user).first()
    if job is None:
        raise Http404(_("No such import."))
    context = {"job": job, "poll_url": reverse("calls:call_import_job", args=[job.pk])}
    if is_partial_request(request):
        if job.finished:
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "calls/_job_progress.html", context)
    return render(request, "calls/import_job.html", context)
