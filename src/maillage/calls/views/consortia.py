"""Consortium pages: start one from a call, its state, partners proposed by the matching
engine, invitations and their answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.calls import permissions, queries
from maillage.calls.forms import ConsortiumForm, InviteForm, WantedPartnerForm
from maillage.calls.models import Consortium, Partner, PartnerProposalRun, WantedPartner
from maillage.calls.reasons import render_reasons
from maillage.calls.services.background import partner_proposals_for
from maillage.calls.services.consortia import (
    add_wanted_partner,
    answer_invitation,
    invite_partner,
    remove_wanted_partner,
    start_consortium,
)
from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.core.htmx import is_partial_request
from maillage.ecosystem.models import Organisation

_UNPROCESSABLE = 422


@login_required
@require_http_methods(["GET", "POST"])
def consortium_create(request: HttpRequest, slug: str) -> HttpResponse:
    call = queries.call_by_slug(slug)
    permissions.check_can_commit(request.user)
    leads = queries.represented_organisations(request.user)
    form = ConsortiumForm(request.POST if request.method == "POST" else None, leads=leads)
    if request.method == "POST" and form.is_valid():
        try:
            consortium = start_consortium(
                actor=request.user,
                call=call,
                lead=form.cleaned_data["lead"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                wanted=form.wanted(),
            )
        except ValidationFailed as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The consortium was created: invite its partners."))
            return redirect("calls:consortium", consortium_id=consortium.pk)
    status = _UNPROCESSABLE if request.method == "POST" else 200
    return render(
        request, "calls/consortium_form.html", {"form": form, "call": call}, status=status
    )


@login_required
@require_GET
def consortium_list(request: HttpRequest) -> HttpResponse:
    """The visitor's consortia and the invitations waiting for their answer."""
    return render(
        request,
        "calls/consortium_list.html",
        {
            "consortia": list(queries.consortia_visible_to(request.user)),
            "invitations": list(queries.invitations_for(request.user)),
        },
    )


def _proposals(
    run: PartnerProposalRun, consortium: Consortium
) -> dict[int, list[dict[str, object]]]:
    """The run's proposals by wanted partner id, with organisations and rendered reasons."""
    raw = run.result.get("proposals", {}) if run.finished else {}
    ids = {item["organisation"] for items in raw.values() for item in items}
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    taken = {p.organisation_id for p in consortium.partners.all()}
    return {
        int(wanted_id): [
            {
                "organisation": organisations[item["organisation"]],
                "score": item["score"],
                "reasons": render_reasons(item["reasons"]),
            }
            for item in items
            if item["organisation"] in organisations and item["organisation"] not in taken
        ]
        for wanted_id, items in raw.items()
    }


@login_required
@require_GET
def consortium_detail(request: HttpRequest, consortium_id: int) -> HttpResponse:
    consortium = queries.consortium_for(request.user, consortium_id)
    leading = permissions.can_lead(request.user, consortium)
    state = queries.consortium_state(consortium)
    context: dict[str, object] = {
        "consortium": consortium,
        "state": state,
        "leading": leading,
        "answerable": {
            p.pk
            for p in state.partners
            if p.status == Partner.Status.INVITED
            and permissions.can_answer_invitation(request.user, p)
        },
    }
    if leading and state.missing:
        run = partner_proposals_for(actor=request.user, consortium=consortium)
        context.update(
            run=run,
            job=run,
            poll_url=reverse("calls:consortium", args=[consortium.pk]),
            proposals=_proposals(run, consortium),
            wanted_form=WantedPartnerForm(),
            invite_form=InviteForm(),
        )
        if is_partial_request(request):
            if run.finished:
                return HttpResponse(headers={"HX-Refresh": "true"})
            return render(request, "calls/_job_progress.html", context)
    elif leading:
        context.update(wanted_form=WantedPartnerForm(), invite_form=InviteForm())
    return render(request, "calls/consortium_detail.html", context)


def _led_consortium(request: HttpRequest, consortium_id: int) -> Consortium:
    consortium = queries.consortium_for(request.user, consortium_id)
    permissions.check_can_lead(request.user, consortium)
    return consortium


@login_required
@require_POST
def wanted_add(request: HttpRequest, consortium_id: int) -> HttpResponse:
    consortium = _led_consortium(request, consortium_id)
    form = WantedPartnerForm(request.POST)
    try:
        if not form.is_valid():
            raise form.as_refusal()
        add_wanted_partner(
            actor=request.user,
            consortium=consortium,
            role=form.cleaned_data["role"],
            country=form.cleaned_data["country"],
        )
    except ValidationFailed as error:
        flash_errors(request, error)
    return redirect("calls:consortium", consortium_id=consortium.pk)


@login_required
@require_POST
def wanted_remove(request: HttpRequest, consortium_id: int, wanted_id: int) -> HttpResponse:
    consortium = _led_consortium(request, consortium_id)
    wanted = get_object_or_404(WantedPartner, pk=wanted_id, consortium=consortium)
    remove_wanted_partner(actor=request.user, wanted=wanted)
    return redirect("calls:consortium", consortium_id=consortium.pk)


@login_required
@require_POST
def invite(request: HttpRequest, consortium_id: int) -> HttpResponse:
    consortium = _led_consortium(request, consortium_id)
    form = InviteForm(request.POST)
    try:
        if not form.is_valid():
            raise form.as_refusal()
        organisation = Organisation.objects.filter(slug=form.cleaned_data["organisation"]).first()
        if organisation is None:
            raise ValidationFailed(
                {"organisation": _("No organisation of the directory has this address.")}
            )
        wanted_id = form.cleaned_data["wanted"]
        wanted = consortium.wanted.filter(pk=wanted_id).first() if wanted_id else None
        if wanted_id and wanted is None:
            raise ValidationFailed({"wanted": _("This wanted partner is another consortium's.")})
        partner = invite_partner(
            actor=request.user,
            consortium=consortium,
            organisation=organisation,
            role=form.cleaned_data["role"],
            wanted=wanted,
            message=form.cleaned_data["message"],
        )
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(organisation)s was invited.") % {"organisation": partner.organisation},
        )
    return redirect("calls:consortium", consortium_id=consortium.pk)


@login_required
@require_POST
def invitation_answer(
    request: HttpRequest, consortium_id: int, partner_id: int, answer: str
) -> HttpResponse:
    """Accept or decline an invitation: the invited organisation's representatives only."""
    partner = (
        Partner.objects.select_related("organisation", "consortium")
        .filter(pk=partner_id, consortium_id=consortium_id)
        .first()
    )
    if partner is None:
        raise Http404(_("No such invitation."))
    try:
        answer_invitation(actor=request.user, partner=partner, accept=answer == "accept")
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        if answer == "accept":
            messages.success(request, _("You joined the consortium."))
        else:
            messages.success(request, _("You declined the invitation."))
    return redirect("calls:consortium", consortium_id=consortium_id)
