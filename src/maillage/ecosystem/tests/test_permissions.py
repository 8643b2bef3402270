import datetime as dt

import pytest
from django.utils import timezone

from maillage.conftest import Cast
from maillage.ecosystem import permissions
from maillage.ecosystem.models import Membership
from maillage.ecosystem.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_can_edit_organisation_owner_member_outsider(cast: Cast) -> None:
    assert permissions.can_edit_organisation(cast.alice, cast.alice_org) is True
    assert permissions.can_edit_organisation(cast.bob, cast.alice_org) is False
    assert permissions.can_edit_organisation(cast.charlie, cast.alice_org) is False
    assert permissions.can_edit_organisation(None, cast.alice_org) is False


def test_can_edit_organisation_cluster_manager_of_members_only(cast: Cast, manager: object) -> None:
    assert permissions.can_edit_organisation(manager, cast.alice_org) is True  # type: ignore[arg-type]
    assert permissions.can_edit_organisation(manager, cast.charlie_org) is False  # type: ignore[arg-type]


def test_visible_contacts_shared_cluster_only(cast: Cast) -> None:
    private = ContactFactory(organisation=cast.alice_org, public_consent=False)
    public = ContactFactory(organisation=cast.alice_org, public_consent=True)
    assert set(permissions.visible_contacts(cast.alice)) == {private, public}
    assert set(permissions.visible_contacts(cast.bob)) == {private, public}
    assert set(permissions.visible_contacts(cast.charlie)) == {public}
    assert set(permissions.visible_contacts(None)) == {public}


@pytest.mark.parametrize(("days", "bob_sees"), [(-1, False), (0, True), (30, True)])
def test_an_ended_membership_no_longer_shares_the_cluster(
    cast: Cast, manager: object, days: int, bob_sees: bool
) -> None:
    """Bob's organisation left the cluster ``-days`` ago (or leaves in ``days``)."""
    private = ContactFactory(organisation=cast.alice_org, public_consent=False)
    Membership.objects.filter(organisation=cast.bob_org, network=cast.cluster).update(
        end_date=timezone.localdate() + dt.timedelta(days=days)
    )
    assert (private in permissions.visible_contacts(cast.bob)) is bob_sees
    assert (private in permissions.visible_contacts(cast.alice)) is True
    # Nor does the cluster's manager still manage a former member.
    assert permissions.can_edit_organisation(manager, cast.bob_org) is bob_sees  # type: ignore[arg-type]
    editable = permissions.editable_organisations(manager)  # type: ignore[arg-type]
    assert editable.filter(pk=cast.bob_org.pk).exists() is bob_sees
