"""End to end, in a real Chromium: an intersectoral event from set-up to a participant's calendar.

A cluster manager creates "ICT meets MecaTech" and its B2B session on the set-up pages; an ICT
provider and a manufacturer register; the manufacturer sees the provider among its suggestions,
with reasons, and asks for a meeting; the provider accepts; the organiser starts the scheduler
(the page only queues the job), the database worker solves it, the organiser publishes; the
manufacturer downloads the agenda ``.ics``, which must parse and hold the meeting at its table.

The ORM is used only while no browser runs: Playwright's sync API runs an event loop in this
thread, and Django refuses database calls from inside one. The job is run by the real
``db_worker`` command (``--batch``) between the two browser sessions.
"""

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from icalendar import Calendar
from pypdf import PdfReader

from maillage.accounts.models import Affiliation, User
from maillage.core.tests.browser import E2E, chromium_page
from maillage.ecosystem.models import Organisation
from maillage.events.models import Event, Meeting, MeetingRequest, ScheduleRun
from maillage.events.tests.pdf_reading import qr_matrix_in

pytestmark = E2E
PASSWORD = "e2e-password-123"
ORGANISER, PROVIDER, MAKER = (
    "manon@infopole.example",
    "victor@pixelvision.example",
    "marie@forges.example",
)


def _person(email: str, name: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(email, PASSWORD)
    user.full_name = name
    user.save(update_fields=["full_name"])
    Affiliation.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def event_server(
    plain_static_files: None,
    transactional_db: None,
    live_server: Any,
) -> str:
    cache.clear()  # suggestion tables are cached by event id, which repeats between tests
    cluster = Organisation.objects.create(
        name="InfoPôle Wallonie", slug="infopole", kind=Organisation.Kind.CLUSTER
    )
    Organisation.objects.create(
        name="MecaTech Pole", slug="mecatech-pole", kind=Organisation.Kind.POLE
    )
    provider = Organisation.objects.create(
        name="Pixel Vision SRL", slug="pixel-vision", kind=Organisation.Kind.SME
    )
    maker = Organisation.objects.create(
        name="Forges de Meuse SA", slug="forges-de-meuse", kind=Organisation.Kind.SME
    )
    _person(ORGANISER, "Manon Organiser", cluster, Affiliation.Role.MANAGER)
    _person(PROVIDER, "Victor Provider", provider, Affiliation.Role.REPRESENTATIVE)
    _person(MAKER, "Marie Maker", maker, Affiliation.Role.REPRESENTATIVE)
    return str(live_server.url)


def _log_in(page: Any, base: str, email: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}{next_path}")


def _set_up_event(page: Any, base: str) -> str:
    """The organiser creates the event and its B2B session; returns the event's path."""
    _log_in(page, base, ORGANISER, "/events/new/")
    form = page.locator("form.stacked")
    form.locator("input[name=name]").fill("ICT meets MecaTech")
    form.get_by_label("InfoPôle Wallonie").check()
    form.get_by_label("MecaTech Pole").check()
    form.locator("input[name=start_date]").fill("2027-03-18")
    form.locator("[type=submit]").first.click()
    page.wait_for_url("**/setup/")
    event_path = page.url.removeprefix(base).removesuffix("setup/")
    b2b = page.locator("#b2b-form")
    b2b.locator("input[name=b2b-name]").fill("Matin")
    b2b.locator("input[name=b2b-date]").fill("2027-03-18")
    b2b.locator("input[name=b2b-start_time]").fill("09:00")
    b2b.locator("input[name=b2b-end_time]").fill("10:00")
    b2b.locator("input[name=b2b-slot_minutes]").fill("20")
    b2b.locator("input[name=b2b-table_count]").fill("4")
    b2b.locator("[type=submit]").click()
    page.locator("section li", has_text="Matin").wait_for()
    return event_path


def _register(page: Any, base: str, email: str, event_path: str, role: str, **text: str) -> None:
    _log_in(page, base, email, f"{event_path}register/")
    form = page.locator("form.stacked")
    form.locator("input[name=organisation_mode][value=mine]").check()
    form.locator("select[name=organisation]").select_option(index=1)
    form.locator(f"input[name=role][value={role}]").check()
    form.locator("textarea[name=offers]").fill(text["offers"])
    form.locator("textarea[name=needs]").fill(text["needs"])
    form.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}{event_path}")
    assert page.locator("#participant-count").is_visible()


def _journey_until_scheduling(organiser: Any, base: str) -> str:
    event_path = _set_up_event(organiser, base)

    provider = _other_person(organiser)
    _register(
        provider,
        base,
        PROVIDER,
        event_path,
        "supplier",
        offers="Machine vision quality control for production lines\nPredictive maintenance",
        needs="Industrial pilot sites",
    )
    maker = _other_person(organiser)
    _register(
        maker,
        base,
        MAKER,
        event_path,
        "demander",
        offers="Forging and machining of steel parts",
        needs="Vision quality control on our forging line\nPredictive maintenance of presses",
    )

    maker.goto(f"{base}{event_path}b2b/suggestions/")
    card = maker.locator("li.suggestion", has_text="Pixel Vision SRL")
    assert card.locator("ul.reasons li").count() >= 1
    card.locator("textarea[name=message]").fill("Could we talk about vision control?")
    card.get_by_role("button", name="Request a meeting").click()
    maker.wait_for_url(f"{base}{event_path}b2b/requests/")
    assert "Pixel Vision SRL" in maker.locator("#sent").inner_text()

    provider.goto(f"{base}{event_path}b2b/requests/")
    row = provider.locator("#received tr", has_text="Forges de Meuse SA")
    row.locator("form[action$='/accept/'] button").click()
    provider.locator("#received tr", has_text="Forges de Meuse SA").locator(
        "form[action$='/accept/']"
    ).wait_for(state="detached")

    organiser.goto(f"{base}{event_path}schedule/")
    organiser.locator("#start-run").click()
    organiser.wait_for_url("**/schedule/runs/*/")
    # The request only queued the job: the page shows it waiting, with its progress polled.
    assert organiser.locator("#run-status").inner_text() == "queued"
    assert organiser.locator("#run-progress[hx-trigger]").count() == 1
    return event_path


def _journey_after_scheduling(
    organiser: Any, base: str, event_path: str, run_path: str
) -> tuple[bytes, bytes]:
    _log_in(organiser, base, ORGANISER, run_path)
    assert organiser.locator("#stat-placed").inner_text() == "1 of 1 requested (100 %)"
    organiser.locator("#publish").click()
    organiser.locator("#run-published").wait_for()

    maker = _other_person(organiser)
    _log_in(maker, base, MAKER, event_path)
    maker.locator("#my-agenda").click()
    maker.wait_for_url(f"{base}{event_path}agenda/")
    assert "Pixel Vision SRL" in maker.locator("#agenda").inner_text()
    with maker.expect_download() as download:
        maker.locator("#agenda-ics").click()
    pdf = maker.request.get(base + maker.locator("#agenda-pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    return download.value.path().read_bytes(), pdf.body()


def _other_person(page: Any) -> Any:
    """A page in a fresh context of the same browser: another person, with their own cookies."""
    context = page.context.browser.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_event_journey_from_setup_to_calendar(event_server: str) -> None:
    with chromium_page() as page:
        event_path = _journey_until_scheduling(page, event_server)

    event = Event.objects.get()
    request = MeetingRequest.objects.get(event=event)
    assert request.status == MeetingRequest.Status.ACCEPTED
    run = ScheduleRun.objects.get(event=event)
    assert run.status == ScheduleRun.Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE, run.message

    with chromium_page() as page:
        ics, pdf = _journey_after_scheduling(
            page, event_server, event_path, f"{event_path}schedule/runs/{run.pk}/"
        )

    meeting = Meeting.objects.get(run=run)
    assert Event.objects.get().schedule_published
    [entry] = Calendar.from_ical(ics).walk("VEVENT")
    assert [str(z["tzid"]) for z in Calendar.from_ical(ics).walk("VTIMEZONE")] == [
        "Europe/Brussels"
    ]
    # The printed agenda carries the QR code of the calendar feed, and its address.
    maker_registration = Meeting.objects.get(run=run).request.requester
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert maker_registration.agenda_token in text.replace("\n", "")
    assert qr_matrix_in(pdf)
    assert str(entry["summary"]) == "B2B meeting with Pixel Vision SRL"
    assert str(entry["location"]) == f"Table {meeting.table}"
    starts = entry.decoded("dtstart")
    assert (starts.date(), starts.hour * 60 + starts.minute) == (
        dt.date(2027, 3, 18),
        9 * 60 + 20 * (meeting.slot - 1),
    )

    # The publication e-mails were queued too; the worker sends them, with the agenda link.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    agenda_mails = [m for m in mail.outbox if f"{event_path}agenda/" in m.body]
    assert sorted(m.to[0] for m in agenda_mails) == [MAKER, PROVIDER]
