"""End to end, in a real Chromium: a newcomer signs up from the login page, confirms the
address with the e-mailed link, asks to join their company from its directory page, and the
company's representative approves on the requests page; the newcomer is then affiliated."""

import re
from typing import Any

import pytest
from django.core import mail

from maillage.accounts.models import Affiliation, User
from maillage.conftest import Cast
from maillage.core.tests.browser import E2E, chromium_page

pytestmark = E2E
PASSWORD = "a long and new passphrase"


@pytest.fixture
def server(plain_static_files: None, transactional_db: None, live_server: Any, cast: Cast) -> str:
    cast.alice.set_password(PASSWORD)
    cast.alice.save(update_fields=["password"])
    return str(live_server.url)


def _sign_up(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#signup-link").click()
    form = page.locator("form.stacked")
    form.locator("input[name=full_name]").fill("Nora Newcomer")
    form.locator("input[name=email]").fill("nora@newco.example")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("input[name=password_again]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    page.locator("#signup-sent").wait_for()


def _ask_to_join(page: Any, base: str, link: str, slug: str) -> None:
    page.goto(link)
    page.wait_for_url(f"{base}/accounts/me/")
    page.goto(f"{base}/organisations/{slug}/")
    page.locator("#join-organisation").click()
    page.locator("textarea[name=message]").fill("Sales engineer since May")
    page.locator("form.stacked [type=submit]").click()
    page.wait_for_url(f"{base}/claims/")
    assert "Alice Robotics SRL" in page.locator("#own").inner_text()


def _approve(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/claims/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("alice@example.org")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}/claims/")
    row = page.locator("#to-decide tr", has_text="Nora Newcomer")
    row.locator("button[value=approve]").click()
    page.locator("#to-decide", has_text="Nora Newcomer").wait_for(state="detached")


def test_sign_up_confirm_join_and_be_approved(server: str, cast: Cast) -> None:
    with chromium_page() as page:
        _sign_up(page, server)
    assert not User.objects.get(email="nora@newco.example").is_active
    found = re.search(r"https?://\S+/accounts/signup/\S+/", mail.outbox[-1].body)
    assert found is not None
    link = server + "/accounts/" + found.group(0).split("/accounts/", 1)[1]

    with chromium_page() as page:
        _ask_to_join(page, server, link, cast.alice_org.slug)
    with chromium_page() as page:
        _approve(page, server)

    assert Affiliation.objects.filter(
        user__email="nora@newco.example", organisation=cast.alice_org
    ).exists()
