"""Directory pages: list with facets and search, organisation page, edit forms, ecosystem map.

Views read through ``directory`` and ``queries``, decide through ``permissions`` and
write through ``services`` (as the API does); they hold no filtering or role logic of their own.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.core.htmx import render_page_or_partial
from maillage.core.pagination import query_without_page
from maillage.ecosystem import logos, permissions, queries, services
from maillage.ecosystem.directory import directory_page
from maillage.ecosystem.filters import DirectoryFilters
from maillage.ecosystem.forms import ContactForm, LogoForm, OrganisationForm
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.network_map import layout_network_map


@require_http_methods(["GET", "HEAD"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = DirectoryFilters.from_params(request.GET)
    directory = directory_page(request.user, filters, request.GET.get("page") or 1)
    context = {
        "directory": directory,
        "filters": filters,
        "page_obj": directory.page,
        "query_without_page": query_without_page(request),
        "can_create": permissions.can_create_organisation(request.user),
    }
    return render_page_or_partial(request, "ecosystem/organisation_list.html", "directory", context)


@require_http_methods(["GET", "HEAD"])
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.organisation_page(
        request.user, slug, member_page=request.GET.get("members_page", 1)
    )
    return render(request, "ecosystem/organisation_detail.html", {"page": page})


def _organisation_form_page(
    request: HttpRequest, organisation: Organisation | None
) -> HttpResponse:
    instance = organisation or Organisation()
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=instance, actor=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            if organisation is None:
                saved = services.create_organisation(actor=request.user, data=form.service_data())
            else:
                saved = services.update_organisation(
                    actor=request.user, organisation=organisation, data=form.service_data()
                )
        except ValidationFailed as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("ecosystem:organisation_detail", slug=saved.slug)
    status = 400 if request.method == "POST" else 200
    return _render_form_page(request, form, organisation, LogoForm(), status=status)


def _render_form_page(
    request: HttpRequest,
    form: OrganisationForm,
    organisation: Organisation | None,
    logo_form: LogoForm,
    *,
    status: int,
) -> HttpResponse:
    context = {"form": form, "organisation": organisation, "logo_form": logo_form}
    return render(request, "ecosystem/organisation_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    permissions.check_can_create_organisation(request.user)
    return _organisation_form_page(request, None)


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = queries.organisation_for_edit(request.user, slug)
    return _organisation_form_page(request, organisation)


@require_http_methods(["POST"])
def organisation_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """Replace (a file in ``logo``) or remove (``remove`` set) the organisation's logo; a
    refused file shows the edit page again with the reason, and the old logo stays."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = queries.organisation_for_edit(request.user, slug)
    if request.POST.get("remove"):
        logos.remove_organisation_logo(actor=request.user, organisation=organisation)
        messages.success(request, _("The logo was removed."))
        return redirect("ecosystem:organisation_edit", slug=organisation.slug)
    logo_form = LogoForm(request.POST, request.FILES)
    if logo_form.is_valid():
        upload = logo_form.cleaned_data["logo"]
        try:
            logos.set_organisation_logo(
                actor=request.user, organisation=organisation, upload=upload, size=upload.size
            )
        except ValidationFailed as error:
            add_service_errors(logo_form, error)
        else:
            messages.success(request, _("The logo was saved."))
            return redirect("ecosystem:organisation_edit", slug=organisation.slug)
    form = OrganisationForm(instance=organisation, actor=request.user)
    return _render_form_page(request, form, organisation, logo_form, status=400)


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, slug: str, contact_id: int | None = None) -> HttpResponse:
    """Add (no ``contact_id``) or change a contact of the organisation ``slug``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if contact_id is None:
        organisation = queries.organisation_for_edit(request.user, slug)
        form = ContactForm(request.POST if request.method == "POST" else None)
    else:
        contact = queries.contact_for_edit(request.user, slug, contact_id)
        organisation = contact.organisation
        form = ContactForm(request.POST if request.method == "POST" else None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.save_contact(
            actor=request.user, contact=form.save(commit=False), organisation=organisation
        )
        messages.success(request, _("The contact was saved."))
        return redirect("ecosystem:organisation_detail", slug=organisation.slug)
    return render(
        request,
        "ecosystem/contact_form.html",
        {"form": form, "organisation": organisation, "contact": form.instance},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD"])
def network_map(request: HttpRequest) -> HttpResponse:
    filters = DirectoryFilters.from_params(request.GET)
    data = queries.network_map_data(request.user, filters)
    layout = layout_network_map(data.nodes, data.shared)
    return render(
        request,
        "ecosystem/network_map.html",
        {
            "layout": layout,
            "strongest": layout.strongest(15),
            "axes": [group for group in layout.groups if group],
            "filters": filters,
        },
    )
