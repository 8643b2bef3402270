"""A hub's pages: the companies its advisors follow, its reporting figures, the EDIH export and
the import of the EDIH tool's results (dry run, then commit of the previewed file)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.htmx import is_partial_request
from maillage.ecosystem.imports.forms import MemberImportForm
from maillage.ecosystem.imports.pending import PendingImportMissingError
from maillage.ecosystem.models import Organisation
from maillage.maturity import permissions, queries, services
from maillage.maturity.exchange import edih_csv
from maillage.maturity.forms import FollowForm
from maillage.maturity.models import ResultImportJob
from maillage.maturity.reporting import maturity_progress


def _hub(request: HttpRequest, slug: str) -> Organisation:
    hub = get_object_or_404(Organisation, slug=slug)
    if not permissions.is_hub_person(request.user, hub):
        raise PermissionDenied(permissions.HUB_REFUSED)
    return hub


def _period(request: HttpRequest) -> tuple[date | None, date | None]:
    def parse(name: str) -> date | None:
        try:
            return date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    return parse("from"), parse("to")


@login_required
@require_GET
def hub(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _hub(request, slug)
    start, end = _period(request)
    context = {
        "hub": organisation,
        "follows": queries.hub_follows(request.user, organisation),
        "progress": maturity_progress(hub=organisation, start=start, end=end),
        "can_manage": permissions.can_manage_follows(request.user, organisation),
        "follow_form": FollowForm(hub=organisation),
        "import_form": MemberImportForm(),
    }
    return render(request, "maturity/hub.html", context)


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_manage_follows(request.user, organisation):
        raise PermissionDenied(permissions.FOLLOW_REFUSED)
    form = FollowForm(request.POST, hub=organisation)
    if form.is_valid():
        try:
            services.follow_company(
                actor=request.user,
                hub=organisation,
                advisor=form.cleaned_data["advisor"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationFailed as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("The advisor now follows the company."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("maturity:hub", slug=organisation.slug)


@login_required
@require_GET
def edih_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The answers the user may see, of assessments made with this hub, as the EDIH tool's CSV."""
    organisation = _hub(request, slug)
    assessments = (
        permissions.assessments_visible_to(request.user)
        .filter(hub=organisation)
        .select_related("organisation")
        .order_by("organisation__name", "sequence")
    )
    response = HttpResponse(edih_csv(assessments), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dma-{organisation.slug}.csv"'
    return response


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "behind login_required"
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def result_import(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a file: queue its dry run (nothing written). POST a token: queue the import of the
    previewed file, all rows or none. Both run in the background; the job's page follows them."""
    organisation = _hub(request, slug)
    if request.method == "GET":
        return redirect("maturity:hub", slug=organisation.slug)
    user = _user(request)
    token = request.POST.get("token", "")
    if token:
        try:
            job = services.start_result_commit(
                hub=organisation, user=user, token=token, language=get_language()
            )
        except PendingImportMissingError:
            messages.error(request, _("This preview has expired or was already imported."))
            return redirect("maturity:hub", slug=organisation.slug)
    else:
        form = MemberImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for e in form.errors.get("file", [])))
            return redirect("maturity:hub", slug=organisation.slug)
        upload = form.cleaned_data["file"]
        job = services.start_result_preview(
            hub=organisation,
            user=user,
            data=upload.read(),
            file_name=upload.name,
            language=get_language(),
        )
    return redirect("maturity:result_import_job", slug=organisation.slug, job_id=job.pk)


@login_required
@require_GET
def result_import_job(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """The job's progress while it runs (polled by htmx), then its preview or its outcome."""
    organisation = _hub(request, slug)
    try:
        job = queries.result_import_job_for(user=_user(request), hub=organisation, job_id=job_id)
    except ResultImportJob.DoesNotExist:
        raise Http404(_("No such import.")) from None
    if not job.finished and is_partial_request(request):
        return render(request, "maturity/_import_progress.html", {"job": job})
    if is_partial_request(request):
        # Finished while the page polled: reload it whole to show the outcome.
        return HttpResponse(headers={"HX-Refresh": "true"})
    preview = job.result if "rows" in job.result or "file_errors" in job.result else None
    context = {
        "hub": organisation,
        "job": job,
        "preview": preview,
        "token": job.token if preview and preview["ok"] and job.kind == "preview" else "",
    }
    status = 422 if preview is not None and not preview["ok"] else 200
    return render(request, "maturity/import_job.html", context, status=status)
