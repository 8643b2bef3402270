"""The pages the follow-up e-mails open without a login: rate one meeting, answer a wave,
unsubscribe. A link that is tampered with, expired or made for another meeting gets a page that
says so and what to do instead."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from maillage.impact.links import (
    LinkProblem,
    LinkRefusedError,
    read_rating_link,
    read_unsubscribe_link,
    read_wave_link,
)
from maillage.impact.meetings import meetings_of
from maillage.impact.models import Invitation
from maillage.impact.services.mail import send_invitation
from maillage.impact.services.subscription import unsubscribe
from maillage.impact.views.answering import Door, invitation_page, rating_page

LINK = Door("link")
#: Gone for an expired link (it will not work again); bad request for one that never could.
STATUS = {LinkProblem.EXPIRED: 410, LinkProblem.TAMPERED: 400, LinkProblem.OTHER_MEETING: 400}


def refused(request: HttpRequest, error: LinkRefusedError, token: str = "") -> HttpResponse:
    invitation = error.invitation
    renewable = invitation is not None and timezone.now() < invitation.wave.closes_at
    return render(
        request,
        "impact/link_refused.html",
        {
            "problem": error.problem.value,
            "invitation": invitation,
            "renewable": renewable,
            "token": token,
        },
        status=STATUS[error.problem],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, request_id: int, token: str) -> HttpResponse:
    try:
        link = read_rating_link(token, request_id)
    except LinkRefusedError as error:
        return refused(request, error, token)
    return rating_page(request, link.invitation, request_id, LINK)


@require_http_methods(["GET", "HEAD", "POST"])
def wave(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = read_wave_link(token)
    except LinkRefusedError as error:
        return refused(request, error, token)
    return invitation_page(request, invitation, LINK)


@require_POST
def renew(request: HttpRequest) -> HttpResponse:
    """E-mail fresh links to the participant a genuine (but expired or misused) link names, to
    their own address only, while their wave is open."""
    token = request.POST.get("token", "")
    request_id = request.POST.get("request", "")
    found: Invitation | None
    try:
        if request_id.isdigit():
            found = read_rating_link(token, int(request_id)).invitation
        else:
            found = read_wave_link(token)
    except LinkRefusedError as error:
        found = error.invitation
        if found is None:
            return refused(request, error)
    invitation = found
    if timezone.now() >= invitation.wave.closes_at:
        return render(request, "impact/link_renewed.html", {"sent": False}, status=410)
    meetings = meetings_of(invitation.registration) if invitation.wave.is_rating else []
    send_invitation(invitation, meetings)
    return render(request, "impact/link_renewed.html", {"sent": True})


# A mail program's one-click unsubscribe (RFC 8058) posts without a CSRF token; the token in the
# address is the authorisation, and unsubscribing can only stop e-mails.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET: one button (link scanners that open every link must not unsubscribe anyone);
    POST: done."""
    try:
        user_id = read_unsubscribe_link(token)
    except LinkRefusedError as error:
        return refused(request, error)
    done = request.method == "POST" and unsubscribe(user_id=user_id)
    return render(request, "impact/unsubscribe.html", {"done": done, "token": token})
