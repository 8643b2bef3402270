"""The web flow of a member import: upload -> preview (dry run) -> confirm (commit).

Only people ``permissions.can_import_members`` allows (the network's managers and platform
admins) get past the first line of each view, and the jobs check it again. The dry run and the
commit run as background jobs (``jobs``) whose page polls their progress. The confirmation
posts a token for the file kept server-side (``pending``); the commit re-validates everything.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.core.htmx import is_partial_request
from maillage.ecosystem import permissions
from maillage.ecosystem.imports.columns import COLUMNS
from maillage.ecosystem.imports.forms import MemberImportForm
from maillage.ecosystem.imports.pending import PendingImportMissingError
from maillage.ecosystem.imports.starting import import_job_for, start_commit, start_preview
from maillage.ecosystem.models import ImportJob, Organisation

_UNPROCESSABLE = 422


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "the view is behind login_required"
    return request.user


def _network_for(request: HttpRequest, slug: str) -> Organisation:
    network = get_object_or_404(Organisation, slug=slug, kind__in=Organisation.NETWORK_KINDS)
    permissions.check_can_import_members(request.user, network)
    return network


def _render_form(
    request: HttpRequest,
    network: Organisation,
    form: MemberImportForm,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context = {"network": network, "form": form, "columns": COLUMNS, "error": error}
    return render(request, "ecosystem/import_upload.html", context, status=status)


def _render_preview(
    request: HttpRequest,
    network: Organisation,
    job: ImportJob,
    preview: dict[str, Any],
    token: str = "",
) -> HttpResponse:
    context = {"network": network, "job": job, "preview": preview, "token": token}
    return render(request, "ecosystem/import_preview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the upload form. POST: keep the file and queue its dry run (a background job)."""
    network = _network_for(request, slug)
    if request.method != "POST":
        return _render_form(request, network, MemberImportForm())
    form = MemberImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, network, form, status=_UNPROCESSABLE)
    upload = form.cleaned_data["file"]
    job = start_preview(
        network=network,
        user=_user(request),
        data=upload.read(),
        file_name=upload.name,
        language=get_language(),
    )
    return redirect("ecosystem:member_import_job", slug=network.slug, job_id=job.pk)


@login_required
@require_POST
def member_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue the commit of the previewed file named by the posted token; all or nothing."""
    network = _network_for(request, slug)
    try:
        job = start_commit(
            network=network,
            user=_user(request),
            token=request.POST.get("token", ""),
            language=get_language(),
        )
    except PendingImportMissingError:
        error = _("This preview has expired or was already imported: upload the file again.")
        return _render_form(request, network, MemberImportForm(), status=400, error=error)
    return redirect("ecosystem:member_import_job", slug=network.slug, job_id=job.pk)


@login_required
@require_GET
def member_import_job(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The job's progress while it runs (polled by htmx), then its preview or its outcome."""
    network = _network_for(request, slug)
    try:
        job = import_job_for(user=_user(request), network=network, job_id=job_id)
    except ImportJob.DoesNotExist:
        raise Http404(_("No such import.")) from None
    if not job.finished:
        if is_partial_request(request):
            return render(request, "ecosystem/_import_progress.html", {"job": job})
        return render(request, "ecosystem/import_job.html", {"network": network, "job": job})
    if is_partial_request(request):
        # Finished while the page polled: reload it whole to show the outcome.
        return HttpResponse(headers={"HX-Refresh": "true"})
    result = job.result
    if job.kind == ImportJob.Kind.PREVIEW and "rows" in result:
        token = job.token if result["ok"] else ""
        return _render_preview(request, network, job, result, token)
    if job.kind == ImportJob.Kind.COMMIT and "rows" in result:
        return _render_preview(request, network, job, result)
    return render(request, "ecosystem/import_job.html", {"network": network, "job": job})
