"""Every "may this user ..." rule of digital maturity, with the refusal messages pages show.

An individual assessment is private: only the company's own people, the hub advisors who follow
it, and platform admins see it; its representatives and those advisors fill it in. Everyone
else gets peer aggregates only (``benchmark``).
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Affiliation
from maillage.accounts.permissions import AnyUser, active_user, organisation_ids_with_role
from maillage.ecosystem.models import Organisation
from maillage.maturity.models import AdvisorFollow, Assessment, active_follow

PRIVATE_ASSESSMENTS = _(
    "Only the company's people, the hub advisors who follow it and platform admins see its "
    "maturity assessments."
)
FILL_REFUSED = _(
    "Only the company's representatives and the hub advisors who follow it fill in its "
    "maturity assessments."
)
HUB_REFUSED = _("Only the hub's people and platform admins do this for the hub.")
FOLLOW_REFUSED = _("Only the hub's managers and platform admins decide which advisor follows whom.")
END_FOLLOW_REFUSED = _(
    "Only the advisor, the company's representatives, the hub's managers and platform admins "
    "end a follow."
)


def followed_organisation_ids(user: AnyUser) -> set[int]:
    """Companies an active follow lets ``user`` advise."""
    active = active_user(user)
    if active is None:
        return set()
    return set(
        AdvisorFollow.objects.filter(active_follow(), advisor=active).values_list(
            "organisation_id", flat=True
        )
    )


def can_view_assessments(user: AnyUser, organisation: Organisation) -> bool:
    active = active_user(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    own = organisation_ids_with_role(active, *Affiliation.Role.values)
    return organisation.pk in own or organisation.pk in followed_organisation_ids(active)


def can_fill_assessment(user: AnyUser, organisation: Organisation) -> bool:
    active = active_user(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    representatives = organisation_ids_with_role(active, Affiliation.Role.REPRESENTATIVE)
    return organisation.pk in representatives or organisation.pk in followed_organisation_ids(
        active
    )


def assessments_visible_to(user: AnyUser) -> QuerySet[Assessment]:
    """The assessments ``can_view_assessments`` lets ``user`` see, as one queryset."""
    active = active_user(user)
    if active is None:
        return Assessment.objects.none()
    if active.is_platform_admin:
        return Assessment.objects.all()
    own = organisation_ids_with_role(active, *Affiliation.Role.values)
    return Assessment.objects.filter(
        Q(organisation_id__in=own)
        | Q(
            organisation_id__in=AdvisorFollow.objects.filter(
                active_follow(), advisor=active
            ).values("organisation_id")
        )
    )


def is_hub_person(user: AnyUser, hub: Organisation) -> bool:
    """Anyone affiliated with the hub (its advisors and managers), and platform admins."""
    active = active_user(user)
    if active is None:
        return False
    return active.is_platform_admin or hub.pk in organisation_ids_with_role(
        active, *Affiliation.Role.values
    )


def can_manage_follows(user: AnyUser, hub: Organisation) -> bool:
    active = active_user(user)
    if active is None:
        return False
    return active.is_platform_admin or hub.pk in organisation_ids_with_role(
        active, Affiliation.Role.MANAGER
    )


def can_end_follow(user: AnyUser, follow: AdvisorFollow) -> bool:
    active = active_user(user)
    if active is None:
        return False
    if follow.advisor_id == active.pk or can_manage_follows(active, follow.hub):
        return True
    return follow.organisation_id in organisation_ids_with_role(
        active, Affiliation.Role.REPRESENTATIVE
    )
