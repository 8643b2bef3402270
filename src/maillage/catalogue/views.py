"""Public catalogue pages, an entry's page with its labels and their dates, a label's page with
its holders and (for its body) the applications to review; the review actions."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maillage.catalogue import permissions, queries, services
from maillage.catalogue.models import Entry, Label
from maillage.core.errors import ValidationFailed
from maillage.core.htmx import is_partial_request
from maillage.core.pagination import query_without_page


@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    filters = queries.CatalogueFilters.from_params(request.GET)
    page = queries.catalogue_page(filters, request.GET.get("page") or 1)
    context = {
        "catalogue": page,
        "page_obj": page.page,
        "query_without_page": query_without_page(request),
    }
    template = "catalogue/entry_list.html"
    if is_partial_request(request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def entry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "catalogue/entry_detail.html", {"page": queries.entry_page(request.user, slug)}
    )


@require_GET
def label_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "catalogue/label_detail.html", {"page": queries.label_page(request.user, slug)}
    )


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    entry = get_object_or_404(Entry, slug=slug)
    label = get_object_or_404(Label, slug=request.POST.get("label", ""))
    try:
        services.apply_for_label(
            actor=request.user,
            label=label,
            entry=entry,
            statement=request.POST.get("statement", ""),
        )
    except ValidationFailed as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The application was sent to the labelling body."))
    return redirect("catalogue:entry_detail", slug=entry.slug)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (with an expiry), refuse (with a reason) or withdraw (with a reason)."""
    application = queries.application_for(pk)
    if not permissions.can_review(request.user, application.label):
        raise PermissionDenied(permissions.REVIEW_REFUSED)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            raw = request.POST.get("valid_until", "")
            try:
                until = date.fromisoformat(raw) if raw else None
            except ValueError:
                raise ValidationFailed(
                    {"valid_until": [_("The expiry is not a date (YYYY-MM-DD).")]}
                ) from None
            services.approve_application(
                actor=request.user, application=application, valid_until=until
            )
        elif action == "refuse":
            services.refuse_application(actor=request.user, application=application, reason=reason)
        elif action == "withdraw":
            services.withdraw_label(actor=request.user, application=application, reason=reason)
        else:
            raise ValidationFailed({"action": [_("Choose approve, refuse or withdraw.")]})
    except ValidationFailed as error:
        messages.error(request, error.text)
        return redirect("catalogue:label_detail", slug=application.label.slug)
    messages.success(request, _("The application was updated."))
    return redirect("catalogue:label_detail", slug=application.label.slug)
