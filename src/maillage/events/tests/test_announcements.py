"""The organisers' message to the participants: all or a filtered group, e-mailed by a
background job.

Owner: ``manager`` (organises the event); another organiser: the manager of a cluster that does
not organise it; participant: ``alice``; outsider: ``charlie``; and the anonymous visitor.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Affiliation
from maillage.audit.models import AuditEvent
from maillage.ecosystem.tests.factories import AffiliationFactory, NetworkFactory, UserFactory
from maillage.events.models import Registration
from maillage.events.tests.b2b_fixtures import B2B, make_b2b
from maillage.events.tests.factories import RegistrationFactory
from maillage.events.tests.schedule_fixtures import IMMEDIATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def b2b(cast, settings) -> B2B:
    settings.TASKS = IMMEDIATE
    b2b = make_b2b(cast)
    RegistrationFactory(event=b2b.event, status=Registration.Status.CANCELLED)
    return b2b


def url(b2b: B2B) -> str:
    return reverse("events:announcement", args=[b2b.event.slug])


def test_message_to_every_confirmed_participant(b2b, as_user):
    response = as_user("manager").post(
        url(b2b), {"subject": "Parking", "body": "Use car park P2 today.", "role": ""}
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert mail.outbox[0].subject == "Parking"
    assert mail.outbox[0].body.startswith("Use car park P2 today.")
    assert AuditEvent.objects.filter(action="event.message_sent").count() == 1


def test_message_to_a_filtered_group(b2b, as_user):
    b2b.bob_reg.checked_in_at = timezone.now()
    b2b.bob_reg.save(update_fields=["checked_in_at"])
    client = as_user("manager")
    client.post(url(b2b), {"subject": "Hi", "body": "Suppliers", "role": "supplier"})
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    mail.outbox.clear()
    client.post(url(b2b), {"subject": "Hi", "body": "Where are you?", "attendance": "awaited"})
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"subject": " ", "body": "x"}, "subject", "This field is required."),
        ({"subject": "Hi", "body": "x" * 5001}, "body", "at most 5000 characters"),
        ({"subject": "Hi", "body": "x", "role": "research"}, "role", "No participant is in"),
        ({"subject": "Hi", "body": "x", "attendance": "lost"}, "attendance", "lost is not one"),
    ],
)
def test_message_refused_names_the_field_and_keeps_the_text(b2b, as_user, data, field, message):
    response = as_user("manager").post(url(b2b), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert response.context["form"]["body"].value() == data["body"]
    assert mail.outbox == []


@pytest.fixture
def other_organiser():
    user = UserFactory(email="olga@example.org")
    AffiliationFactory(user=user, organisation=NetworkFactory(), role=Affiliation.Role.MANAGER)
    return user


def test_message_page_for_organisers_only(b2b, client, cast, other_organiser):
    for user in (other_organiser, cast.alice, cast.charlie):
        client.force_login(user)
        assert client.get(url(b2b)).status_code == 403
        assert client.post(url(b2b), {"subject": "Hi", "body": "x"}).status_code == 403
    client.logout()
    assert client.get(url(b2b)).status_code == 302
    assert mail.outbox == []
