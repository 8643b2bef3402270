"""Dutch in a real browser: a visitor switches to NL once and every page after it is Dutch (its
``lang``, its menu and its headings), and a participant reads their B2B agenda in Dutch."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.core.tests.browser import E2E, chromium_page, session_cookie
from maillage.events.tests.eventday_fixtures import make_day

pytestmark = E2E

MENU = (
    "Directory",
    "Ecosystem map",
    "Events",
    "Offers and needs",
    "Catalogue",
    "Digital maturity",
    "Funding calls",
)


def menu_in(language: str) -> list[str]:
    with translation.override(language):
        return [gettext(label) for label in MENU]


@pytest.fixture
def day(plain_static_files: None, transactional_db: None, cast: Cast, manager: User) -> Any:
    return make_day(cast, manager)


def test_visitor_switches_to_dutch_and_every_page_stays_dutch(day: Any, live_server: Any) -> None:
    dutch_menu = menu_in("nl")
    assert dutch_menu != menu_in("fr")
    assert dutch_menu != menu_in("en")
    base = str(live_server.url)
    paths = [
        reverse("ecosystem:organisation_list"),
        reverse("events:event_list"),
        reverse("events:event_detail", args=[day.event.slug]),
        reverse("marketplace:listing_list"),
        reverse("maturity:home"),
        reverse("accounts:signup"),
    ]
    with chromium_page() as page:
        page.goto(f"{base}{reverse('home')}")
        assert page.locator("html").get_attribute("lang") == "en"  # the browser asks for English
        page.locator(".lang-switch button[value=nl]").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "nl"
        for path in paths:
            page.goto(f"{base}{path}")
            assert page.locator("html").get_attribute("lang") == "nl", path
            menu = {label.strip() for label in page.locator("header nav a").all_inner_texts()}
            assert set(dutch_menu) <= menu, path


def test_participant_reads_the_agenda_in_dutch(day: Any, live_server: Any, cast: Cast) -> None:
    base = str(live_server.url)
    cookie = session_cookie(cast.alice, base)
    with translation.override("nl"):
        organisation = day.people["A"].organisation.display_name
        heading = gettext("B2B agenda of %(org)s") % {"org": organisation}
    with chromium_page() as page:
        page.context.add_cookies([cookie, {"name": "django_language", "value": "nl", "url": base}])
        page.goto(f"{base}{reverse('events:agenda', args=[day.event.slug])}")
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.locator("h1").inner_text().strip() == heading
    with translation.override("fr"):
        french = gettext("B2B agenda of %(org)s") % {"org": organisation}
    assert heading not in (french, f"B2B agenda of {organisation}")
