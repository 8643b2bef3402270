"""Invitations to join a cluster or pole, answered by the invited organisation's representatives.

A member import that lists an organisation already in the directory, which the importer may not
edit, does not make it a member: it invites it (``Membership.pending``). Until one of its
representatives accepts, the organisation is no member anywhere and the network's managers get
no rights over it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import Affiliation
from maillage.accounts.permissions import AnyUser, organisation_ids_with_role
from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.ecosystem.models import Membership
from maillage.ecosystem.services import answer_membership_invitation


def invitations_for(user: AnyUser) -> QuerySet[Membership]:
    """The pending invitations of the organisations ``user`` represents."""
    represented = organisation_ids_with_role(user, Affiliation.Role.REPRESENTATIVE)
    return (
        Membership.objects.filter(pending=True, organisation_id__in=represented)
        .select_related("organisation", "network")
        .order_by("organisation__name", "network__name")
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "ecosystem/invitations.html", {"invitations": invitations_for(request.user)}
    )


@login_required
@require_POST
def invitation_answer(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "network"), pk=membership_id
    )
    accept = request.POST.get("answer") == "accept"
    try:
        answer_membership_invitation(actor=request.user, membership=membership, accept=accept)
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        template = (
            _("%(organisation)s is now a member of %(network)s.")
            if accept
            else _("%(organisation)s declined to join %(network)s.")
        )
        messages.success(
            request,
            template % {"organisation": membership.organisation, "network": membership.network},
        )
    return redirect("ecosystem:invitations")
