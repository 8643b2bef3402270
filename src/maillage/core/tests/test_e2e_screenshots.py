"""The screenshot tour in a real Chromium, against a live server: one page as a visitor and one
as a logged-in demo account, at both widths, with the index page that shows them."""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from maillage.accounts.models import User
from maillage.core.demo import DEMO_ACCOUNTS
from maillage.core.screenshots import Stop, TourError, take_screenshots
from maillage.core.tests.browser import E2E

pytestmark = E2E
STOPS = [Stop("visitor", "home", reverse("home")), Stop("manager", "me", reverse("accounts:me"))]


@pytest.fixture
def server(transactional_db: None, live_server: Any, plain_static_files: None) -> str:
    return str(live_server.url)


def test_screenshots_at_both_widths_with_an_index(server: str, tmp_path: Path) -> None:
    manager = next(account for account in DEMO_ACCOUNTS if account.role == "manager")
    User.objects.create_user(manager.email, manager.password)

    shots = take_screenshots(server, STOPS, tmp_path)

    assert sorted(shot.name for shot in shots) == [
        "manager-me-desktop.png",
        "manager-me-phone.png",
        "visitor-home-desktop.png",
        "visitor-home-phone.png",
    ]
    for shot in shots:
        assert shot.read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "index.html").read_text().count("<img") == 4


def test_a_role_without_its_demo_account_is_named(server: str, tmp_path: Path) -> None:
    with pytest.raises(TourError, match=r"could not log in as manager@maillage\.example"):
        take_screenshots(server, STOPS[1:], tmp_path)
