"""The web flow of a member import: upload -> preview (dry run) -> confirm (commit).

Only people ``can_import_members`` allows (the network's managers and platform admins) get
past the first line of each view. The confirmation posts a token for the file kept server-side
(``pending``); the commit re-validates everything.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.accounts.permissions import can_import_members
from maillage.ecosystem.imports.columns import COLUMNS
from maillage.ecosystem.imports.committing import ImportRejectedError, commit_import
from maillage.ecosystem.imports.forms import MemberImportForm
from maillage.ecosystem.imports.pending import (
    PendingImportMissingError,
    discard_pending,
    load_pending,
    store_pending,
)
from maillage.ecosystem.imports.planning import ImportPreview, preview_import
from maillage.ecosystem.models import ImportBatch, Organisation

_UNPROCESSABLE = 422


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "the view is behind login_required"
    return request.user


def _network_for(request: HttpRequest, slug: str) -> Organisation:
    network = get_object_or_404(Organisation, slug=slug, kind__in=Organisation.NETWORK_KINDS)
    if not can_import_members(request.user, network):
        raise PermissionDenied(_("You do not manage this cluster or pole."))
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


def _render_preview(request: HttpRequest, preview: ImportPreview, token: str = "") -> HttpResponse:
    context = {"network": preview.network, "preview": preview, "token": token}
    status = 200 if preview.ok else _UNPROCESSABLE
    return render(request, "ecosystem/import_preview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the upload form. POST: the dry-run preview of the uploaded file."""
    network = _network_for(request, slug)
    if request.method != "POST":
        return _render_form(request, network, MemberImportForm())
    form = MemberImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, network, form, status=_UNPROCESSABLE)
    upload = form.cleaned_data["file"]
    data = upload.read()
    preview = preview_import(network=network, data=data, file_name=upload.name)
    token = ""
    if preview.ok:
        token = store_pending(
            data=data, file_name=upload.name, network_id=network.pk, user_id=_user(request).pk
        )
    return _render_preview(request, preview, token)


@login_required
@require_POST
def member_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Commit the previewed file named by the posted token; all or nothing."""
    network = _network_for(request, slug)
    try:
        pending = load_pending(
            request.POST.get("token", ""), network_id=network.pk, user_id=_user(request).pk
        )
    except PendingImportMissingError:
        error = _("This preview has expired or was already imported: upload the file again.")
        return _render_form(request, network, MemberImportForm(), status=400, error=error)
    try:
        batch = commit_import(
            network=network,
            data=pending.data,
            file_name=pending.file_name,
            user=_user(request),
            source=ImportBatch.Source.WEB,
        )
    except ImportRejectedError as rejected:
        # The directory changed since the preview; show the new errors. The file stays for a
        # later try only if it could still go through, which it cannot: drop it.
        discard_pending(pending.token)
        return _render_preview(request, rejected.preview)
    discard_pending(pending.token)
    messages.success(
        request,
        _(
            "Imported %(file)s: %(created)d created, %(updated)d updated, %(memberships)d "
            "memberships added, %(unchanged)d unchanged."
        )
        % {
            "file": batch.file_name,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "memberships": batch.membership_count,
            "unchanged": batch.unchanged_count,
        },
    )
    return redirect("ecosystem:organisation_detail", slug=network.slug)
