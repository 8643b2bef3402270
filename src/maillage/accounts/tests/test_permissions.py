import pytest

from maillage.accounts import permissions
from maillage.conftest import Cast
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
