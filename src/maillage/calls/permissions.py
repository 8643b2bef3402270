"""Who may do what with calls and consortia: every "may this user ..." rule of the calls app,
and the refusal each one's ``check_`` gives (the 403 page and the API's problem show it).

Views, API endpoints and services ask these; none decides on roles by itself. Anonymous users
(``None`` or ``AnonymousUser``) may browse calls and nothing else. Built on the account-level
``accounts.permissions`` and the directory's ``ecosystem.permissions``.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from maillage.accounts.models import Affiliation
from maillage.accounts.permissions import AnyUser, is_platform_admin, organisation_ids_with_role
from maillage.calls.models import Call, Consortium, Partner
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.permissions import can_manage_network, managed_network_ids


def publishing_networks(user: AnyUser) -> list[Organisation]:
    """The clusters and poles the user may publish calls for (those they manage)."""
    networks = Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS)
    if not is_platform_admin(user):
        networks = networks.filter(pk__in=managed_network_ids(user))
    return list(networks.order_by("name"))


def check_can_publish_call(user: AnyUser, network: Organisation | None = None) -> None:
    """Managers of ``network`` (a cluster or pole) publish the calls it relays; without a
    network, the managers of any."""
    allowed = (
        can_manage_network(user, network)
        if network is not None
        else is_platform_admin(user) or bool(managed_network_ids(user))
    )
    if not allowed:
        raise PermissionDenied(_("Only the managers of a cluster or pole may publish its calls."))


def can_edit_call(user: AnyUser, call: Call) -> bool:
    """Calls a cluster published are edited by its managers; imported ones by re-importing."""
    return (
        call.source == Call.Source.CLUSTER
        and call.relayed_by is not None
        and can_manage_network(user, call.relayed_by)
    )


def check_can_edit_call(user: AnyUser, call: Call) -> None:
    if not can_edit_call(user, call):
        raise PermissionDenied(
            _("Only the managers of the cluster that published a call may edit it.")
        )


def can_see_interests(user: AnyUser, call: Call) -> bool:
    """Every expression of interest in a call: the relaying cluster's managers (and admins)."""
    return call.relayed_by is not None and can_manage_network(user, call.relayed_by)


def check_can_see_interests(user: AnyUser, call: Call) -> None:
    if not can_see_interests(user, call):
        raise PermissionDenied(
            _("Only the managers of the cluster relaying this call see who is interested.")
        )


def acting_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations the user acts for (any affiliation), networks excluded: whose expressions
    of interest they see and make, and for which calls are ranked."""
    return organisation_ids_with_role(user) - set(
        Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS).values_list(
            "pk", flat=True
        )
    )


def check_can_act_for(user: AnyUser, organisation: Organisation | None) -> None:
    """Express interest, see the calls that fit: anyone affiliated with the organisation
    (``None``, an organisation the form did not offer, is refused alike)."""
    if (
        organisation is None
        or organisation.is_network
        or organisation.pk not in organisation_ids_with_role(user)
    ):
        raise PermissionDenied(_("You do not act for this organisation."))


def represented_organisation_ids(user: AnyUser) -> set[int]:
    return organisation_ids_with_role(user, Affiliation.Role.REPRESENTATIVE)


def check_can_commit(user: AnyUser, organisation: Organisation | None = None) -> None:
    """Commit the organisation to a consortium (lead it): its representatives only; without
    an organisation, the representatives of any."""
    represented = represented_organisation_ids(user)
    if organisation.pk not in represented if organisation is not None else not represented:
        raise PermissionDenied(
            _("Only the representatives of an organisation commit it to a consortium.")
        )


def can_import_calls(user: AnyUser) -> bool:
    return is_platform_admin(user) or bool(managed_network_ids(user))


def check_can_import_calls(user: AnyUser) -> None:
    if not can_import_calls(user):
        raise PermissionDenied(_("Only platform administrators and cluster managers import calls."))


def can_lead(user: AnyUser, consortium: Consortium) -> bool:
    """Invite partners, say which are wanted: the lead organisation's representatives."""
    return consortium.lead_id in represented_organisation_ids(user)


def check_can_lead(user: AnyUser, consortium: Consortium) -> None:
    if not can_lead(user, consortium):
        raise PermissionDenied(
            _("Only the representatives of the consortium's lead organisation do this.")
        )


def can_answer_invitation(user: AnyUser, partner: Partner) -> bool:
    """Accept or decline: the invited organisation's representatives, nobody else (not the
    lead, not a platform admin: joining commits the organisation)."""
    return partner.organisation_id in represented_organisation_ids(user)


def check_can_answer_invitation(user: AnyUser, partner: Partner) -> None:
    if not can_answer_invitation(user, partner):
        raise PermissionDenied(
            _("Only the representatives of the invited organisation may answer this invitation.")
        )
