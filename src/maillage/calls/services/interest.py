"""Expressions of interest: a member tells the relaying cluster it means to apply."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.calls import permissions
from maillage.calls.eligibility import (
    applicant_is_eligible,
    applicant_of,
    country_is_eligible,
)
from maillage.calls.models import Call, CallStatus, ExpressionOfInterest
from maillage.calls.queries import status_of
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation

MAX_MESSAGE = 2000


def eligibility_problems(call: Call, organisation: Organisation) -> list[str]:
    """Why ``organisation`` may not apply to ``call`` (empty: it may)."""
    problems = []
    if not applicant_is_eligible(call.eligible_applicants, applicant_of(organisation)):
        problems.append(
            _("This call does not fund organisations of the kind “%(kind)s”.")
            % {"kind": organisation.get_kind_display()}
        )
    if not country_is_eligible(call.eligible_countries, organisation.country):
        problems.append(
            _("This call is not open to organisations established in %(country)s.")
            % {"country": organisation.country}
        )
    return problems


def express_interest(
    *, actor: AnyUser, call: Call, organisation: Organisation, message: str = ""
) -> tuple[ExpressionOfInterest, bool]:
    """Record (or update the message of) ``organisation``'s interest in ``call``.

    Returns the expression and whether it is new. Refused when the actor does not act for the
    organisation (403), and with a ``ValidationFailed`` when the call has no relaying cluster,
    is closed, or does not fund this organisation.
    """
    permissions.check_can_act_for(actor, organisation)
    errors: dict[str, list[str]] = {}
    if call.relayed_by_id is None:
        errors[NON_FIELD] = [
            _("Interest goes to the cluster relaying a call, and no cluster relays this one.")
        ]
    elif status_of(call) == CallStatus.CLOSED:
        errors[NON_FIELD] = [_("This call is closed.")]
    else:
        problems = eligibility_problems(call, organisation)
        if problems:
            errors[NON_FIELD] = problems
    if len(message) > MAX_MESSAGE:
        errors["message"] = [
            _("The message is longer than %(count)d characters.") % {"count": MAX_MESSAGE}
        ]
    if errors:
        raise ValidationFailed(errors)
    user = actor if isinstance(actor, User) else None
    try:
        with transaction.atomic():
            interest, created = ExpressionOfInterest.objects.get_or_create(
                call=call,
                organisation=organisation,
                defaults={"user": user, "message": message.strip()},
            )
    except IntegrityError:  # the same organisation, twice at once: the other request won
        interest, created = (
            ExpressionOfInterest.objects.get(call=call, organisation=organisation),
            False,
        )
    if not created and interest.message != message.strip():
        interest.message = message.strip()
        interest.user = user
        interest.save(update_fields=["message", "user"])
    return interest, created


def withdraw_interest(*, actor: AnyUser, call: Call, organisation: Organisation) -> bool:
    """Remove ``organisation``'s interest in ``call``; whether there was one."""
    permissions.check_can_act_for(actor, organisation)
    deleted, _rows = ExpressionOfInterest.objects.filter(
        call=call, organisation=organisation
    ).delete()
    return bool(deleted)
