"""Who may see or change what in the directory: every "may this user ..." rule of the
ecosystem app, and the refusal each one's ``check_`` gives (the 403 page shows it).

Views, the API, services and the importer ask these; none filters on roles by itself. Built on
the account-level ``accounts.permissions``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from maillage.accounts.models import Affiliation
from maillage.accounts.permissions import (
    AnyUser,
    active_user,
    managed_organisation_ids,
    organisation_ids_with_role,
)
from maillage.ecosystem.models import Contact, Membership, Organisation


def managed_network_ids(user: AnyUser) -> set[int]:
    """Clusters and poles the user manages."""
    return managed_organisation_ids(user)


def network_ids_of(user: AnyUser) -> set[int]:
    """Clusters and poles the user belongs to: those of its organisations, and those it manages."""
    active = active_user(user)
    if active is None:
        return set()
    own = organisation_ids_with_role(active)
    via_members = set(
        Membership.objects.current()
        .filter(organisation_id__in=own)
        .values_list("network_id", flat=True)
    )
    own_networks = set(
        Organisation.objects.filter(id__in=own, kind__in=Organisation.NETWORK_KINDS).values_list(
            "id", flat=True
        )
    )
    return via_members | own_networks


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Platform admins; the organisation's representatives; managers of a network it belongs to
    (or of the network itself)."""
    active = active_user(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    if organisation.pk in organisation_ids_with_role(
        active, Affiliation.Role.REPRESENTATIVE, Affiliation.Role.MANAGER
    ):
        return True
    managed = managed_network_ids(active)
    return (
        bool(managed)
        and Membership.objects.current()
        .filter(organisation=organisation, network_id__in=managed)
        .exists()
    )


def check_can_edit_organisation(user: AnyUser, organisation: Organisation) -> None:
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied(
            _(
                "Only the organisation's representatives, the managers of its clusters or poles"
                " and the platform administrators may change it."
            )
        )


def can_create_organisation(user: AnyUser) -> bool:
    """Platform admins and cluster managers add organisations to the directory."""
    active = active_user(user)
    return active is not None and (active.is_platform_admin or bool(managed_network_ids(active)))


def check_can_create_organisation(user: AnyUser) -> None:
    if not can_create_organisation(user):
        raise PermissionDenied(_("You may not add organisations to the directory."))


def can_set_network_kind(user: AnyUser) -> bool:
    """Whether the user may make an organisation a cluster or pole, or turn one into something
    else: networks confer management rights, so only platform admins create them."""
    active = active_user(user)
    return active is not None and active.is_platform_admin


def check_can_set_network_kind(user: AnyUser) -> None:
    if not can_set_network_kind(user):
        raise PermissionDenied(
            _("Only platform administrators may create clusters and poles or change their kind.")
        )


def can_manage_network(user: AnyUser, network: Organisation) -> bool:
    """Manage a cluster's or pole's members and events."""
    active = active_user(user)
    if active is None or not network.is_network:
        return False
    return active.is_platform_admin or network.pk in managed_network_ids(active)


def can_import_members(user: AnyUser, network: Organisation) -> bool:
    return can_manage_network(user, network)


def check_can_import_members(user: AnyUser, network: Organisation) -> None:
    if not can_import_members(user, network):
        raise PermissionDenied(_("You do not manage this cluster or pole."))


def can_act_for(user: AnyUser, organisation: Organisation) -> bool:
    """Speak for the organisation (judge its suggestions...): the people affiliated with it,
    whatever their role, and platform admins."""
    active = active_user(user)
    if active is None:
        return False
    return active.is_platform_admin or organisation.pk in organisation_ids_with_role(active)


def visible_contacts(user: AnyUser, queryset: QuerySet[Contact] | None = None) -> QuerySet[Contact]:
    """Contacts whose details the user may see.

    Public consent: everyone. Otherwise only logged-in users who share a cluster or pole with the
    contact's organisation, people of that organisation itself, and platform admins.
    """
    contacts = Contact.objects.all() if queryset is None else queryset
    active = active_user(user)
    if active is None:
        return contacts.filter(public_consent=True)
    if active.is_platform_admin:
        return contacts
    own = organisation_ids_with_role(active)
    networks = network_ids_of(active)
    return contacts.filter(
        Q(public_consent=True)
        | Q(organisation_id__in=own)
        | Q(organisation_id__in=networks)
        | Q(
            organisation_id__in=Membership.objects.current()
            .filter(network_id__in=networks)
            .values("organisation_id")
        )
    )


def can_edit_contact(user: AnyUser, contact: Contact) -> bool:
    return can_edit_organisation(user, contact.organisation)


def check_can_edit_contact(user: AnyUser, contact: Contact) -> None:
    if not can_edit_contact(user, contact):
        raise PermissionDenied(_("You may not edit this organisation's contacts."))


def editable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations ``can_edit_organisation`` allows the user to edit, as one query."""
    active = active_user(user)
    if active is None:
        return Organisation.objects.none()
    if active.is_platform_admin:
        return Organisation.objects.all()
    own = organisation_ids_with_role(
        active, Affiliation.Role.REPRESENTATIVE, Affiliation.Role.MANAGER
    )
    managed = managed_network_ids(active)
    return Organisation.objects.filter(
        Q(id__in=own)
        | Q(
            id__in=Membership.objects.current()
            .filter(network_id__in=managed)
            .values("organisation_id")
        )
    )


def can_answer_invitation(user: AnyUser, membership: Membership) -> bool:
    """A network's invitation is answered by the invited organisation's representatives (or a
    platform admin): membership gives the network's managers edit rights over it."""
    active = active_user(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    return membership.organisation_id in organisation_ids_with_role(
        active, Affiliation.Role.REPRESENTATIVE
    )


def check_can_answer_invitation(user: AnyUser, membership: Membership) -> None:
    if not can_answer_invitation(user, membership):
        raise PermissionDenied(
            _("Only the representatives of %(name)s answer its invitations.")
            % {"name": membership.organisation}
        )
