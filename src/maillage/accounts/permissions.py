"""The one place that decides who may see or change what.

Every view, API endpoint and service asks these functions; none filters on roles by itself.
Anonymous users are passed as ``None`` or an ``AnonymousUser``; both are treated alike.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from maillage.accounts.models import Affiliation, User
from maillage.ecosystem.models import Contact, Membership, Organisation

if TYPE_CHECKING:
    from maillage.events.models import Event

type AnyUser = User | AnonymousUser | None


def _active(user: AnyUser) -> User | None:
    if isinstance(user, User) and user.is_active:
        return user
    return None


def organisation_ids_with_role(user: AnyUser, *roles: str) -> set[int]:
    active = _active(user)
    if active is None:
        return set()
    return set(
        Affiliation.objects.filter(user=active, role__in=roles).values_list(
            "organisation_id", flat=True
        )
    )


def managed_network_ids(user: AnyUser) -> set[int]:
    """Clusters and poles the user manages."""
    return organisation_ids_with_role(user, Affiliation.Role.MANAGER)


def network_ids_of(user: AnyUser) -> set[int]:
    """Clusters and poles the user belongs to: those of its organisations, and those it manages."""
    active = _active(user)
    if active is None:
        return set()
    own = organisation_ids_with_role(active, *Affiliation.Role.values)
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
    active = _active(user)
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


def can_create_organisation(user: AnyUser) -> bool:
    """Platform admins and cluster managers add organisations to the directory."""
    active = _active(user)
    return active is not None and (active.is_platform_admin or bool(managed_network_ids(active)))


def can_manage_network(user: AnyUser, network: Organisation) -> bool:
    """Manage a cluster's or pole's members and events."""
    active = _active(user)
    if active is None or not network.is_network:
        return False
    return active.is_platform_admin or network.pk in managed_network_ids(active)


def can_import_members(user: AnyUser, network: Organisation) -> bool:
    return can_manage_network(user, network)


def visible_contacts(user: AnyUser, queryset: QuerySet[Contact] | None = None) -> QuerySet[Contact]:
    """Contacts whose details the user may see.

    Public consent: everyone. Otherwise only logged-in users who share a cluster or pole with the
    contact's organisation, people of that organisation itself, and platform admins.
    """
    contacts = Contact.objects.all() if queryset is None else queryset
    active = _active(user)
    if active is None:
        return contacts.filter(public_consent=True)
    if active.is_platform_admin:
        return contacts
    own = organisation_ids_with_role(active, *Affiliation.Role.values)
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


def can_organise_event(user: AnyUser, event: "Event") -> bool:
    """Platform admins and the managers of one of the event's co-organising networks."""
    active = _active(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    managed = managed_network_ids(active)
    return bool(managed) and event.organisers.filter(id__in=managed).exists()


def can_set_network_kind(user: AnyUser) -> bool:
    """Whether the user may make an organisation a cluster or pole, or turn one into something
    else: networks confer management rights, so only platform admins create them."""
    active = _active(user)
    return active is not None and active.is_platform_admin


def editable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations ``can_edit_organisation`` allows the user to edit, as one query."""
    active = _active(user)
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
