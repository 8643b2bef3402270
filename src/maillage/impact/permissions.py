"""Who may see or change what in the impact app, and the refusal each page shows.

- A participant's answers belong to its organisation: the person who registered and the people
  affiliated with the organisation see and change them; platform admins may read them (support,
  and the free comments the issue promises them). Nobody else sees an individual answer, the
  event's organisers included.
- Reports and KPIs of a cluster, pole or hub: its managers and the platform admins.
- An event's follow-up plan: the event's organisers.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from maillage.accounts.permissions import AnyUser, active_user, organisation_ids_with_role
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.permissions import can_manage_network
from maillage.events.models import Event, Registration
from maillage.events.permissions import can_organise_event

REFUSE_ANSWERS = _(
    "These follow-up answers belong to another organisation: only its own people see them."
)
REFUSE_REPORTS = _(
    "Only the managers of this cluster or pole, and the platform admins, see its impact reports."
)
REFUSE_PLAN = _("Only the event's organisers plan its follow-up.")
REFUSE_ADMIN_EDIT = _("Platform admins may read follow-up answers, not change them.")


def own_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations whose answers the user may see and change (any affiliation)."""
    return organisation_ids_with_role(user)


def can_answer_for(user: AnyUser, registration: Registration) -> bool:
    """Whether the user may give, change or withdraw the answers of this participation."""
    active = active_user(user)
    if active is None:
        return False
    return registration.user_id == active.pk or (
        registration.organisation_id in own_organisation_ids(active)
    )


def can_view_reports(user: AnyUser, organiser: Organisation) -> bool:
    """A cluster's or pole's managers; platform admins for any organiser (a hub, say)."""
    active = active_user(user)
    if active is None:
        return False
    return active.is_platform_admin or can_manage_network(active, organiser)


def can_plan_follow_up(user: AnyUser, event: Event) -> bool:
    return can_organise_event(user, event)


def check_can_plan_follow_up(user: AnyUser, event: Event) -> None:
    if not can_plan_follow_up(user, event):
        raise PermissionDenied(str(REFUSE_PLAN))


def check_can_view_reports(user: AnyUser, organiser: Organisation) -> None:
    if not can_view_reports(user, organiser):
        raise PermissionDenied(str(REFUSE_REPORTS))
