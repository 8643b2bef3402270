"""A member import gives no rights over organisations that did not consent (issue 16, item 1).

Before: a cluster manager importing a file that listed another organisation got it added as a
member, and with it edit rights (its API PATCH went from 403 to 200); a row of kind cluster or
pole created one. Now a cluster or pole is never made a member, and an existing organisation
the importer may not edit is only invited: it joins when its representatives accept.
"""

import json

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.api.services import create_api_token
from maillage.audit.models import AuditEvent
from maillage.conftest import Cast
from maillage.ecosystem import permissions
from maillage.ecosystem.imports.committing import ImportRejectedError, commit_import
from maillage.ecosystem.imports.planning import preview_import
from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.tests.import_helpers import csv_bytes, english, fast_passwords

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords", "english")]
__all__ = ["english", "fast_passwords"]


def import_rows(cast: Cast, user: User | None, rows: list[list[str]]) -> object:
    return commit_import(network=cast.cluster, data=csv_bytes(rows), file_name="m.csv", user=user)


def patch_website(client: Client, user: User, organisation: Organisation) -> int:
    token = create_api_token(user=user)[1]
    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}",
        json.dumps({"website": "https://taken.example"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code


def test_importing_an_outsider_invites_it_and_gives_no_edit_rights(
    client: Client, cast: Cast, manager: User
) -> None:
    assert patch_website(client, manager, cast.charlie_org) == 403
    import_rows(cast, manager, [["name", "website"], [cast.charlie_org.name, "https://x.example"]])

    link = Membership.objects.get(organisation=cast.charlie_org, network=cast.cluster)
    assert link.pending is True
    assert not Membership.objects.current().filter(pk=link.pk).exists()
    assert permissions.can_edit_organisation(manager, cast.charlie_org) is False
    assert patch_website(client, manager, cast.charlie_org) == 403
    charlie_org = Organisation.objects.get(pk=cast.charlie_org.pk)
    assert charlie_org.website == cast.charlie_org.website  # its empty fields stay empty
    event = AuditEvent.objects.get(action="import.committed")
    assert event.details["invited"] == [cast.charlie_org.pk]


def test_preview_says_the_outsider_is_invited(cast: Cast, manager: User) -> None:
    preview = preview_import(
        network=cast.cluster,
        data=csv_bytes([["name"], [cast.charlie_org.name]]),
        file_name="m.csv",
        user=manager,
    )
    row = preview.rows[0]
    assert (row.invites, preview.invited_count) == (True, 1)
    assert [str(issue) for issue in row.warnings] == [
        f"{cast.charlie_org.name} is already in the directory: it is invited, and becomes a "
        "member when one of its representatives accepts."
    ]


def test_the_representative_accepts_and_only_then_the_manager_may_edit(
    client: Client, cast: Cast, manager: User
) -> None:
    import_rows(cast, manager, [["name"], [cast.charlie_org.name]])
    link = Membership.objects.get(organisation=cast.charlie_org, network=cast.cluster)

    client.force_login(cast.bob)  # not charlie_org's representative
    assert client.post(f"/invitations/{link.pk}/answer/", {"answer": "accept"}).status_code == 403
    assert Membership.objects.get(pk=link.pk).pending is True

    client.force_login(cast.charlie)
    page = client.get("/invitations/")
    assert cast.cluster.display_name in page.content.decode()
    response = client.post(f"/invitations/{link.pk}/answer/", {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.current().filter(pk=link.pk).exists()
    assert permissions.can_edit_organisation(manager, cast.charlie_org) is True
    assert AuditEvent.objects.filter(action="membership.accepted").count() == 1


def test_the_representative_declines(client: Client, cast: Cast, manager: User) -> None:
    import_rows(cast, manager, [["name"], [cast.charlie_org.name]])
    link = Membership.objects.get(organisation=cast.charlie_org, network=cast.cluster)
    client.force_login(cast.charlie)
    client.post(f"/invitations/{link.pk}/answer/", {"answer": "decline"})
    assert not Membership.objects.filter(pk=link.pk).exists()


def test_organisations_the_manager_may_edit_join_and_fill_at_once(
    cast: Cast, manager: User
) -> None:
    """A member of another cluster the manager also manages, and a new organisation."""
    import_rows(cast, manager, [["name", "city"], ["Newcomer SRL", "Namur"]])
    newcomer = Organisation.objects.get(name="Newcomer SRL")
    assert Membership.objects.current().filter(organisation=newcomer, network=cast.cluster).exists()


@pytest.mark.parametrize("kind", ["cluster", "pole", "pôle"])
@pytest.mark.parametrize("who", ["manager", "admin"])
def test_a_row_of_kind_cluster_or_pole_is_refused(
    cast: Cast, manager: User, who: str, kind: str
) -> None:
    user = manager if who == "manager" else User.objects.create_superuser("root@example.org", "x")
    before = Organisation.objects.count()
    with pytest.raises(ImportRejectedError) as rejected:
        import_rows(cast, user, [["name", "kind"], ["Shadow Cluster ASBL", kind]])
    assert rejected.value.preview.all_errors() == [
        "Row 2: kind: A cluster or pole cannot be a member of another: remove this row "
        "(platform admins add clusters and poles to the directory)."
    ]
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("who", ["manager", "cli"])
def test_an_existing_cluster_is_never_made_a_member(cast: Cast, manager: User, who: str) -> None:
    user = manager if who == "manager" else None
    with pytest.raises(ImportRejectedError):
        import_rows(cast, user, [["name"], [cast.other_cluster.name]])
    assert not Membership.objects.filter(
        organisation=cast.other_cluster, network=cast.cluster
    ).exists()
