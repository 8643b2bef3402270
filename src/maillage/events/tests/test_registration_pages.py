import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.ecosystem.models import Organisation
from maillage.events.models import Registration
from maillage.events.tests.b2b_fixtures import B2B, make_b2b
from maillage.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/events/ict-meets-mecatech/"


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()
    yield make_b2b(cast)
    cache.clear()


def signup(**changes: Any) -> dict[str, Any]:
    data = {
        "email": "newcomer@example.org",
        "full_name": "New Comer",
        "password": "a long enough passphrase",
        "organisation_mode": "new",
        "new_name": "Newco Manufacturing SA",
        "new_kind": "sme",
        "role": "demander",
        "needs": "predictive maintenance",
        "unavailable_slots": ["2", "3"],
    }
    data.update(changes)
    return data


def test_event_page_public_shows_organisers_and_count(client: Client, b2b: B2B) -> None:
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert response.context["participant_count"] == 2
    assert [o.name for o in response.context["event"].organisers.all()] == [
        "Cluster Alpha",
        "Cluster Omega",
    ]
    assert b"2 participants" in response.content


def test_event_page_links_organisers_to_their_pages(
    client: Client, b2b: B2B, cast: Cast, manager: User
) -> None:
    organiser_pages = [f"{URL}schedule/", f"{URL}day/", f"{URL}dashboard/"]
    client.force_login(manager)
    page = client.get(URL, **EN).content.decode()
    assert all(f'href="{url}"' in page for url in organiser_pages)
    for who in (cast.alice, cast.charlie):  # a participant, an outsider
        client.force_login(who)
        page = client.get(URL, **EN).content.decode()
        assert not any(f'href="{url}"' in page for url in organiser_pages)


def test_register_page_lists_slots_as_checkboxes(client: Client, b2b: B2B) -> None:
    response = client.get(f"{URL}register/")
    choices = response.context["form"].fields["unavailable_slots"].choices
    assert [value for value, _label in choices] == [1, 2, 3]
    assert b'type="checkbox" name="unavailable_slots" value="1"' in response.content


def test_register_signing_up_with_new_organisation(client: Client, b2b: B2B) -> None:
    response = client.post(f"{URL}register/", signup(), **EN)
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    registration = Registration.objects.get(user=user)
    assert (registration.status, registration.unavailable_slots, registration.role) == (
        "confirmed",
        [2, 3],
        "demander",
    )
    assert registration.organisation.name == "Newco Manufacturing SA"
    assert client.get(URL).context["user"] == user  # logged in
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert [str(c["summary"]) for c in calendar.walk("VEVENT")] == ["ICT meets MecaTech"]


def test_register_logged_in_with_own_organisation(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.charlie)
    response = client.post(
        f"{URL}register/",
        {"organisation_mode": "mine", "organisation": cast.charlie_org.pk, "role": "supplier"},
    )
    assert response.status_code == 302
    assert Registration.objects.get(user=cast.charlie).organisation == cast.charlie_org


def test_register_claiming_by_enterprise_number(client: Client, b2b: B2B, cast: Cast) -> None:
    Registration.objects.filter(user=cast.alice).delete()
    response = client.post(
        f"{URL}register/",
        signup(
            organisation_mode="claim",
            claim_enterprise_number=cast.alice_org.enterprise_number_display,
        ),
    )
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert Registration.objects.get(user=user).organisation == cast.alice_org


def test_register_after_closing_is_refused_and_writes_nothing(client: Client, b2b: B2B) -> None:
    b2b.event.registration_closes_at = timezone.now() - dt.timedelta(days=1)
    b2b.event.save(update_fields=["registration_closes_at"])
    response = client.post(f"{URL}register/", signup(), **EN)
    assert response.status_code == 400
    assert response.context["notice"].startswith("Registration closed on ")
    assert "form" not in response.context
    assert not User.objects.filter(email="newcomer@example.org").exists()
    assert not Organisation.objects.filter(name="Newco Manufacturing SA").exists()
    assert mail.outbox == []


def test_register_over_capacity_goes_to_waiting_list(client: Client, b2b: B2B) -> None:
    b2b.event.capacity = 2
    b2b.event.save(update_fields=["capacity"])
    response = client.post(f"{URL}register/", signup(), follow=True, **EN)
    assert Registration.objects.get(user__email="newcomer@example.org").status == "waitlisted"
    assert b"The event is full: you are on the waiting list." in response.content


def test_register_with_known_email_reveals_nothing_and_tells_its_owner(
    client: Client, b2b: B2B
) -> None:
    """The page never says the address has an account (anyone can type it); its owner is told
    by e-mail how to finish, and nothing is written."""
    mail.outbox.clear()
    response = client.post(f"{URL}register/", signup(email="alice@example.org"), **EN)
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "account" not in main.lower()
    assert "follow the message we sent to that address" in main
    assert not Organisation.objects.filter(name="Newco Manufacturing SA").exists()
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert "/accounts/login/?next=/events/ict-meets-mecatech/register/" in mail.outbox[0].body


def test_register_claiming_unknown_number_is_refused(client: Client, b2b: B2B) -> None:
    response = client.post(
        f"{URL}register/",
        signup(organisation_mode="claim", claim_enterprise_number="0999.999.999"),
        **EN,
    )
    assert response.context["form"].errors["claim_enterprise_number"] == [
        "No organisation of the directory has this number."
    ]
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_register_with_someone_elses_organisation_is_refused(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.charlie)
    response = client.post(
        f"{URL}register/",
        {"organisation_mode": "mine", "organisation": cast.alice_org.pk, "role": "supplier"},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(user=cast.charlie).exists()


def test_register_when_registered_redirects(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get(f"{URL}register/")["Location"] == URL


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_query_count(
    client: Client, cast: Cast, count: int, django_assert_num_queries: Any
) -> None:
    for _ in range(count):
        EventFactory().organisers.set([cast.cluster, cast.other_cluster])
    with django_assert_num_queries(2):
        response = client.get("/events/")
    assert len(response.context["events"]) == count


def test_register_cancel_promotes_waiting_list(client: Client, b2b: B2B, cast: Cast) -> None:
    b2b.event.capacity = 2
    b2b.event.save(update_fields=["capacity"])
    waiting = Registration.objects.create(
        event=b2b.event,
        user=cast.charlie,
        organisation=cast.charlie_org,
        role="supplier",
        status=Registration.Status.WAITLISTED,
    )
    client.force_login(cast.alice)
    assert client.post(f"{URL}register/cancel/")["Location"] == URL
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_register_cancel_when_not_registered_is_forbidden(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.charlie)
    assert client.post(f"{URL}register/cancel/").status_code == 403


def test_register_anonymous_cannot_choose_own_organisation(client: Client, b2b: B2B) -> None:
    field = client.get(f"{URL}register/").context["form"].fields["organisation_mode"]
    assert [value for value, _label in field.choices] == ["claim", "new"]


def test_event_page_says_when_registration_closed(client: Client, b2b: B2B) -> None:
    b2b.event.registration_closes_at = timezone.now() - dt.timedelta(days=1)
    b2b.event.save(update_fields=["registration_closes_at"])
    response = client.get(URL, **EN)
    assert response.context["registration_notice"].startswith("Registration closed on ")
    assert b"/register/" not in response.content


@pytest.mark.parametrize(
    ("field", "days", "notice"),
    [
        ("registration_closes_at", -1, "Registration closed on "),
        ("registration_opens_at", 2, "Registration opens on "),
    ],
)
def test_register_page_when_registration_is_not_open_shows_no_form(
    client: Client, b2b: B2B, field: str, days: int, notice: str
) -> None:
    setattr(b2b.event, field, timezone.now() + dt.timedelta(days=days))
    b2b.event.save(update_fields=[field])
    response = client.get(f"{URL}register/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p id="registration-notice" class="notice" role="status">{notice}' in html
    assert 'name="organisation_mode"' not in html
    assert 'name="password"' not in html
