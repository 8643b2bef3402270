"""What every end-to-end test shares: Debian's Chromium driven by Playwright, and the marks that
skip the test where that browser is missing.

The ORM is used only while no browser runs: Playwright's sync API runs an event loop in this
thread, and Django refuses database calls from inside one.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from maillage.core.browser import CHROMIUM, launch_chromium

#: ``pytestmark`` of an end-to-end test module.
E2E = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


@contextmanager
def chromium_page() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="en-GB")
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def session_cookie(user: Any, base: str) -> dict[str, str]:
    """``user`` logged in, as the session cookie to add to a browser context for ``base`` (the
    journeys that do not test the login form skip it). Call it before the browser starts."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base,
    }
