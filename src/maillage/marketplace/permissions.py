"""Every "may this user ..." rule of the marketplace, with the refusal messages pages show.

Active listings are public. An organisation's listings are published, changed and withdrawn by
its representatives (and, for a cluster or pole, its managers); platform admins do everything.
Withdrawn and expired listings are seen only by those who may change them.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Affiliation
from maillage.accounts.permissions import AnyUser, active_user, organisation_ids_with_role
from maillage.ecosystem.models import Organisation
from maillage.marketplace.models import Listing

PUBLISH_REFUSED = _("Only the organisation's representatives publish offers and needs in its name.")
EDIT_REFUSED = _("Only the organisation's representatives change or withdraw its offers and needs.")


def publisher_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations in whose name the user may publish (empty for a platform admin, who may
    publish for any: see ``can_publish_for``)."""
    return organisation_ids_with_role(
        user, Affiliation.Role.REPRESENTATIVE, Affiliation.Role.MANAGER
    )


def can_publish_for(user: AnyUser, organisation: Organisation) -> bool:
    active = active_user(user)
    if active is None:
        return False
    return active.is_platform_admin or organisation.pk in publisher_organisation_ids(active)


def check_can_publish_for(user: AnyUser, organisation: Organisation) -> None:
    if not can_publish_for(user, organisation):
        raise PermissionDenied(PUBLISH_REFUSED)


def can_edit_listing(user: AnyUser, listing: Listing) -> bool:
    active = active_user(user)
    if active is None:
        return False
    return active.is_platform_admin or listing.organisation_id in publisher_organisation_ids(active)


def check_can_edit_listing(user: AnyUser, listing: Listing) -> None:
    if not can_edit_listing(user, listing):
        raise PermissionDenied(EDIT_REFUSED)


def can_see_listing(user: AnyUser, listing: Listing) -> bool:
    """Active listings are public; the others only for those who may change them."""
    return listing.is_active or can_edit_listing(user, listing)
