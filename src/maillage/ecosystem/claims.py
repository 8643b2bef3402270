"""Requests to join an organisation ("claims"), from people who signed up on their own.

A claim grants nothing until someone who may edit the organisation approves it: one of its
representatives, a manager of a cluster or pole it is a current member of, or a platform admin
(``permissions.can_edit_organisation``, the same rule as for editing it). Approving creates the
``Affiliation``; both answers are in the audit trail and e-mailed to the person.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.accounts.models import Affiliation, AffiliationClaim, User
from maillage.accounts.permissions import AnyUser, active_user
from maillage.audit.services import record_event
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.core.links import absolute_url
from maillage.ecosystem import permissions
from maillage.ecosystem.models import Membership, Organisation

CLAIMABLE_ROLES = (Affiliation.Role.MEMBER, Affiliation.Role.REPRESENTATIVE)


def claim_organisation(
    *, user: AnyUser, organisation: Organisation, role: str, message: str = ""
) -> AffiliationClaim:
    """Ask to join ``organisation`` as member or representative; e-mails its approvers."""
    active = active_user(user)
    if active is None:
        raise PermissionDenied(_("Log in to ask to join an organisation."))
    if organisation.is_network:
        raise ValidationFailed(
            {NON_FIELD: _("Clusters and poles appoint their managers themselves: ask them.")}
        )
    if role not in CLAIMABLE_ROLES:
        raise ValidationFailed({"role": _("Choose member or representative.")})
    if len(message) > 500:
        raise ValidationFailed(
            {
                "message": _("The message is %(n)d characters long; at most 500 are allowed.")
                % {"n": len(message)}
            }
        )
    held = set(
        Affiliation.objects.filter(user=active, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    if role in held or (role == Affiliation.Role.MEMBER and held):
        raise ValidationFailed({NON_FIELD: _("You already belong to this organisation.")})
    try:
        with transaction.atomic():
            claim = AffiliationClaim.objects.create(
                user=active, organisation=organisation, role=role, message=message.strip()
            )
    except IntegrityError:
        raise ValidationFailed(
            {NON_FIELD: _("Your request to join this organisation is already waiting.")}
        ) from None
    _notify_approvers(claim)
    return claim


def claims_to_decide(user: AnyUser) -> QuerySet[AffiliationClaim]:
    """Pending claims on the organisations ``user`` may edit, oldest first."""
    active = active_user(user)
    if active is None:
        return AffiliationClaim.objects.none()
    return (
        AffiliationClaim.objects.filter(
            status=AffiliationClaim.Status.PENDING,
            organisation__in=permissions.editable_organisations(active),
        )
        .exclude(user=active)  # nobody approves their own request
        .select_related("user", "organisation")
        .order_by("created_at")
    )


def decide_claim(*, actor: AnyUser, claim: AffiliationClaim, approve: bool) -> AffiliationClaim:
    """Approve (the affiliation is created) or decline a pending claim."""
    if not permissions.can_edit_organisation(actor, claim.organisation) or (
        getattr(actor, "pk", None) == claim.user_id
    ):
        raise PermissionDenied(
            _(
                "Only the representatives of %(name)s, the managers of its clusters and poles "
                "and platform admins answer requests to join it."
            )
            % {"name": claim.organisation.display_name}
        )
    with transaction.atomic():
        current = AffiliationClaim.objects.select_for_update().get(pk=claim.pk)
        if current.status != AffiliationClaim.Status.PENDING:
            raise ValidationFailed({NON_FIELD: _("This request was already answered.")})
        current.status = (
            AffiliationClaim.Status.APPROVED if approve else AffiliationClaim.Status.DECLINED
        )
        current.decided_at = timezone.now()
        current.decided_by = active_user(actor)
        current.save(update_fields=["status", "decided_at", "decided_by"])
        if approve:
            Affiliation.objects.get_or_create(
                user=current.user, organisation=current.organisation, role=current.role
            )
        record_event(
            actor=actor,
            action="affiliation.claim_approved" if approve else "affiliation.claim_declined",
            target=current.organisation,
            details={"user": current.user_id, "role": current.role},
        )
    _notify_claimant(current)
    return current


def claim_approvers(organisation: Organisation) -> list[User]:
    """Who is told of a new claim: its representatives and the managers of its current
    networks; the platform admins when it has neither."""
    networks = Membership.objects.current().filter(organisation=organisation).values("network_id")
    people = User.objects.filter(
        Q(
            affiliations__organisation=organisation,
            affiliations__role=Affiliation.Role.REPRESENTATIVE,
        )
        | Q(affiliations__organisation__in=networks, affiliations__role=Affiliation.Role.MANAGER),
        is_active=True,
    ).distinct()
    found = list(people.order_by("pk"))
    return found or list(User.objects.filter(is_active=True, is_superuser=True).order_by("pk"))


def _notify_approvers(claim: AffiliationClaim) -> None:
    messages = []
    for approver in claim_approvers(claim.organisation):
        with translation.override(approver.language or settings.LANGUAGE_CODE):
            subject = _("%(person)s asks to join %(organisation)s") % {
                "person": claim.user.full_name or claim.user.email,
                "organisation": claim.organisation.display_name,
            }
            body = _(
                "%(person)s (%(email)s) asks to join %(organisation)s as %(role)s on Maillage.\n"
                "Their message: %(message)s\n\nApprove or decline: %(link)s"
            ) % {
                "person": claim.user.full_name or claim.user.email,
                "email": claim.user.email,
                "organisation": claim.organisation.display_name,
                "role": claim.get_role_display(),
                "message": claim.message or "—",
                "link": absolute_url(reverse("ecosystem:claims")),
            }
        messages.append(EmailMessage(subject, body, to=[approver.email]))
    for message in messages:
        message.send()


def _notify_claimant(claim: AffiliationClaim) -> None:
    user = claim.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        names = {"organisation": claim.organisation.display_name}
        if claim.status == AffiliationClaim.Status.APPROVED:
            subject = _("You joined %(organisation)s on Maillage") % names
            body = _("Your request to join %(organisation)s was approved: %(link)s") % {
                **names,
                "link": absolute_url(reverse("accounts:me")),
            }
        else:
            subject = _("Your request to join %(organisation)s") % names
            body = (
                _(
                    "Your request to join %(organisation)s was declined. If this is a mistake, "
                    "contact the organisation directly."
                )
                % names
            )
    EmailMessage(subject, body, to=[user.email]).send()
