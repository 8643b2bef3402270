import pytest
from django.core import mail
from django.test import Client

from maillage.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_redirects(client: Client, cast: Cast) -> None:
    response = client.post(
        "/accounts/login/?next=/accounts/me/",
        {"username": "ALICE@example.org", "password": PASSWORD, "next": "/accounts/me/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"


def test_login_wrong_password_shows_error(client: Client, cast: Cast) -> None:
    response = client.post(
        "/accounts/login/",
        {"username": "alice@example.org", "password": "wrong"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "Your e-mail address and password did not match." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_link(client: Client, cast: Cast) -> None:
    response = client.post("/accounts/password-reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_reset_unknown_address_sends_nothing(client: Client, cast: Cast) -> None:
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_login_page_in_french_by_default(client: Client, db: None) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "Mot de passe oublié ?" in html
