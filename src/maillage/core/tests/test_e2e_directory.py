"""End to end, in a real Chromium: find MecaTech, open its page, log in as a representative and
edit the organisation.

Runs against pytest-django's live server with the seed data and a small synthetic population.
The ORM is used only before the browser starts and after it stops: Playwright's sync API runs an
event loop in this thread, and Django refuses database calls from inside one.
"""

from typing import Any

import pytest

from maillage.core.demo import DEMO_ORGANISATION_SLUG, ensure_demo_accounts, load_demo_data
from maillage.core.tests.browser import E2E, chromium_page
from maillage.ecosystem.models import Organisation

pytestmark = E2E


@pytest.fixture
def demo_server(plain_static_files: None, transactional_db: None, live_server: Any) -> str:
    load_demo_data(population=50)
    ensure_demo_accounts()
    return str(live_server.url)


def _run_journey(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    assert page.locator("body").is_visible()

    page.goto(f"{base}/organisations/?q=MecaTech")
    link = page.locator('a[href="/organisations/mecatech/"]').first
    link.click()
    page.wait_for_url(f"{base}/organisations/mecatech/")
    assert "MecaTech" in page.locator("h1").first.inner_text()

    page.goto(f"{base}/accounts/login/?next=/organisations/{DEMO_ORGANISATION_SLUG}/edit/")
    login = page.locator("form:has(input[name=password])")
    login.locator("input[name=username]").fill("representative@maillage.example")
    login.locator("input[name=password]").fill("demo-representative")
    login.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}/organisations/{DEMO_ORGANISATION_SLUG}/edit/")

    form = page.locator("form:has(input[name=website])")
    form.locator("input[name=short_name]").fill("Mosa Mechatronics Demo")
    form.locator("input[name=website]").fill("https://mosa-mechatronics.example/")
    form.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}/organisations/{DEMO_ORGANISATION_SLUG}/")
    assert "Mosa Mechatronics Demo" in page.locator("body").inner_text()


def test_directory_journey_search_open_login_edit(demo_server: str) -> None:
    with chromium_page() as page:
        _run_journey(page, demo_server)

    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    assert organisation.short_name == "Mosa Mechatronics Demo"
    assert organisation.website == "https://mosa-mechatronics.example/"
