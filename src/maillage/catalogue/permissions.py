"""Every "may this user ..." rule of the catalogue, with the refusal messages pages show.

The catalogue is public. Its entries are edited by the representatives of the organisation they
belong to; labels are defined by the managers of their labelling body, and applications are
reviewed by that body's managers and representatives; platform admins do everything.
"""

from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Affiliation
from maillage.accounts.permissions import AnyUser, active_user, organisation_ids_with_role
from maillage.catalogue.models import Entry, Label

EDIT_REFUSED = _("Only the organisation's representatives and platform admins change its entry.")
APPLY_REFUSED = _("Only the entry's organisation's representatives apply for a label.")
REVIEW_REFUSED = _("Only the labelling body's managers and representatives review applications.")
DEFINE_REFUSED = _("Only the labelling body's managers and platform admins define its labels.")


def can_edit_entry(user: AnyUser, entry: Entry) -> bool:
    active = active_user(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    return entry.organisation_id is not None and entry.organisation_id in (
        organisation_ids_with_role(
            active, Affiliation.Role.REPRESENTATIVE, Affiliation.Role.MANAGER
        )
    )


def can_apply_for_label(user: AnyUser, entry: Entry) -> bool:
    return can_edit_entry(user, entry)


def can_review(user: AnyUser, label: Label) -> bool:
    active = active_user(user)
    if active is None or label.body_id is None:
        return bool(active and active.is_platform_admin)
    if active.is_platform_admin:
        return True
    return label.body_id in organisation_ids_with_role(
        active, Affiliation.Role.MANAGER, Affiliation.Role.REPRESENTATIVE
    )


def can_define_labels(user: AnyUser, body_id: int | None) -> bool:
    active = active_user(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    return body_id is not None and body_id in organisation_ids_with_role(
        active, Affiliation.Role.MANAGER
    )
