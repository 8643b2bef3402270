"""The brake on guessing: login (public and admin), password reset, registration, API tokens."""

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from maillage.accounts import throttling
from maillage.conftest import PASSWORD, Cast
from maillage.ecosystem.tests.factories import UserFactory
from maillage.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def login(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post("/accounts/login/", {"username": email, "password": password}, **EN, **extra)


def test_login_refuses_the_right_password_after_ten_wrong_ones(client: Client, cast: Cast) -> None:
    for _ in range(10):
        assert login(client, "alice@example.org", "wrong").status_code == 200
    response = login(client, "alice@example.org", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts. For your security, try again in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_throttle_counts_the_account_whatever_the_address_or_case(
    client: Client, cast: Cast
) -> None:
    for attempt in range(10):
        login(client, "ALICE@example.org", "wrong", REMOTE_ADDR=f"10.0.0.{attempt}")
    assert login(client, "alice@example.org", PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 429


def test_login_throttle_leaves_other_accounts_alone(client: Client, cast: Cast) -> None:
    for _ in range(10):
        login(client, "alice@example.org", "wrong")
    response = login(client, "bob@example.org", PASSWORD)
    assert response.status_code == 302


def test_login_success_clears_the_account_count(client: Client, cast: Cast) -> None:
    for _ in range(9):
        login(client, "alice@example.org", "wrong")
    assert login(client, "alice@example.org", PASSWORD).status_code == 302
    client.logout()
    for _ in range(9):
        login(client, "alice@example.org", "wrong")
    assert login(client, "alice@example.org", PASSWORD).status_code == 302


def test_login_throttle_by_address_across_accounts(client: Client, db: None) -> None:
    for number in range(throttling.LOGIN_ADDRESS.limit):
        login(client, f"someone{number}@example.org", "wrong")
    user = UserFactory(email="fresh@example.org")
    user.set_password(PASSWORD)
    user.save()
    assert login(client, "fresh@example.org", PASSWORD).status_code == 429
    assert login(client, "fresh@example.org", PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_admin_login_shares_the_account_throttle(client: Client, cast: Cast) -> None:
    cast.alice.is_staff = True
    cast.alice.save(update_fields=["is_staff"])
    for _ in range(10):
        client.post("/admin/login/", {"username": "alice@example.org", "password": "wrong"}, **EN)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "alice@example.org", "password": PASSWORD, "next": "/admin/"},
        **EN,
    )
    assert response.status_code == 200
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_at_most_three_links_per_address(client: Client, cast: Cast) -> None:
    for _ in range(3):
        response = client.post("/accounts/password-reset/", {"email": "alice@example.org"}, **EN)
        assert response.status_code == 302
    response = client.post("/accounts/password-reset/", {"email": "alice@example.org"}, **EN)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_throttle_counts_unknown_addresses_too(client: Client, cast: Cast) -> None:
    """Probing for accounts costs the same whether they exist or not."""
    for _ in range(3):
        client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 429


def test_bad_bearer_tokens_are_throttled_by_address(client: Client, cast: Cast) -> None:
    for _ in range(throttling.TOKEN_ADDRESS.limit):
        response = client.get("/api/v1/domains", HTTP_AUTHORIZATION="Bearer mlg_nope_nope")
        assert response.status_code == 401
    response = client.get("/api/v1/domains", HTTP_AUTHORIZATION="Bearer mlg_nope_nope", **EN)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["code"] == "too_many_attempts"
    assert int(response["Retry-After"]) > 0
    # Another address is still served.
    other = client.get(
        "/api/v1/domains", HTTP_AUTHORIZATION="Bearer mlg_nope_nope", REMOTE_ADDR="10.2.2.2"
    )
    assert other.status_code == 401


def test_registration_posts_are_throttled_by_address(client: Client, db: None) -> None:
    event = EventFactory()
    url = f"/events/{event.slug}/register/"
    for _ in range(throttling.SIGNUP_ADDRESS.limit):
        assert client.post(url, {"email": "not an e-mail"}, **EN).status_code == 400
    response = client.post(url, {"email": "not an e-mail"}, **EN)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_client_address_behind_proxies(settings: Any) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.MAILLAGE_PROXY_HOPS = 0
    assert throttling.client_address(request) == "10.0.0.1"
    settings.MAILLAGE_PROXY_HOPS = 1
    assert throttling.client_address(request) == "203.0.113.7"


def test_a_window_boundary_gives_no_second_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = throttling.Rule("test-boundary", 3, 60)
    now = [119.0]  # one second before a bucket ends
    monkeypatch.setattr(throttling.time, "time", lambda: now[0])
    for _ in range(3):
        throttling.hit(rule, "key")
    with pytest.raises(throttling.ThrottledError) as blocked:
        throttling.check(rule, "key")
    assert blocked.value.retry_after == 62  # this bucket and the next one
    now[0] = 121.0
    with pytest.raises(throttling.ThrottledError):
        throttling.check(rule, "key")
    now[0] = 181.0
    throttling.check(rule, "key")
