"""A person's own data: export, consents, password change and self-deletion (owner, member,
outsider, anonymous)."""

import json
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.utils import translation

from maillage.accounts.models import Affiliation, User
from maillage.api.models import ApiToken
from maillage.api.services import create_api_token
from maillage.audit.models import AuditEvent
from maillage.conftest import PASSWORD, Cast
from maillage.ecosystem.models import Contact
from maillage.ecosystem.tests.factories import ContactFactory
from maillage.events.agenda import agenda_for
from maillage.events.models import Idea, Meeting, Registration
from maillage.events.models.brainstorming import Challenge, Workshop
from maillage.events.services.brainstorming import post_idea
from maillage.events.tests.eventday_fixtures import Day, make_day

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def day(cast: Cast, manager: User) -> Day:
    return make_day(cast, manager)


def export(client: Client, user: User) -> dict[str, Any]:
    client.force_login(user)
    response = client.get("/accounts/me/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="maillage-my-data.json"'
    return json.loads(response.content)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "path", ["/accounts/me/export.json", "/accounts/me/data/", "/accounts/me/password/"]
)
def test_anonymous_is_sent_to_login(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_export_holds_the_persons_own_data_only(
    client: Client, cast: Cast, day: Day, who: str
) -> None:
    user = getattr(cast, who)
    data = export(client, user)
    assert data["format"] == 1
    assert data["account"]["email"] == f"{who}@example.org"
    text = json.dumps(data)
    for other in {"alice", "bob", "charlie"} - {who}:
        assert f"{other}@example.org" not in text
    assert "password" not in data["account"]
    expected_registrations = {"alice": 1, "bob": 1, "charlie": 0}[who]
    assert len(data["registrations"]) == expected_registrations


def test_export_lists_registrations_meetings_roles_and_is_recorded(
    client: Client, cast: Cast, day: Day
) -> None:
    create_api_token(user=cast.alice, name="CRM")
    data = export(client, cast.alice)
    assert data["registrations"][0]["event__name"] == "ICT meets MecaTech 2027"
    assert data["registrations"][0]["organisation__name"] == "Alice Robotics SRL"
    assert [m["slot"] for m in data["meetings"]] == [day.slot_of("A", "B")]
    assert data["affiliations"][0]["role"] == "representative"
    assert [token["name"] for token in data["api_tokens"]] == ["CRM"]
    assert "token_hash" not in data["api_tokens"][0]
    assert (
        AuditEvent.objects.filter(action="personal_data.exported", actor_id=cast.alice.pk).count()
        == 1
    )


def test_my_data_page_has_the_download_button(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    html = client.get("/accounts/me/data/", **EN).content.decode()
    assert 'href="/accounts/me/export.json"' in html
    assert "Delete my account" in html


def test_withdraw_consent_by_its_person(client: Client, cast: Cast) -> None:
    contact = ContactFactory(organisation=cast.alice_org, user=cast.alice, public_consent=True)
    client.force_login(cast.alice)
    assert "Withdraw my consent" in client.get("/accounts/me/data/", **EN).content.decode()
    response = client.post(f"/accounts/me/consents/{contact.pk}/withdraw/")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.public_consent is False
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_withdraw_someone_elses_consent_is_not_found(client: Client, cast: Cast, who: str) -> None:
    contact = ContactFactory(organisation=cast.alice_org, user=cast.alice, public_consent=True)
    client.force_login(getattr(cast, who))
    assert client.post(f"/accounts/me/consents/{contact.pk}/withdraw/").status_code == 404
    contact.refresh_from_db()
    assert contact.public_consent is True


def test_change_password(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    wrong = client.post(
        "/accounts/me/password/",
        {
            "old_password": "nope",
            "new_password1": "a new long phrase 42",
            "new_password2": "a new long phrase 42",
        },
    )
    assert wrong.status_code == 200
    response = client.post(
        "/accounts/me/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new long phrase 42",
            "new_password2": "a new long phrase 42",
        },
    )
    assert response.status_code == 302
    assert authenticate(username="alice@example.org", password="a new long phrase 42") == cast.alice
    assert AuditEvent.objects.filter(action="password.changed", actor_id=cast.alice.pk).count() == 1
    # The session survives the change.
    assert client.get("/accounts/me/data/").status_code == 200


def test_delete_account_needs_the_password(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.post("/accounts/me/delete/", {"password": "wrong"}, **EN)
    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    assert User.objects.get(pk=cast.alice.pk).email == "alice@example.org"


def test_delete_account_anonymises_and_keeps_others_meetings_and_ideas(
    client: Client, cast: Cast, day: Day
) -> None:
    workshop = Workshop.objects.create(event=day.event, title="W")
    challenge = Challenge.objects.create(
        workshop=workshop, organisation=cast.bob_org, posted_by=day.people["B"], title="Vision"
    )
    idea = post_idea(registration=day.people["A"], challenge=challenge, text="Cameras on robots")
    ContactFactory(organisation=cast.alice_org, user=cast.alice, public_consent=True)
    create_api_token(user=cast.alice)
    meetings_before = Meeting.objects.count()
    old_token = day.people["A"].agenda_token

    client.force_login(cast.alice)
    response = client.post("/accounts/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    alice = User.objects.get(pk=cast.alice.pk)
    assert alice.email.endswith("@deleted.invalid")
    assert "alice" not in alice.email
    assert (alice.full_name, alice.is_active, alice.has_usable_password()) == ("", False, False)
    assert alice.deleted_at is not None
    assert authenticate(username="alice@example.org", password=PASSWORD) is None
    assert not Affiliation.objects.filter(user=alice).exists()
    assert not Contact.objects.filter(user=alice).exists()
    assert not ApiToken.objects.filter(user=alice).exists()
    # Others' plans are untouched: every meeting stays, bob's agenda names a former participant.
    assert Meeting.objects.count() == meetings_before
    registration = Registration.objects.get(pk=day.people["A"].pk)
    assert registration.agenda_token != old_token
    with translation.override("en"):  # the request above left its own language active
        with_bob = agenda_for(day.people["B"])
    assert [item.partner_person for item in with_bob] == ["a former participant"]
    assert Idea.objects.get(pk=idea.pk).text == "Cameras on robots"
    event = AuditEvent.objects.get(action="account.deleted")
    assert event.actor_id == alice.pk
    assert event.actor_email == alice.email
