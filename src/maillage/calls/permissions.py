"""Every "may this user ..." rule of the calls app, with the message a refusal shows.

Views, API endpoints and services ask these; none decides on roles by itself. Anonymous users
(``None`` or ``AnonymousUser``) may browse calls and nothing else.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Affiliation, User
from maillage.accounts.permissions import (
    AnyUser,
    can_manage_network,
    managed_network_ids,
    organisation_ids_with_role,
)
from maillage.calls.models import Call, Consortium, Partner
from maillage.ecosystem.models import Organisation

#: Refusal messages, shown on the 403 page and in the API's problem details.
NOT_A_MANAGER: Promise = _("Only the managers of a cluster or pole may publish its calls.")
NOT_THE_PUBLISHER: Promise = _("Only the managers of the cluster that published it may edit it.")
NOT_FOR_THIS_ORGANISATION: Promise = _("You do not act for this organisation.")
NOT_THE_RELAYING_MANAGER: Promise = _(
    "Only the managers of the cluster relaying this call see who is interested."
)
NOT_AN_IMPORTER: Promise = _("Only platform administrators and cluster managers import calls.")
NOT_A_REPRESENTATIVE: Promise = _(
    "Only the representatives of an organisation commit it to a consortium."
)
NOT_IN_CONSORTIUM: Promise = _("Only the consortium's partners see it.")
NOT_THE_LEAD: Promise = _("Only the representatives of the consortium's lead organisation do this.")
NOT_THE_INVITED: Promise = _(
    "Only the representatives of the invited organisation may answer this invitation."
)


def _active(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def is_platform_admin(user: AnyUser) -> bool:
    active = _active(user)
    return active is not None and active.is_platform_admin


def can_publish_call(user: AnyUser, network: Organisation) -> bool:
    """Managers of ``network`` (a cluster or pole) publish calls it relays."""
    return can_manage_network(user, network)


def publishing_networks(user: AnyUser) -> list[Organisation]:
    """The clusters and poles the user may publish calls for."""
    if is_platform_admin(user):
        return list(Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS))
    return list(
        Organisation.objects.filter(
            pk__in=managed_network_ids(user), kind__in=Organisation.NETWORK_KINDS
        )
    )


def can_edit_call(user: AnyUser, call: Call) -> bool:
    """Calls a cluster published are edited by its managers; imported ones by re-importing."""
    return (
        call.source == Call.Source.CLUSTER
        and call.relayed_by is not None
        and can_manage_network(user, call.relayed_by)
    )


def can_see_interests(user: AnyUser, call: Call) -> bool:
    """Every expression of interest in a call: the relaying cluster's managers (and admins)."""
    return call.relayed_by is not None and can_manage_network(user, call.relayed_by)


def acting_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations the user acts for (any affiliation), networks excluded: whose expressions
    of interest they see and make."""
    return organisation_ids_with_role(user, *Affiliation.Role.values) - set(
        Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS).values_list(
            "pk", flat=True
        )
    )


def can_act_for(user: AnyUser, organisation: Organisation) -> bool:
    """Express interest, see the calls that fit: anyone affiliated with the organisation."""
    return not organisation.is_network and organisation.pk in organisation_ids_with_role(
        user, *Affiliation.Role.values
    )


def represented_organisation_ids(user: AnyUser) -> set[int]:
    return organisation_ids_with_role(user, Affiliation.Role.REPRESENTATIVE)


def can_commit(user: AnyUser, organisation: Organisation) -> bool:
    """Commit the organisation to a consortium (lead it, invite for it, accept for it): its
    representatives only."""
    return organisation.pk in represented_organisation_ids(user)


def can_import_calls(user: AnyUser) -> bool:
    return is_platform_admin(user) or bool(managed_network_ids(user))


def can_see_consortium(user: AnyUser, consortium: Consortium) -> bool:
    """People of the lead and of every invited organisation (and platform admins)."""
    if is_platform_admin(user):
        return True
    mine = organisation_ids_with_role(user, *Affiliation.Role.values)
    return bool(mine) and consortium.partners.filter(organisation_id__in=mine).exists()


def can_lead(user: AnyUser, consortium: Consortium) -> bool:
    """Invite partners, say which are wanted: the lead organisation's representatives."""
    return consortium.lead_id in represented_organisation_ids(user)


def can_answer_invitation(user: AnyUser, partner: Partner) -> bool:
    """Accept or decline: the invited organisation's representatives, nobody else (not the
    lead, not a platform admin: joining commits the organisation)."""
    return partner.organisation_id in represented_organisation_ids(user)
