"""End to end, in a real Chromium: the organiser goes from the requests page to the list of
every request of the event, filters it by state and downloads the filtered list as CSV.

The ORM is used only while no browser runs (see ``core/tests/browser.py``).
"""

import csv
import io
from typing import Any

import pytest

from maillage.core.tests.browser import E2E, chromium_page, session_cookie
from maillage.events.models import MeetingRequest
from maillage.events.tests.b2b_fixtures import add_participants, make_b2b

pytestmark = E2E


@pytest.fixture
def organiser_view(
    plain_static_files: None, transactional_db: None, live_server: Any, cast, manager
):
    b2b = make_b2b(cast)
    others = add_participants(b2b.event, 3)
    statuses = ["accepted", "pending", "declined"]
    for other, status in zip(others, statuses, strict=True):
        MeetingRequest.objects.create(
            event=b2b.event,
            requester=b2b.alice_reg,
            recipient=other,
            status=status,
            expires_at=b2b.event.registration_closes_at,
        )
    base = str(live_server.url)
    return {
        "base": base,
        "requests": f"{base}/events/{b2b.event.slug}/b2b/requests/",
        "cookie": session_cookie(manager, base),
        "accepted_to": others[0].organisation.name,
    }


def test_organiser_filters_the_requests_and_exports_them(organiser_view) -> None:
    with chromium_page() as page:
        page.context.add_cookies([organiser_view["cookie"]])
        page.goto(organiser_view["requests"])
        page.locator("#all-requests-link").click()
        page.wait_for_url("**/b2b/requests/all/")
        assert page.locator("#request-count").inner_text().startswith("3 requests")
        page.locator("#request-filters select[name=status]").select_option("accepted")
        page.locator("#request-filters [type=submit]").click()
        page.wait_for_url("**status=accepted**")
        rows = page.locator("#all-requests tbody tr")
        assert rows.count() == 1
        assert organiser_view["accepted_to"] in rows.first.inner_text()
        with page.expect_download() as download:
            page.locator("#export-csv").click()
        content = download.value.path().read_bytes()

    header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[1] == "Requester"
    assert [(row[1], row[3], row[5]) for row in rows] == [
        ("Alice Robotics SRL", organiser_view["accepted_to"], "accepted")
    ]
