"""Account-level rules: who a user is to the platform, and which organisations they are
affiliated with in which role.

Each domain app keeps its own "may this user ..." rules, with their refusal messages, in its
``permissions.py`` (``ecosystem.permissions``, ``events.permissions``...), built on these. This
module imports no domain app, so ``accounts`` sits below all of them. Anonymous users are passed
as ``None`` or an ``AnonymousUser``; both are treated alike.
"""

from django.contrib.auth.models import AnonymousUser

from maillage.accounts.models import Affiliation, User

type AnyUser = User | AnonymousUser | None


def active_user(user: AnyUser) -> User | None:
    """The user when logged in and active; ``None`` for anyone else."""
    if isinstance(user, User) and user.is_active:
        return user
    return None


def is_platform_admin(user: AnyUser) -> bool:
    active = active_user(user)
    return active is not None and active.is_platform_admin


def organisation_ids_with_role(user: AnyUser, *roles: str) -> set[int]:
    """Organisations the user is affiliated with in one of ``roles`` (all roles when none)."""
    active = active_user(user)
    if active is None:
        return set()
    return set(
        Affiliation.objects.filter(
            user=active, role__in=roles or Affiliation.Role.values
        ).values_list("organisation_id", flat=True)
    )


def managed_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations the user manages (for a cluster or pole: its members and events)."""
    return organisation_ids_with_role(user, Affiliation.Role.MANAGER)
