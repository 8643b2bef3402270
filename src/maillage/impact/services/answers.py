"""Giving, changing and withdrawing answers.

Every function checks first (the wave, the meeting, the values) and writes only when all is
right: a refused answer leaves nothing behind. Who may answer is checked by the caller's door:
a signed link (it names the invitation) or ``permissions.can_answer_for`` for a logged-in user.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.events.models import Registration
from maillage.impact.amounts import AmountError, check_amount, parse_amount
from maillage.impact.meetings import PartnerMeeting, meetings_of
from maillage.impact.models import Invitation, MeetingRating, Outcome
from maillage.impact.models.answers import AmountBand

MAX_COMMENT = 2000


def _meeting(invitation: Invitation, request_id: int) -> PartnerMeeting:
    for meeting in meetings_of(invitation.registration):
        if meeting.request_id == request_id:
            return meeting
    raise ValidationFailed({NON_FIELD: _("This meeting is not one of yours at this event.")})


def _mark_answered(invitation: Invitation, now: dt.datetime) -> None:
    if invitation.answered_at is None:
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])


def _unmark_if_empty(invitation: Invitation) -> None:
    """After a withdrawal: with no answer left, the participant is no longer a respondent."""
    if invitation.nothing_to_report or invitation.ratings.exists() or invitation.outcomes.exists():
        return
    invitation.answered_at = None
    invitation.save(update_fields=["answered_at"])


def rate_meeting(
    *,
    invitation: Invitation,
    request_id: int,
    took_place: bool | None,
    interest: str = "",
    comment: str = "",
    now: dt.datetime | None = None,
) -> MeetingRating:
    """Record (or change) the participant's rating of one of its meetings."""
    if not invitation.wave.is_rating:
        raise ValidationFailed({NON_FIELD: _("Meetings are rated in the rating, not in a wave.")})
    _meeting(invitation, request_id)
    errors: dict[str, str] = {}
    if took_place is None:
        errors["took_place"] = _("Say whether the meeting took place.")
    elif took_place and interest not in MeetingRating.Interest.values:
        errors["interest"] = _(
            "Say what the meeting brought: nothing, knowledge, or a possible cooperation."
        )
    if len(comment) > MAX_COMMENT:
        errors["comment"] = _("Keep the comment under %(n)d characters.") % {"n": MAX_COMMENT}
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        rating, _created = MeetingRating.objects.update_or_create(
            invitation=invitation,
            request_id=request_id,
            defaults={
                "took_place": bool(took_place),
                "interest": interest if took_place else "",
                "comment": comment.strip(),
            },
        )
        _mark_answered(invitation, now or timezone.now())
    return rating


def withdraw_rating(*, invitation: Invitation, request_id: int) -> None:
    """Delete the participant's rating of a meeting: it no longer counts anywhere."""
    with transaction.atomic():
        deleted, _detail = MeetingRating.objects.filter(
            invitation=invitation, request_id=request_id
        ).delete()
        if not deleted:
            raise ValidationFailed(
                {NON_FIELD: _("There is no rating of this meeting to withdraw.")}
            )
        _unmark_if_empty(invitation)


def follow_up_candidates(invitation: Invitation) -> list[PartnerMeeting]:
    """The meetings a wave asks about: those the participant rated "cooperation possible"."""
    rated = set(
        MeetingRating.objects.filter(
            invitation__registration=invitation.registration,
            interest=MeetingRating.Interest.COOPERATION,
        ).values_list("request_id", flat=True)
    )
    return [m for m in meetings_of(invitation.registration) if m.request_id in rated]


def new_partner_choices(invitation: Invitation) -> list[Organisation]:
    """Organisations a participant may add as a new partner met through the event: the event's
    other participants."""
    return list(
        Organisation.objects.filter(
            registrations__event_id=invitation.registration.event_id,
            registrations__status=Registration.Status.CONFIRMED,
        )
        .exclude(pk=invitation.registration.organisation_id)
        .distinct()
        .order_by("name")
    )


def _amount(amount: str | Decimal | None, band: str) -> tuple[Decimal | None, str]:
    if amount in (None, ""):
        value = None
    elif isinstance(amount, Decimal):
        value = check_amount(amount)
    else:
        value = parse_amount(str(amount))
    if band and band not in AmountBand.values:
        raise ValidationFailed({"amount_band": _("Choose one of the bands offered.")})
    if value is not None and band:
        raise ValidationFailed({"amount": _("Give an exact amount or a band, not both.")})
    return value, band


def _agreement_details(
    *,
    invitation: Invitation,
    status: str,
    kind: str,
    amount: str | Decimal | None,
    amount_band: str,
    agreed_on: dt.date | None,
    today: dt.date,
) -> dict[str, object]:
    """The fields an outcome stores, or ``ValidationFailed`` naming each wrong one."""
    errors: dict[str, str] = {}
    if status not in Outcome.Status.values:
        errors["status"] = _("Choose the outcome: no further contact, negotiation, or agreement.")
    agreement = status == Outcome.Status.AGREEMENT
    if agreement and kind not in Outcome.Kind.values:
        errors["kind"] = _("Choose the kind of agreement.")
    if not agreement and (kind or amount not in (None, "") or amount_band or agreed_on):
        errors[NON_FIELD] = _("Only an agreement has a kind, an amount or a date.")
    value: Decimal | None = None
    band = ""
    try:
        value, band = _amount(amount, amount_band)
    except AmountError as error:
        errors["amount"] = str(error)
    except ValidationFailed as error:
        errors.update({field: " ".join(msgs) for field, msgs in error.errors.items()})
    if agreed_on is not None:
        held_on = invitation.wave.plan.held_on
        if agreed_on > today:
            errors["agreed_on"] = _("The agreement's date cannot be in the future.")
        elif agreed_on < held_on:
            errors["agreed_on"] = _("The agreement cannot predate the meeting (%(day)s).") % {
                "day": held_on.isoformat()
            }
    if errors:
        raise ValidationFailed(errors)
    return {
        "status": status,
        "kind": kind if agreement else "",
        "amount": value,
        "amount_band": band,
        "agreed_on": agreed_on,
    }


def report_outcome(
    *,
    invitation: Invitation,
    status: str,
    request_id: int | None = None,
    partner_id: int | None = None,
    kind: str = "",
    amount: str | Decimal | None = None,
    amount_band: str = "",
    agreed_on: dt.date | None = None,
    publishable: bool = False,
    now: dt.datetime | None = None,
) -> Outcome:
    """Record (or change) what came of a meeting (``request_id``) or of a new partner met
    through the event (``partner_id``), in this wave."""
    now = now or timezone.now()
    if invitation.wave.is_rating:
        raise ValidationFailed({NON_FIELD: _("Outcomes are reported in the follow-up waves.")})
    if (request_id is None) == (partner_id is None):
        raise ValidationFailed({NON_FIELD: _("Name either one of your meetings or a new partner.")})
    partner = (
        _meeting(invitation, request_id).partner
        if request_id is not None
        else next((o for o in new_partner_choices(invitation) if o.pk == partner_id), None)
    )
    if partner is None:
        raise ValidationFailed(
            {"partner": _("Choose the new partner among the event's participants.")}
        )
    fields = _agreement_details(
        invitation=invitation,
        status=status,
        kind=kind,
        amount=amount,
        amount_band=amount_band,
        agreed_on=agreed_on,
        today=timezone.localdate(now),
    )
    with transaction.atomic():
        outcome, _created = Outcome.objects.update_or_create(
            invitation=invitation,
            partner=partner,
            defaults={**fields, "request_id": request_id, "publishable": publishable},
        )
        _mark_answered(invitation, now)
    return outcome


def withdraw_outcome(*, invitation: Invitation, outcome_id: int) -> None:
    with transaction.atomic():
        deleted, _detail = Outcome.objects.filter(invitation=invitation, pk=outcome_id).delete()
        if not deleted:
            raise ValidationFailed({NON_FIELD: _("There is no such answer to withdraw.")})
        _unmark_if_empty(invitation)


def declare_nothing_to_report(
    *, invitation: Invitation, nothing: bool = True, now: dt.datetime | None = None
) -> Invitation:
    """The participant answers the wave with "nothing to report" (or takes it back)."""
    if invitation.wave.is_rating:
        raise ValidationFailed({NON_FIELD: _("Rate your meetings one by one.")})
    with transaction.atomic():
        invitation.nothing_to_report = nothing
        invitation.save(update_fields=["nothing_to_report"])
        if nothing:
            _mark_answered(invitation, now or timezone.now())
        else:
            _unmark_if_empty(invitation)
    return invitation
