"""The screenshot tour: the main pages of the demo, each as the person who uses it, at a desktop
and a phone width, in one folder with an index page, so that a reviewer sees every page at once.

The tour's addresses are read from the demo database first; only then does the browser start
(Playwright's sync API runs an event loop, and Django refuses database calls from inside one).
"""

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import reverse

from maillage.calls.models import Call
from maillage.catalogue.models import Entry
from maillage.core.browser import CHROMIUM, launch_chromium
from maillage.core.demo import DEMO_ACCOUNTS, DEMO_NETWORK_SLUG, DEMO_ORGANISATION_SLUG
from maillage.events.demo_edition import LIVE_SLUG
from maillage.events.models import ScheduleRun
from maillage.events.pitch_demo import INNOGO_SLUG
from maillage.marketplace.models import Listing
from maillage.maturity.demo import DEMO_HUB_SLUG

#: Widths in CSS pixels: a laptop, and a common phone (the event day is read on phones).
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


@dataclass(frozen=True)
class Stop:
    #: A demo account's role, or "visitor" (not logged in).
    role: str
    name: str
    path: str


class TourError(Exception):
    """The tour cannot run (no demo data, no server, no browser): the message says why."""


def demo_tour() -> list[Stop]:
    """Every main page of the demo, as visitor, representative, organiser, advisor and admin."""
    live = {"slug": LIVE_SLUG}
    run = ScheduleRun.objects.published().filter(event__slug=LIVE_SLUG).first()
    if run is None:
        raise TourError("no demo data: run `make demo` (or `maillage demo --no-serve`) first.")
    listing = Listing.objects.order_by("pk").first()
    entry = Entry.objects.order_by("pk").first()
    call = Call.objects.order_by("pk").first()
    visitor = [
        ("home", reverse("home")),
        ("directory", reverse("ecosystem:organisation_list")),
        ("organisation", reverse("ecosystem:organisation_detail", args=[DEMO_ORGANISATION_SLUG])),
        # A cluster: its members, and the logo the demo draws for it.
        ("cluster", reverse("ecosystem:organisation_detail", args=[DEMO_NETWORK_SLUG])),
        ("map", reverse("ecosystem:network_map")),
        ("events", reverse("events:event_list")),
        ("event", reverse("events:event_detail", kwargs=live)),
        ("pitches", reverse("events:pitches", kwargs={"slug": INNOGO_SLUG})),
        ("marketplace", reverse("marketplace:listing_list")),
        ("catalogue", reverse("catalogue:entry_list")),
        ("calls", reverse("calls:call_list")),
        ("maturity", reverse("maturity:home")),
        ("api-docs", "/api/v1/docs"),
        ("login", reverse("accounts:login")),
        ("design-system", reverse("design_system")),
    ]
    if listing:
        visitor.append(("listing", reverse("marketplace:listing_detail", args=[listing.pk])))
    if entry:
        visitor.append(("catalogue-entry", reverse("catalogue:entry_detail", args=[entry.slug])))
    if call:
        visitor.append(("call", reverse("calls:call_detail", args=[call.slug])))
    representative = [
        ("my-organisations", reverse("accounts:me")),
        ("suggestions", reverse("events:b2b_suggestions", kwargs=live)),
        ("requests", reverse("events:b2b_requests", kwargs=live)),
        ("agenda", reverse("events:agenda", kwargs=live)),
        ("brainstorming", reverse("events:brainstorm_page", kwargs=live)),
        ("follow-up", reverse("impact:history")),
        ("maturity-organisation", reverse("maturity:organisation", args=[DEMO_ORGANISATION_SLUG])),
        ("my-data", reverse("privacy:my_data")),
    ]
    manager = [
        ("organisation-edit", reverse("ecosystem:organisation_edit", args=[DEMO_NETWORK_SLUG])),
        ("setup", reverse("events:setup_programme", kwargs=live)),
        ("participants", reverse("events:b2b_participants", kwargs=live)),
        ("schedule", reverse("events:schedule", kwargs=live)),
        ("schedule-run", reverse("events:schedule_run", args=[LIVE_SLUG, run.pk])),
        ("event-day", reverse("events:eventday_page", kwargs=live)),
        ("dashboard", reverse("events:dashboard", kwargs=live)),
        ("impact-follow-up", reverse("impact:follow_up", kwargs=live)),
        ("impact-reports", reverse("impact:report_index")),
    ]
    advisor = [("hub", reverse("maturity:hub", args=[DEMO_HUB_SLUG]))]
    admin = [("new-event", reverse("events:setup_create"))]
    roles = {
        "visitor": visitor,
        "representative": representative,
        "manager": manager,
        "advisor": advisor,
        "admin": admin,
    }
    return [Stop(role, name, path) for role, stops in roles.items() for name, path in stops]


def take_screenshots(
    base_url: str,
    stops: Iterable[Stop],
    output: Path,
    *,
    progress: Callable[[str], None] = lambda line: None,
) -> list[Path]:
    """Screenshot every stop at every width into ``output`` and write ``output/index.html``."""
    try:
        from playwright.sync_api import Error as PlaywrightError  # noqa: PLC0415 (a dev extra)
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError as error:
        raise TourError("needs Playwright: pip install -e '.[dev]'") from error
    if not CHROMIUM.exists():
        raise TourError(f"needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    output.mkdir(parents=True, exist_ok=True)
    passwords = {account.role: (account.email, account.password) for account in DEMO_ACCOUNTS}
    by_role: dict[str, list[Stop]] = {}
    for stop in stops:
        by_role.setdefault(stop.role, []).append(stop)
    shots: list[Path] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for role, role_stops in by_role.items():
                for width_name, (width, height) in WIDTHS.items():
                    context = browser.new_context(
                        locale="fr-BE", viewport={"width": width, "height": height}
                    )
                    page = context.new_page()
                    try:
                        if role in passwords:
                            _log_in(page, base_url, *passwords[role])
                        for stop in role_stops:
                            page.goto(f"{base_url}{stop.path}", wait_until="networkidle")
                            shot = output / f"{role}-{stop.name}-{width_name}.png"
                            page.screenshot(path=str(shot), full_page=True)
                            shots.append(shot)
                            progress(f"{len(shots)}: {shot.name}")
                    except PlaywrightError as error:
                        raise TourError(
                            f"{base_url} did not answer as expected: {error}"
                        ) from error
                    finally:
                        context.close()
        finally:
            browser.close()
    (output / "index.html").write_text(_index(shots), encoding="utf-8")
    return shots


def _log_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}{reverse('accounts:login')}")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").first.click()
    page.wait_for_load_state()
    if page.locator("form:has(input[name=password])").count():
        raise TourError(f"could not log in as {email}: run `maillage demo` to create its account.")


def _index(shots: list[Path]) -> str:
    figures = "\n".join(
        f'<figure><img src="{html.escape(shot.name)}" alt="{html.escape(shot.stem)}" '
        f'loading="lazy"><figcaption>{html.escape(shot.stem)}</figcaption></figure>'
        for shot in shots
    )
    return (
        '<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Maillage screenshot tour'
        "</title><style>body{font:14px system-ui;display:flex;flex-wrap:wrap;gap:1rem}"
        "figure{margin:0;width:320px}img{width:100%;border:1px solid #ccc}</style>"
        f"{figures}</html>\n"
    )
