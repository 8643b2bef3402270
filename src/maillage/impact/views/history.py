"""A company's follow-up history across events, for its own people (login), and read-only for
the platform admins."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.events.models import Event
from maillage.impact import queries
from maillage.impact.models import Invitation
from maillage.impact.permissions import can_answer_for
from maillage.impact.services.subscription import is_subscribed, resubscribe, unsubscribe
from maillage.impact.views.answering import Door, invitation_page, rating_page

LOGIN = Door("login")
READ_ONLY = Door("login", read_only=True)


@dataclass(frozen=True)
class EventHistory:
    event: Event
    organisation: str
    invitations: list[Invitation]


def _by_event(invitations: list[Invitation]) -> list[EventHistory]:
    """Invitations grouped by participation (an event and the organisation that took part)."""
    grouped: dict[tuple[int, int], list[Invitation]] = defaultdict(list)
    for invitation in invitations:
        grouped[(invitation.wave.plan.event_id, invitation.registration_id)].append(invitation)
    return [
        EventHistory(
            items[0].wave.plan.event, items[0].registration.organisation.display_name, items
        )
        for items in grouped.values()
    ]


@login_required
@require_http_methods(["GET", "HEAD"])
def history(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    invitations = list(
        queries.answers_visible_to(request.user).prefetch_related("ratings", "outcomes")
    )
    return render(
        request,
        "impact/history.html",
        {
            "participations": _by_event(invitations),
            "subscribed": is_subscribed(request.user),
            "can_report": queries.report_organisers(request.user).exists(),
            "door": LOGIN,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def organisation_history(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, invitations = queries.organisation_history(request.user, slug)
    return render(
        request,
        "impact/history.html",
        {
            "organisation": organisation,
            "participations": _by_event(list(invitations.prefetch_related("ratings", "outcomes"))),
            "door": READ_ONLY,
        },
    )


def _door(request: HttpRequest, invitation: Invitation) -> Door:
    change = can_answer_for(request.user, invitation.registration)
    return LOGIN if change else READ_ONLY


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    found = queries.invitation_for(request.user, invitation_id, change=request.method == "POST")
    return invitation_page(request, found, _door(request, found))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, invitation_id: int, request_id: int) -> HttpResponse:
    found = queries.invitation_for(request.user, invitation_id, change=request.method == "POST")
    return rating_page(request, found, request_id, _door(request, found))


@login_required
@require_POST
def subscription(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    if request.POST.get("subscribe") == "yes":
        resubscribe(user=request.user)
        messages.success(request, _("You will receive the follow-up e-mails again."))
    else:
        unsubscribe(user_id=request.user.pk)
        messages.success(request, _("You will no longer receive follow-up e-mails."))
    return redirect("impact:history")
