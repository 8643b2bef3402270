"""End to end, in a real Chromium: a representative publishes a need from the navigation, a
visitor finds it with the filters, the representative withdraws it and it is gone.

The ORM is used only while no browser runs (Playwright's sync API runs an event loop in this
thread, and Django refuses database calls from inside one).
"""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maillage.accounts.models import Affiliation, User
from maillage.core.tests.browser import E2E, chromium_page
from maillage.ecosystem.models import Domain, Organisation
from maillage.marketplace.models import Listing

pytestmark = E2E
PASSWORD = "e2e-password-123"
EMAIL = "marie@forges.example"


@pytest.fixture
def market_server(
    plain_static_files: None,
    transactional_db: None,
    live_server: Any,
) -> str:
    maker = Organisation.objects.create(
        name="Forges de Meuse SA", slug="forges-de-meuse", kind=Organisation.Kind.SME
    )
    Domain.objects.create(code="vision", label_fr="Vision industrielle", label_en="Machine vision")
    user = User.objects.create_user(EMAIL, PASSWORD)
    Affiliation.objects.create(user=user, organisation=maker, role=Affiliation.Role.REPRESENTATIVE)
    return str(live_server.url)


def test_publish_find_and_withdraw_a_need(market_server: str) -> None:
    base = market_server
    expiry = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    with chromium_page() as page:
        page.goto(f"{base}/accounts/login/?next=/marketplace/")
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=username]").fill(EMAIL)
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("[type=submit]").first.click()
        page.wait_for_url(f"{base}/marketplace/")
        # The page's button, not the same link in the empty list's sentence.
        page.locator("a.button", has_text="Publish an offer or a need").click()
        form = page.locator("form.stacked")
        form.locator("select[name=direction]").select_option("need")
        form.locator("select[name=category]").select_option("technology")
        form.locator("input[name=title]").fill("Vision inspection of forged parts")
        form.locator("textarea[name=description]").fill("Cameras on our forging line.")
        form.locator("select[name=domains]").select_option("vision")
        form.locator("input[name=expires_on]").fill(expiry)
        form.locator("[type=submit]").first.click()
        page.wait_for_url("**/marketplace/*/")
        assert page.locator("h1").inner_text() == "Vision inspection of forged parts"
        detail = page.url

        page.goto(f"{base}/marketplace/?kind=need&domain=vision&q=forged")
        assert page.locator("#results .org-card").count() == 1
        page.goto(f"{base}/marketplace/?kind=offer")
        assert page.locator("#results .org-card").count() == 0

        page.goto(detail)
        page.get_by_role("button", name="Withdraw").click()
        page.wait_for_url(detail)
        assert "withdrawn" in page.locator("#listing-status").inner_text()
        page.goto(f"{base}/marketplace/")
        assert page.locator("#results .org-card").count() == 0
    assert list(Listing.objects.values_list("status", flat=True)) == ["withdrawn"]
