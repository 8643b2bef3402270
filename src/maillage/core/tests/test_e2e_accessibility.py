"""WCAG 2.1 AA on the main pages, checked by axe-core in a real Chromium.

Each page is loaded as the person who uses it (anonymous visitor, participant, organiser) on a
small event with a published schedule (the event-day fixture), and axe-core runs the WCAG 2.0/2.1
A and AA rules. A serious or critical violation fails the test with the rule, its help text and
the offending elements, so the message says what to fix. Keyboard focus is checked too: the first
Tab lands on the skip link, which must be visible while focused.
"""

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.core.tests.browser import E2E, chromium_page
from maillage.events.tests.eventday_fixtures import make_day

pytestmark = E2E
PASSWORD = "a11y-password-123"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def pages(
    plain_static_files: None, transactional_db: None, live_server: Any, cast: Cast, manager: User
) -> dict[str, tuple[str | None, list[str]]]:
    """Who sees which pages: ``{login email or None: [paths]}``, keyed by a label."""
    cache.clear()
    day = make_day(cast, manager)
    for user in (cast.alice, cast.charlie, manager):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    slug = day.event.slug
    return {
        "visitor": (
            None,
            [
                reverse("home"),
                reverse("ecosystem:organisation_list"),
                reverse("ecosystem:organisation_detail", args=[cast.alice_org.slug]),
                reverse("events:event_list"),
                reverse("events:event_detail", args=[slug]),
                reverse("ecosystem:network_map"),
                reverse("marketplace:listing_list"),
                reverse("catalogue:entry_list"),
                reverse("calls:call_list"),
                reverse("maturity:home"),
                reverse("accounts:login"),
                reverse("design_system"),
            ],
        ),
        "newcomer": (cast.charlie.email, [reverse("events:register", args=[slug])]),
        "participant": (
            cast.alice.email,
            [
                reverse("events:b2b_suggestions", args=[slug]),
                reverse("events:b2b_requests", args=[slug]),
                reverse("events:agenda", args=[slug]),
                reverse("accounts:me"),
                reverse("impact:history"),
            ],
        ),
        "organiser": (
            manager.email,
            [
                reverse("events:dashboard", args=[slug]),
                reverse("events:schedule", args=[slug]),
                reverse("events:schedule_run", args=[slug, day.run.pk]),
                reverse("events:requests_list", args=[slug]),
                reverse("events:eventday_scan", args=[slug]),
            ],
        ),
    }


def _log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}{reverse('accounts:login')}")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_load_state()


def _blocking_violations(page: Any) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['help']}): {targets}")
    return found


def test_main_pages_have_no_serious_wcag_violation(
    pages: dict[str, tuple[str | None, list[str]]], live_server: Any
) -> None:
    base = str(live_server.url)
    problems: dict[str, list[str]] = {}
    for email, paths in pages.values():
        with chromium_page() as page:
            if email:
                _log_in(page, base, email)
            for path in paths:
                response = page.goto(f"{base}{path}")
                assert response is not None, path
                assert response.ok, (path, response.status)
                if found := _blocking_violations(page):
                    problems[path] = found
    assert not problems, "\n".join(f"{path}: {v}" for path, vs in problems.items() for v in vs)


def test_main_pages_fit_a_phone_screen(
    pages: dict[str, tuple[str | None, list[str]]], live_server: Any
) -> None:
    """At 390 CSS pixels no page scrolls sideways: menus, tables and addresses fit or scroll
    inside their own box (participants read their agenda on a phone)."""
    base = str(live_server.url)
    too_wide = {}
    for email, paths in pages.values():
        with chromium_page() as page:
            page.set_viewport_size(PHONE)
            if email:
                _log_in(page, base, email)
            for path in paths:
                page.goto(f"{base}{path}")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    too_wide[path] = width
    assert too_wide == {}


def test_the_check_catches_a_violation(live_server: Any, plain_static_files: None) -> None:
    """The check itself can fail: an image without text and an unlabelled field are reported."""
    with chromium_page() as page:
        page.goto(f"{live_server.url}{reverse('home')}")
        page.evaluate(
            """document.querySelector("main").insertAdjacentHTML("beforeend",
               '<img src="/static/none.png"><input type="text">')"""
        )
        found = " ".join(_blocking_violations(page))
    assert "image-alt" in found
    assert "label" in found


def test_first_tab_reaches_a_visible_skip_link(live_server: Any, plain_static_files: None) -> None:
    with chromium_page() as page:
        page.goto(f"{live_server.url}{reverse('home')}")
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        assert focused.get_attribute("href") == "#main"
        box = focused.bounding_box()
        assert box is not None
        assert min(box["width"], box["height"]) > 1
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id || location.hash") in ("main", "#main")
