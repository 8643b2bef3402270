"""End to end, in a real Chromium: a participant rates a meeting from the link of their e-mail,
answers the three-month wave from the next e-mail, and the organiser downloads the report.

An edition of twelve pairs took place yesterday; its rating went out (``editions``). The other
participants answer through the services while no browser runs (Playwright's sync API runs an
event loop in this thread, and Django refuses database calls from inside one). The real worker
(``maillage worker --batch``) opens the wave, e-mails its links, and builds the PDF.
"""

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from maillage.accounts.models import Affiliation, User
from maillage.core.tests.browser import E2E, chromium_page
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import NetworkFactory
from maillage.impact.models import MeetingRating, Outcome, ReportJob, Wave
from maillage.impact.tests.editions import Edition, make_edition, organisations

pytestmark = E2E
PASSWORD = "e2e-password-123"
ORGANISER = "manon@infopole.example"


@pytest.fixture
def edition(
    plain_static_files: None,
    transactional_db: None,
    live_server: Any,
    settings: Any,
) -> tuple[str, Edition, Organisation]:
    settings.SITE_URL = str(live_server.url)
    cluster = NetworkFactory(name="InfoPôle Wallonie", slug="infopole")
    organiser = User.objects.create_user(ORGANISER, PASSWORD)
    Affiliation.objects.create(user=organiser, organisation=cluster, role=Affiliation.Role.MANAGER)
    pairs = list(zip(organisations(12, "Provider"), organisations(12, "Maker"), strict=True))
    held_on = timezone.localdate() - dt.timedelta(days=1)
    found = make_edition(
        name="ICT meets MecaTech", organisers=[cluster], held_on=held_on, pairs=pairs
    )
    return str(live_server.url), found, cluster


def _link(email: str, kind: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [email])
    match = re.search(rf"http://[^/\s]+(/impact/{kind}/\S+/)", body)
    assert match is not None, body
    return match.group(1)


def _rate_first_meeting(page: Any, base: str, path: str) -> None:
    page.goto(f"{base}{path}")
    page.locator("#rating-form input[name=took_place][value=yes]").check()
    page.locator("#rating-form input[name=interest][value=cooperation]").check()
    page.locator("#rating-form textarea[name=comment]").fill("A promising vision system")
    page.locator("#rating-form [type=submit]").click()
    page.locator(".messages li", has_text="Thank you").wait_for()


def _answer_wave(page: Any, base: str, path: str, request_id: int) -> None:
    page.goto(f"{base}{path}")
    form = page.locator(f"#meeting-{request_id} form").first
    form.locator(f"input[name=m{request_id}-status][value=agreement]").check()
    form.locator(f"select[name=m{request_id}-kind]").select_option("supply")
    form.locator(f"input[name=m{request_id}-amount]").fill("-25 000")
    form.locator("[type=submit]").click()
    # A negative amount is refused, with the reason, and nothing is kept.
    page.locator(".errorlist", has_text="cannot be negative").wait_for()
    form = page.locator(f"#meeting-{request_id} form").first
    form.locator(f"input[name=m{request_id}-amount]").fill("25 000")
    form.locator("[type=submit]").click()
    page.locator(".messages li", has_text="Thank you").wait_for()


def _ask_for_the_pdf(page: Any, base: str, slug: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/impact/reports/{slug}/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(ORGANISER)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}/impact/reports/{slug}/")
    assert "A promising vision system" not in page.content()
    with page.expect_download() as download:
        page.locator("#download-json").click()
    assert b'"organiser": "infopole"' in download.value.path().read_bytes()
    page.locator("#make-pdf").click()
    page.wait_for_url(re.compile(r".*/impact/reports/infopole/files/\d+/$"))


def _download_the_pdf(page: Any, base: str, path: str) -> bytes:
    page.goto(f"{base}/accounts/login/?next={path}")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(ORGANISER)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}{path}")
    with page.expect_download() as download:
        page.locator("#download-file").click()
    return download.value.path().read_bytes()


def _others_answer(edition: Edition) -> None:
    for index in range(1, 12):
        edition.rate(index)


def test_a_participant_rates_answers_a_wave_and_the_organiser_gets_the_report(
    edition: tuple[str, Edition, Organisation],
) -> None:
    base, found, cluster = edition
    participant = found.requests[0].requester.user.email
    request_id = found.requests[0].pk

    with chromium_page() as page:
        _rate_first_meeting(page, base, _link(participant, "rate"))

    rating = MeetingRating.objects.get(request_id=request_id)
    assert (rating.took_place, rating.interest, rating.comment) == (
        True,
        "cooperation",
        "A promising vision system",
    )
    _others_answer(found)
    now = timezone.now()
    Wave.objects.filter(plan__event=found.event, months=3).update(
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(weeks=4)
    )
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    with chromium_page() as page:
        _answer_wave(page, base, _link(participant, "wave"), request_id)
        _ask_for_the_pdf(page, base, cluster.slug)
        job_path = page.url.removeprefix(base)

    outcome = Outcome.objects.get(request_id=request_id)
    assert (outcome.status, outcome.kind, outcome.amount) == ("agreement", "supply", 25_000)
    assert ReportJob.objects.get().status == ReportJob.Status.QUEUED
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert ReportJob.objects.get().status == ReportJob.Status.DONE

    with chromium_page() as page:
        pdf = _download_the_pdf(page, base, job_path)

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Impact of the events of InfoPôle Wallonie" in text
    assert "A promising vision system" not in text
