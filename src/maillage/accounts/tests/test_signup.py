"""Signing up outside an event: an inactive account, a one-time confirmation link by e-mail, and
the same answer on the page whether or not the address already had an account."""

import re

import pytest
from django.core import mail
from django.test import Client

from maillage.accounts.models import User
from maillage.accounts.signup import ExistingAccountError, create_account
from maillage.conftest import Cast

pytestmark = pytest.mark.django_db
FORM = {
    "full_name": "Nora Newcomer",
    "email": "nora@newco.example",
    "password": "a long and new passphrase",
    "password_again": "a long and new passphrase",
}


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/signup/\S+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_sign_up_confirm_and_land_logged_in(client: Client) -> None:
    response = client.post("/accounts/signup/", FORM)
    assert response.status_code == 200
    assert "nora@newco.example" in response.content.decode()
    user = User.objects.get(email="nora@newco.example")
    assert not user.is_active
    assert user.full_name == "Nora Newcomer"
    assert not client.login(username=FORM["email"], password=FORM["password"])
    [message] = mail.outbox
    assert message.to == ["nora@newco.example"]
    assert message.subject == "Confirmez votre compte Maillage"  # the page's language, French

    confirmed = client.get(_link(message))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/accounts/me/"
    user.refresh_from_db()
    assert user.is_active
    assert client.get("/accounts/me/").status_code == 200  # logged in by the link


def test_a_confirmation_link_works_once(client: Client) -> None:
    client.post("/accounts/signup/", FORM)
    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 302
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "déjà servi" in again.content.decode()


@pytest.mark.parametrize(
    "link", ["/accounts/signup/MQ/not-a-token/", "/accounts/signup/%F0%9F%98%80/x-y/"]
)
def test_a_forged_link_is_400_and_opens_nothing(client: Client, link: str) -> None:
    client.post("/accounts/signup/", FORM)
    assert client.get(link).status_code == 400
    assert not User.objects.get(email=FORM["email"]).is_active


def test_a_known_address_gets_the_same_page_and_its_owner_an_e_mail(
    client: Client, cast: Cast
) -> None:
    before = cast.alice.password
    response = client.post("/accounts/signup/", {**FORM, "email": "ALICE@example.org"})
    assert response.status_code == 200
    assert "ALICE@example.org" in response.content.decode()
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    cast.alice.refresh_from_db()
    assert cast.alice.password == before
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "déjà un" in message.body
    assert "/accounts/signup/" not in message.body


def test_signing_up_again_before_confirming_resends_the_link(client: Client) -> None:
    client.post("/accounts/signup/", FORM)
    client.post("/accounts/signup/", FORM)
    assert User.objects.filter(email=FORM["email"]).count() == 1
    assert len(mail.outbox) == 2
    assert "/accounts/signup/" in mail.outbox[1].body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password_again": "something else entirely"}, "password_again", "diffèrent"),
        ({"password": "nora", "password_again": "nora"}, "password", "trop court"),
        ({"email": "not an address"}, "email", "adresse de courriel valide"),
        ({"full_name": ""}, "full_name", "obligatoire"),
    ],
)
def test_bad_input_names_the_field_keeps_the_text_and_creates_nothing(
    client: Client, changes: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/accounts/signup/", {**FORM, **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form.data["full_name"] == {**FORM, **changes}["full_name"]
    assert not User.objects.exists()
    assert mail.outbox == []


def test_a_logged_in_person_goes_to_their_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get("/accounts/signup/")["Location"] == "/accounts/me/"


def test_the_login_page_offers_to_sign_up(client: Client) -> None:
    assert 'href="/accounts/signup/"' in client.get("/accounts/login/").content.decode()


def test_event_registration_and_sign_up_share_one_account_rule(db: None) -> None:
    create_account(email="Zoe@Example.org", full_name=" Zoé ", password="x" * 12)
    with pytest.raises(ExistingAccountError):
        create_account(email="zoe@EXAMPLE.org", full_name="", password="y" * 12)
