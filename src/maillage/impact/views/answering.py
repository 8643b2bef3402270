"""The answering pages, shared by the two doors a participant comes through: a signed link from
an e-mail (no login), or the history page of a logged-in person. The door only decides how the
page's own links are made; what is asked and checked is the same."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.impact.forms import NewPartnerForm, OutcomeForm, RatingForm
from maillage.impact.links import rating_token, wave_token
from maillage.impact.meetings import PartnerMeeting, meetings_of
from maillage.impact.models import Invitation, MeetingRating, Outcome
from maillage.impact.services.answers import (
    declare_nothing_to_report,
    follow_up_candidates,
    new_partner_choices,
    rate_meeting,
    report_outcome,
    withdraw_outcome,
    withdraw_rating,
)


@dataclass(frozen=True)
class Door:
    """How the pages link to each other: ``link`` (signed) or ``login`` (the history)."""

    kind: str
    #: A platform admin reading someone's answers: no form.
    read_only: bool = False

    def rate_url(self, invitation: Invitation, request_id: int) -> str:
        if self.kind == "link":
            return reverse("impact:rate", args=[request_id, rating_token(invitation, request_id)])
        return reverse("impact:history_rate", args=[invitation.pk, request_id])

    def wave_url(self, invitation: Invitation) -> str:
        if self.kind == "link":
            return reverse("impact:wave", args=[wave_token(invitation)])
        return reverse("impact:history_invitation", args=[invitation.pk])


@dataclass(frozen=True)
class RatedMeeting:
    meeting: PartnerMeeting
    rating: MeetingRating | None
    url: str


def rated_meetings(invitation: Invitation, door: Door) -> list[RatedMeeting]:
    ratings = {r.request_id: r for r in invitation.ratings.all()}
    return [
        RatedMeeting(m, ratings.get(m.request_id), door.rate_url(invitation, m.request_id))
        for m in meetings_of(invitation.registration)
    ]


def _rating_initial(rating: MeetingRating | None) -> dict[str, str]:
    if rating is None:
        return {}
    return {
        "took_place": "yes" if rating.took_place else "no",
        "interest": rating.interest,
        "comment": rating.comment,
    }


def rating_page(
    request: HttpRequest, invitation: Invitation, request_id: int, door: Door
) -> HttpResponse:
    """Rate one meeting (or withdraw its rating); the participant's other meetings are listed
    with their own links."""
    meetings = rated_meetings(invitation, door)
    current = next((m for m in meetings if m.meeting.request_id == request_id), None)
    if current is None:
        return render(
            request,
            "impact/link_refused.html",
            {"problem": "other_meeting", "invitation": invitation},
            status=404,
        )
    form = RatingForm(initial=_rating_initial(current.rating))
    if request.method == "POST" and not door.read_only:
        here = door.rate_url(invitation, request_id)
        if request.POST.get("action") == "withdraw":
            try:
                withdraw_rating(invitation=invitation, request_id=request_id)
            except ValidationFailed as error:
                messages.error(request, error.text)
            else:
                messages.success(request, _("Your rating of this meeting is withdrawn."))
            return redirect(here)
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                rate_meeting(
                    invitation=invitation,
                    request_id=request_id,
                    took_place=form.took_place_value,
                    interest=form.cleaned_data["interest"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationFailed as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your rating is saved."))
                return redirect(here)
    return render(
        request,
        "impact/rate.html",
        {
            "invitation": invitation,
            "current": current,
            "meetings": meetings,
            "form": form,
            "door": door,
        },
        status=400 if form.errors else 200,
    )


def _outcome_initial(outcome: Outcome | None) -> dict[str, object]:
    if outcome is None:
        return {}
    return {
        "status": outcome.status,
        "kind": outcome.kind,
        "amount": "" if outcome.amount is None else f"{outcome.amount:f}",
        "amount_band": outcome.amount_band,
        "agreed_on": outcome.agreed_on,
        "publishable": outcome.publishable,
    }


def _save_outcome(
    request: HttpRequest,
    invitation: Invitation,
    form: OutcomeForm,
    *,
    request_id: int | None = None,
    partner_id: int | None = None,
) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        report_outcome(
            invitation=invitation,
            status=data["status"],
            kind=data["kind"],
            amount=data["amount"],
            amount_band=data["amount_band"],
            agreed_on=data["agreed_on"],
            publishable=data["publishable"],
            request_id=request_id,
            partner_id=partner_id,
        )
    except ValidationFailed as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("Thank you: your answer is saved."))
    return True


def wave_page(request: HttpRequest, invitation: Invitation, door: Door) -> HttpResponse:
    """A follow-up wave: an outcome for each meeting rated "cooperation possible", new partners,
    or nothing to report; answers can be changed or withdrawn."""
    outcomes = {o.partner_id: o for o in invitation.outcomes.select_related("partner")}
    candidates = follow_up_candidates(invitation)
    partners = new_partner_choices(invitation)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        m.request_id: OutcomeForm(
            request.POST if action == f"meeting:{m.request_id}" else None,
            initial=_outcome_initial(outcomes.get(m.partner.pk)),
            prefix=f"m{m.request_id}",
        )
        for m in candidates
    }
    new_form = NewPartnerForm(
        request.POST if action == "new" else None, partners=partners, prefix="new"
    )
    if action and not door.read_only:
        done = _act(request, invitation, action, forms, new_form)
        if done:
            return redirect(door.wave_url(invitation))
    known = {m.partner.pk for m in candidates}
    return render(
        request,
        "impact/wave.html",
        {
            "invitation": invitation,
            "items": [(m, forms[m.request_id], outcomes.get(m.partner.pk)) for m in candidates],
            "others": [o for pk, o in outcomes.items() if pk not in known],
            "new_form": new_form,
            "door": door,
        },
        status=400 if any(f.errors for f in [*forms.values(), new_form]) else 200,
    )


def _act(
    request: HttpRequest,
    invitation: Invitation,
    action: str,
    forms: dict[int, OutcomeForm],
    new_form: NewPartnerForm,
) -> bool:
    """Carry out one of the wave page's actions; True when the page should be reloaded (False
    keeps the form with its errors)."""
    kind, _sep, value = action.partition(":")
    if kind == "meeting" and value.isdigit() and int(value) in forms:
        return _save_outcome(request, invitation, forms[int(value)], request_id=int(value))
    if kind == "new":
        partner = new_form.cleaned_data["partner"] if new_form.is_valid() else None
        return partner is not None and _save_outcome(
            request, invitation, new_form, partner_id=partner.pk
        )
    try:
        if kind == "withdraw" and value.isdigit():
            withdraw_outcome(invitation=invitation, outcome_id=int(value))
            messages.success(request, _("Your answer is withdrawn."))
        elif kind in {"nothing", "something"}:
            declare_nothing_to_report(invitation=invitation, nothing=kind == "nothing")
            messages.success(request, _("Thank you: your answer is saved."))
        else:
            messages.error(request, _("This action is unknown; reload the page and try again."))
    except ValidationFailed as error:
        messages.error(request, error.text)
    return True


def invitation_page(request: HttpRequest, invitation: Invitation, door: Door) -> HttpResponse:
    """The page a wave link (or the history) opens: the list of meetings to rate, or the wave."""
    if invitation.wave.is_rating:
        return render(
            request,
            "impact/rating_list.html",
            {"invitation": invitation, "meetings": rated_meetings(invitation, door), "door": door},
        )
    return wave_page(request, invitation, door)
