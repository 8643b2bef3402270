"""The audit trail: recorded, append-only down to the database, readable by platform admins."""

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import Affiliation, User
from maillage.audit.models import AppendOnlyError, AuditEvent
from maillage.audit.services import purge_audit_events, record_event
from maillage.audit.tasks import purge_expired_audit_events
from maillage.conftest import PASSWORD, Cast
from maillage.core.periodic import registered_jobs
from maillage.ecosystem.services import create_own_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.create_superuser("root@example.org", PASSWORD)


def test_record_event_keeps_actor_target_details_and_address(cast: Cast, rf: Any) -> None:
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    event = record_event(
        actor=cast.alice,
        action="membership.added",
        target=cast.alice_org,
        details={"network": cast.cluster.pk},
        request=request,
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == cast.alice.pk
    assert stored.actor_email == "alice@example.org"
    assert stored.action == "membership.added"
    assert (stored.target_type, stored.target_id) == (
        "ecosystem.organisation",
        str(cast.alice_org.pk),
    )
    assert stored.target_label == "Alice Robotics SRL"
    assert stored.details == {"network": cast.cluster.pk}
    assert stored.address == "192.0.2.7"


def test_record_event_by_the_system_has_no_actor(db: None) -> None:
    event = record_event(actor=None, action="backup.made")
    assert (event.actor_id, event.actor_email, event.target_type, event.address) == (
        None,
        "",
        "",
        None,
    )


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(db: None) -> None:
    event = record_event(actor=None, action="test.done")
    event.action = "test.undone"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.undone")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.done"


def test_the_database_refuses_to_update_an_audit_event(db: None) -> None:
    event = record_event(actor=None, action="test.done")
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET action = %s", ["test.undone"])  # noqa: S608
    assert AuditEvent.objects.get(pk=event.pk).action == "test.done"


def test_purge_removes_only_events_past_retention(db: None) -> None:
    old = AuditEvent.objects.create(action="old", at=timezone.now() - dt.timedelta(days=800))
    recent = AuditEvent.objects.create(action="recent", at=timezone.now() - dt.timedelta(days=10))
    assert purge_audit_events(older_than=dt.timedelta(days=730)) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_creating_ones_own_organisation_records_the_new_representative(cast: Cast) -> None:
    organisation = create_own_organisation(
        actor=cast.bob, data={"name": "Bob Two SRL", "kind": "sme"}
    )
    event = AuditEvent.objects.get(action="affiliation.added")
    assert (event.actor_email, event.target_id) == ("bob@example.org", str(organisation.pk))
    assert event.details == {"role": Affiliation.Role.REPRESENTATIVE}


def test_admin_pages_are_for_platform_admins_only(
    client: Client, cast: Cast, admin_user: User
) -> None:
    record_event(actor=cast.alice, action="test.done")
    cast.alice.is_staff = True
    cast.alice.save(update_fields=["is_staff"])
    client.force_login(cast.alice)  # staff, not a platform admin
    assert client.get("/admin/audit/auditevent/").status_code == 403
    client.force_login(admin_user)
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    assert "test.done" in listing.content.decode()
    event = AuditEvent.objects.get()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    response = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "x"})
    assert response.status_code == 403
    assert AuditEvent.objects.get().action == "test.done"


def test_role_changes_in_the_admin_are_recorded(
    client: Client, cast: Cast, admin_user: User
) -> None:
    client.force_login(admin_user)
    affiliation = Affiliation.objects.filter(user=cast.bob).first()
    assert affiliation is not None
    response = client.post(
        f"/admin/accounts/affiliation/{affiliation.pk}/change/",
        {"user": cast.bob.pk, "organisation": affiliation.organisation_id, "role": "manager"},
    )
    assert response.status_code == 302, response.content
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.actor_email == "root@example.org"
    assert event.target_type == "accounts.affiliation"
    assert event.details == {"change": [{"changed": {"fields": ["Role"]}}]}


def test_the_worker_purges_the_trail_daily(db: None) -> None:
    jobs = {job.name: job.interval for job in registered_jobs()}
    assert jobs["maillage.audit.tasks.purge_expired_audit_events"] == dt.timedelta(days=1)


def test_purge_task_uses_the_retention_setting(settings: Any) -> None:
    settings.MAILLAGE_AUDIT_RETENTION_DAYS = 30
    old = AuditEvent.objects.create(action="old", at=timezone.now() - dt.timedelta(days=31))
    AuditEvent.objects.create(action="recent", at=timezone.now() - dt.timedelta(days=29))
    purge_expired_audit_events.call()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(action="recent").exists()
