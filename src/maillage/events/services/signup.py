"""The registrant's path: pick, claim or create the organisation, register, get the e-mail."""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.links import absolute_url
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.services import create_own_organisation
from maillage.events.models import Event, Registration
from maillage.events.services.registration import register_participant
from maillage.events.services.reminders import send_registration_confirmation
from maillage.events.suggestion_table import invalidate_suggestions


def own_organisations(user: User) -> list[Organisation]:
    """Organisations the user is affiliated with (not networks), by name."""
    return list(
        Organisation.objects.filter(affiliations__user=user)
        .exclude(kind__in=Organisation.NETWORK_KINDS)
        .distinct()
        .order_by("name")
    )


def check_claim(*, organisation: Organisation) -> None:
    """A registrant may register on behalf of a directory organisation they work for.

    The claim is unverified, so it grants no affiliation: an affiliation would open the
    organisation's (and its networks') private contacts to whoever typed its number. The
    registration alone records who came for it; organisers see it in the participant list.
    """
    if organisation.is_network:
        raise ValidationFailed(
            {"claim": _("Register with your own organisation, not a cluster or pole.")}
        )


def register_for_event(
    *,
    event: Event,
    user: User,
    organisation: Organisation | None = None,
    claim: Organisation | None = None,
    new_organisation: Mapping[str, object] | None = None,
    role: str,
    offers: str = "",
    needs: str = "",
    unavailable_slots: Iterable[int] = (),
) -> Registration:
    """Register ``user`` with exactly one of: an organisation of theirs, a claimed directory
    organisation, or a new one (through ``ecosystem.services``). Sends the confirmation.

    Refused as a whole (nothing written, not even the organisation) on any error.
    """
    given = [x is not None for x in (organisation, claim, new_organisation)]
    if sum(given) != 1:
        raise ValidationFailed(
            {"organisation": _("Choose your organisation, claim one, or create it.")}
        )
    if organisation is not None and organisation not in own_organisations(user):
        raise PermissionDenied(_("You are not affiliated with this organisation."))
    with transaction.atomic():
        if claim is not None:
            check_claim(organisation=claim)
            organisation = claim
        elif new_organisation is not None:
            organisation = create_own_organisation(actor=user, data=new_organisation)
        assert organisation is not None
        registration = register_participant(
            event=event,
            user=user,
            organisation=organisation,
            role=role,
            offers=offers,
            needs=needs,
            unavailable_slots=unavailable_slots,
        )
    invalidate_suggestions(event.pk)
    send_registration_confirmation(registration=registration)
    return registration


def send_existing_account_notice(*, email: str, event: Event) -> None:
    """Tell the owner of ``email`` that someone tried to register it for ``event``: if it was
    them, they log in (or reset their password) and register; otherwise nothing happened."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Your registration for %(event)s") % {"event": event.name}
        body = _(
            "Someone asked to register this e-mail address for %(event)s, which already has a "
            "Maillage account. If it was you, log in and register: %(login)s\n"
            "Forgotten password? %(reset)s\n"
            "If it was not you, ignore this message: nothing was changed."
        ) % {
            "event": event.name,
            "login": absolute_url(
                reverse("accounts:login") + "?next=" + reverse("events:register", args=[event.slug])
            ),
            "reset": absolute_url(reverse("accounts:password_reset")),
        }
    EmailMessage(subject, body, to=[user.email]).send()
