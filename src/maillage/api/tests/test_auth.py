import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import User
from maillage.api.models import ApiToken
from maillage.api.services import create_api_token, hash_token
from maillage.api.tests.conftest import bearer, problem, snapshot
from maillage.conftest import PASSWORD, Cast
from maillage.ecosystem.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

VALID = "0403.170.701"


def patch_alice_org(client: Client, cast: Cast, **extra: str) -> object:
    return client.patch(
        f"/api/v1/organisations/{cast.alice_org.slug}",
        json.dumps({"enterprise_number": VALID}),
        content_type="application/json",
        **extra,
    )


# -- tokens ----------------------------------------------------------------------------------


def test_token_is_stored_as_a_hash_only(cast: Cast) -> None:
    api_token, token = create_api_token(user=cast.alice, name="CRM sync")
    assert token.startswith(f"mlg_{api_token.prefix}_")
    assert len(token) > 40
    stored = ApiToken.objects.get(pk=api_token.pk)
    assert stored.token_hash == hash_token(token)
    assert token not in (stored.token_hash, stored.prefix, stored.name)


def test_token_owner_can_patch(client: Client, cast: Cast, token_for: object) -> None:
    response = patch_alice_org(client, cast, **bearer(token_for(cast.alice)))  # type: ignore[operator]
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    assert ApiToken.objects.get(user=cast.alice).last_used_at is not None


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_token_member_and_outsider_cannot_patch(
    client: Client, cast: Cast, token_for: object, who: str
) -> None:
    before = snapshot()
    token = token_for(getattr(cast, who))  # type: ignore[operator]
    problem(patch_alice_org(client, cast, **bearer(token)), 403, "forbidden")
    assert snapshot() == before


@pytest.mark.parametrize(
    "token",
    ["nonsense", "mlg_deadbeef_wrong", "mlg_", ""],
)
def test_token_invalid_is_401_even_for_reads(
    client: Client, cast: Cast, token_for: object, token: str
) -> None:
    token_for(cast.alice)  # type: ignore[operator]
    response = client.get("/api/v1/organisations", **bearer(token))
    body = problem(response, 401, "invalid_token")
    assert body["detail"] == "The bearer token is unknown, malformed or revoked."
    assert response["WWW-Authenticate"] == 'Bearer realm="maillage", error="invalid_token"'


def test_token_with_right_prefix_and_wrong_secret_is_401(client: Client, cast: Cast) -> None:
    api_token, _ = create_api_token(user=cast.alice)
    forged = f"mlg_{api_token.prefix}_{'x' * 43}"
    problem(patch_alice_org(client, cast, **bearer(forged)), 401, "invalid_token")


def test_token_of_inactive_user_is_401(client: Client, cast: Cast, token_for: object) -> None:
    token = token_for(cast.alice)  # type: ignore[operator]
    User.objects.filter(pk=cast.alice.pk).update(is_active=False)
    problem(patch_alice_org(client, cast, **bearer(token)), 401, "invalid_token")


def test_token_revoked_by_deletion_is_401(client: Client, cast: Cast, token_for: object) -> None:
    token = token_for(cast.alice)  # type: ignore[operator]
    ApiToken.objects.all().delete()
    problem(patch_alice_org(client, cast, **bearer(token)), 401, "invalid_token")


def test_token_last_used_written_at_most_once_a_minute(
    client: Client, cast: Cast, token_for: object
) -> None:
    token = token_for(cast.alice)  # type: ignore[operator]
    client.get("/api/v1/domains", **bearer(token))
    first = ApiToken.objects.get().last_used_at
    client.get("/api/v1/domains", **bearer(token))
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get("/api/v1/domains", **bearer(token))
    assert ApiToken.objects.get().last_used_at > first  # type: ignore[operator]


def test_token_reads_private_contacts(client: Client, cast: Cast, token_for: object) -> None:
    ContactFactory(organisation=cast.alice_org, public_consent=False)
    url = f"/api/v1/organisations/{cast.alice_org.slug}/contacts"
    assert client.get(url).json()["count"] == 0
    assert client.get(url, **bearer(token_for(cast.bob))).json()["count"] == 1  # type: ignore[operator]


def test_token_needs_no_csrf(cast: Cast, token_for: object) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = patch_alice_org(client, cast, **bearer(token_for(cast.alice)))  # type: ignore[operator]
    assert response.status_code == 200  # type: ignore[attr-defined]


# -- session and CSRF ------------------------------------------------------------------------


def test_session_write_without_csrf_token_is_403(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username="alice@example.org", password=PASSWORD)
    before = snapshot()
    response = patch_alice_org(client, cast, HTTP_ORIGIN="https://evil.example")
    body = problem(response, 403, "csrf_failed")
    assert body["detail"].startswith("CSRF check failed")
    assert snapshot() == before


def test_session_cross_site_post_is_403_and_creates_nothing(cast: Cast, admin: User) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)
    before = snapshot()
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "Evil SA", "kind": "sme"}),
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )
    problem(response, 403, "csrf_failed")
    assert snapshot() == before


def test_session_write_with_csrf_token_passes(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.alice)
    token = "a" * 16 + "B" * 16  # a CSRF secret is 32 letters or digits
    client.cookies["csrftoken"] = token
    response = patch_alice_org(client, cast, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]


def test_session_reads_need_no_csrf(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.alice)
    assert client.get("/api/v1/organisations").status_code == 200


# -- management command ----------------------------------------------------------------------


def test_create_api_token_command_prints_a_working_token(client: Client, cast: Cast) -> None:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "Alice@Example.org", "--name", "CRM", stdout=out, stderr=err)
    token = out.getvalue().strip()
    api_token = ApiToken.objects.get()
    assert (api_token.user, api_token.name) == (cast.alice, "CRM")
    assert api_token.prefix in err.getvalue()
    assert patch_alice_org(client, cast, **bearer(token)).status_code == 200  # type: ignore[attr-defined]


def test_create_api_token_command_unknown_email_exits_2(cast: Cast) -> None:
    with pytest.raises(CommandError) as failure:
        call_command("create_api_token", "nobody@example.org")
    # ``maillage create_api_token`` exits with this code after printing the message.
    assert failure.value.returncode == 2
    assert str(failure.value) == "No user with the e-mail address nobody@example.org."
    assert ApiToken.objects.count() == 0


def test_create_api_token_command_inactive_user_exits_2(cast: Cast) -> None:
    User.objects.filter(pk=cast.alice.pk).update(is_active=False)
    with pytest.raises(CommandError) as failure:
        call_command("create_api_token", "alice@example.org")
    assert failure.value.returncode == 2
    assert str(failure.value) == "The account alice@example.org is inactive."
    assert ApiToken.objects.count() == 0
