"""Marketplace pages: browse offers and needs with filters, a listing's page, and the
publish, edit and withdraw forms of an organisation's representatives.

Views read through ``queries``, decide through ``permissions`` and write through ``services``
(as the API does); they hold no filtering or role logic of their own.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.errors import ValidationFailed
from maillage.core.htmx import render_page_or_partial
from maillage.core.pagination import query_without_page
from maillage.marketplace import permissions, queries, services
from maillage.marketplace.forms import ListingForm
from maillage.marketplace.models import Listing


@require_http_methods(["GET", "HEAD"])
def listing_list(request: HttpRequest) -> HttpResponse:
    filters = queries.ListingFilters.from_params(request.GET)
    page = queries.marketplace_page(request.user, filters, request.GET.get("page") or 1)
    context = {
        "marketplace": page,
        "page_obj": page.page,
        "query_without_page": query_without_page(request),
        "kinds": Listing.Direction.choices,
        "types": Listing.Category.choices,
    }
    return render_page_or_partial(request, "marketplace/listing_list.html", "results", context)


@require_http_methods(["GET", "HEAD"])
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = queries.listing_for(request.user, pk)
    return render(
        request,
        "marketplace/listing_detail.html",
        {"listing": listing, "can_edit": permissions.can_edit_listing(request.user, listing)},
    )


@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisations = queries.publishable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(permissions.PUBLISH_REFUSED)
    initial: dict[str, object] = {"language": (request.LANGUAGE_CODE or "fr")[:2]}
    wanted = request.GET.get("organisation")
    if wanted:
        initial["organisation"] = organisations.filter(slug=wanted).first()
    form = ListingForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.publish_listing(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.service_data(),
            )
        except ValidationFailed as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The listing was published."))
            return redirect("marketplace:listing_detail", pk=listing.pk)
    return render(
        request,
        "marketplace/listing_form.html",
        {"form": form, "listing": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    listing = queries.listing_for_edit(request.user, pk)
    form = ListingForm(request.POST if request.method == "POST" else None, listing=listing)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_listing(actor=request.user, listing=listing, data=form.service_data())
        except ValidationFailed as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The listing was saved."))
            return redirect("marketplace:listing_detail", pk=listing.pk)
    return render(
        request,
        "marketplace/listing_form.html",
        {"form": form, "listing": listing},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def listing_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    listing = queries.listing_for_edit(request.user, pk)
    services.withdraw_listing(actor=request.user, listing=listing)
    messages.success(request, _("The listing was withdrawn: it no longer appears anywhere."))
    return redirect("marketplace:listing_detail", pk=listing.pk)
