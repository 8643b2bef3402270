"""Building a consortium from a call: start it, say which partners are wanted, invite, answer.

Only representatives commit an organisation: the lead's representatives start the consortium
and invite; only the invited organisation's representatives accept or decline
(``calls.permissions``). Invitations are e-mailed to those representatives.
"""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.accounts.models import Affiliation, User
from maillage.accounts.permissions import AnyUser
from maillage.calls import permissions
from maillage.calls.models import (
    Call,
    CallStatus,
    Consortium,
    Partner,
    PartnerRole,
    WantedPartner,
)
from maillage.calls.queries import status_of
from maillage.calls.roles import KINDS_OF_ROLE
from maillage.calls.services.interest import eligibility_problems
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.core.links import absolute_url
from maillage.ecosystem.countries import normalise_country_code
from maillage.ecosystem.models import Organisation

#: Partners wanted at once in one consortium (a form posted in a loop stops here).
MAX_WANTED = 20
MAX_PARTNERS = 40


def _user(actor: AnyUser) -> User | None:
    return actor if isinstance(actor, User) else None


def _check_open(call: Call) -> None:
    if status_of(call) == CallStatus.CLOSED:
        raise ValidationFailed({NON_FIELD: _("This call is closed.")})


def _clean_wanted(role: str, country: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if role not in PartnerRole.values or role == PartnerRole.COORDINATOR:
        errors["role"] = _("Choose the role the partner will play.")
    code = ""
    if country.strip():
        found = normalise_country_code(country)
        if found is None:
            errors["country"] = _("%(code)s is not a country code (ISO 3166, such as DE).") % {
                "code": country
            }
        else:
            code = found
    if errors:
        raise ValidationFailed(errors)
    return role, code


def start_consortium(
    *,
    actor: AnyUser,
    call: Call,
    lead: Organisation,
    name: str,
    description: str = "",
    wanted: tuple[tuple[str, str], ...] = (),
) -> Consortium:
    """A consortium answering ``call``, led by ``lead``, with the partners ``wanted`` as
    ``(role, country)`` pairs (country may be ``""``)."""
    permissions.check_can_commit(actor, lead)
    _check_open(call)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Name the consortium (an acronym or a working title).")]
    problems = eligibility_problems(call, lead)
    if problems:
        errors["lead"] = problems
    if len(wanted) > MAX_WANTED:
        errors["wanted"] = [_("At most %(count)d wanted partners.") % {"count": MAX_WANTED}]
    if errors:
        raise ValidationFailed(errors)
    cleaned = [_clean_wanted(role, country) for role, country in wanted]
    with transaction.atomic():
        consortium = Consortium.objects.create(
            call=call,
            name=name.strip()[:200],
            description=description.strip(),
            lead=lead,
            created_by=_user(actor),
        )
        Partner.objects.create(
            consortium=consortium,
            organisation=lead,
            role=PartnerRole.COORDINATOR,
            status=Partner.Status.LEAD,
            invited_by=_user(actor),
            answered_by=_user(actor),
            answered_at=timezone.now(),
        )
        WantedPartner.objects.bulk_create(
            WantedPartner(consortium=consortium, role=role, country=country)
            for role, country in cleaned
        )
    return consortium


def add_wanted_partner(
    *, actor: AnyUser, consortium: Consortium, role: str, country: str = ""
) -> WantedPartner:
    permissions.check_can_lead(actor, consortium)
    role, code = _clean_wanted(role, country)
    if consortium.wanted.count() >= MAX_WANTED:
        raise ValidationFailed(
            {NON_FIELD: _("At most %(count)d wanted partners.") % {"count": MAX_WANTED}}
        )
    return WantedPartner.objects.create(consortium=consortium, role=role, country=code)


def remove_wanted_partner(*, actor: AnyUser, wanted: WantedPartner) -> None:
    permissions.check_can_lead(actor, wanted.consortium)
    wanted.delete()


def invite_partner(
    *,
    actor: AnyUser,
    consortium: Consortium,
    organisation: Organisation,
    role: str,
    wanted: WantedPartner | None = None,
    message: str = "",
) -> Partner:
    """Invite ``organisation`` to join as ``role`` (the wanted partner's role when it answers
    one); its representatives are e-mailed."""
    permissions.check_can_lead(actor, consortium)
    _check_open(consortium.call)
    if wanted is not None:
        if wanted.consortium_id != consortium.pk:
            raise ValidationFailed({"wanted": _("This wanted partner is another consortium's.")})
        role = wanted.role
    errors: dict[str, list[str]] = {}
    if role not in PartnerRole.values or role == PartnerRole.COORDINATOR:
        errors["role"] = [_("Choose the role the partner will play.")]
    elif organisation.kind not in KINDS_OF_ROLE[role]:
        errors["organisation"] = [
            _("%(organisation)s (%(kind)s) cannot be the %(role)s.")
            % {
                "organisation": organisation.display_name,
                "kind": organisation.get_kind_display(),
                "role": PartnerRole(role).label,
            }
        ]
    if len(message) > 2000:
        errors["message"] = [_("The message is longer than 2000 characters.")]
    existing = consortium.partners.filter(organisation=organisation).first()
    if existing is not None:
        errors["organisation"] = [
            _("%(organisation)s is already in the consortium (%(status)s).")
            % {"organisation": organisation.display_name, "status": existing.get_status_display()}
        ]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        # Two invitations at once must not pass the partner limit together.
        Consortium.objects.select_for_update().get(pk=consortium.pk)
        if consortium.partners.count() >= MAX_PARTNERS:
            raise ValidationFailed(
                {
                    NON_FIELD: _("A consortium has at most %(count)d partners.")
                    % {"count": MAX_PARTNERS}
                }
            )
        partner = Partner.objects.create(
            consortium=consortium,
            organisation=organisation,
            role=role,
            status=Partner.Status.INVITED,
            wanted=wanted,
            message=message.strip(),
            invited_by=_user(actor),
        )
        transaction.on_commit(lambda: _send_invitation(partner))
    return partner


def answer_invitation(*, actor: AnyUser, partner: Partner, accept: bool) -> Partner:
    """Accept or decline: only the invited organisation's representatives, once."""
    permissions.check_can_answer_invitation(actor, partner)
    with transaction.atomic():
        current = Partner.objects.select_for_update().get(pk=partner.pk)
        if current.status != Partner.Status.INVITED:
            raise ValidationFailed(
                {
                    NON_FIELD: _("This invitation was already answered (%(status)s).")
                    % {"status": current.get_status_display()}
                }
            )
        current.status = Partner.Status.ACCEPTED if accept else Partner.Status.DECLINED
        current.answered_by = _user(actor)
        current.answered_at = timezone.now()
        current.save(update_fields=["status", "answered_by", "answered_at"])
    return current


def _send_invitation(partner: Partner) -> int:
    """E-mail the invited organisation's representatives, each in their language."""
    representatives = User.objects.filter(
        is_active=True,
        affiliations__organisation=partner.organisation,
        affiliations__role=Affiliation.Role.REPRESENTATIVE,
    ).distinct()
    consortium = partner.consortium
    url = absolute_url(reverse("calls:consortium", args=[consortium.pk]))
    messages = []
    for user in representatives:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("%(lead)s invites %(organisation)s to the consortium %(name)s") % {
                "lead": consortium.lead.display_name,
                "organisation": partner.organisation.display_name,
                "name": consortium.name,
            }
            body = _(
                "%(lead)s is building the consortium %(name)s to answer the call “%(call)s” and "
                "invites %(organisation)s as %(role)s.\n\n%(message)s\n\n"
                "Accept or decline on the platform: %(url)s"
            ) % {
                "lead": consortium.lead.display_name,
                "name": consortium.name,
                "call": consortium.call.title,
                "organisation": partner.organisation.display_name,
                "role": partner.get_role_display(),
                "message": partner.message,
                "url": url,
            }
        messages.append(EmailMessage(subject, body, to=[user.email]))
    return mailers.default.send_messages(messages) if messages else 0
