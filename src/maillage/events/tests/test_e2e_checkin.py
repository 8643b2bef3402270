"""End to end, in a real Chromium: at the desk, the organiser goes from the event-day page to
the check-in by badge, enters a badge's code as a scanner would, and sees the participant
checked in; a wrong code is refused with the reason, the field keeping it. Then they write to
the participants not arrived yet.

The ORM is used only while no browser runs (see ``core/tests/browser.py``).
"""

from typing import Any

import pytest

from maillage.core.tests.browser import E2E, chromium_page, session_cookie
from maillage.events.badges import badge_code
from maillage.events.models import Registration
from maillage.events.tests.b2b_fixtures import make_b2b

pytestmark = E2E


@pytest.fixture
def desk(plain_static_files: None, transactional_db: None, live_server: Any, cast, manager):
    b2b = make_b2b(cast)
    base = str(live_server.url)
    return {
        "day": f"{base}/events/{b2b.event.slug}/day/",
        "cookie": session_cookie(manager, base),
        "code": badge_code(b2b.bob_reg),
        "bob": b2b.bob_reg.pk,
    }


def test_organiser_checks_a_participant_in_by_badge_code(desk) -> None:
    with chromium_page() as page:
        page.set_viewport_size({"width": 390, "height": 844})  # the desk's phone
        page.context.add_cookies([desk["cookie"]])
        page.goto(desk["day"])
        page.locator("#scan-link").click()
        page.wait_for_url("**/day/scan/")
        field = page.locator("#badge-code")
        field.fill("not a badge")
        field.press("Enter")
        assert "not a badge code" in page.locator("#scan-error").inner_text()
        assert page.locator("#badge-code").input_value() == "not a badge"
        page.locator("#badge-code").fill(desk["code"])
        page.locator("#badge-code").press("Enter")
        assert "Bob Logistics SA" in page.locator("#scan-result").inner_text()
        assert page.locator("#badge-code").input_value() == ""  # ready for the next badge
        assert page.locator("#scan-counts").inner_text() == "1 of 2 participants checked in."

    assert Registration.objects.get(pk=desk["bob"]).checked_in_at is not None


def test_organiser_writes_to_the_participants_not_yet_arrived(desk) -> None:
    with chromium_page() as page:
        page.context.add_cookies([desk["cookie"]])
        page.goto(desk["day"])
        page.locator("#announcement-link").click()
        page.wait_for_url("**/message/")
        form = page.locator("#announcement-form")
        form.locator("select[name=attendance]").select_option("awaited")
        form.locator("input[name=subject]").fill("We start in ten minutes")
        form.locator("textarea[name=body]").fill("The B2B area is in hall 2.")
        page.locator("#send-announcement").click()
        page.wait_for_url(desk["day"])
        assert "being sent to 2 participants" in page.content()
