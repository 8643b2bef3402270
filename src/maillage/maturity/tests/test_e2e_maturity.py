"""End to end, in a real Chromium: an SME's representative fills the questionnaire over
several steps, leaves, resumes where they stopped, finishes, and sees the results page (radar,
the peer benchmark's suppression note, the advice of labelled providers); then the public
catalogue, filtered.

Everything the pages need is written before the browser starts (Playwright's sync API runs an
event loop in this thread, and Django refuses database calls from inside one).
"""

import re
from datetime import date
from typing import Any

import pytest

from maillage.catalogue.models import Entry, Label, LabelApplication
from maillage.conftest import PASSWORD, Cast
from maillage.core.tests.browser import E2E, chromium_page
from maillage.ecosystem.tests.factories import OrganisationFactory

pytestmark = E2E

#: The labelled entries and the dimensions they address (Cloud Mons addresses all, unlabelled).
LABELLED = {"DataLab Liège": ["D1", "D2", "D3", "D4"], "SecureOps Namur": ["D2", "D5", "D6"]}


@pytest.fixture
def site(
    plain_static_files: None,
    transactional_db: None,
    live_server: Any,
    cast: Cast,
) -> tuple[str, Cast]:
    body = OrganisationFactory(name="Agence du Numérique")
    label = Label.objects.create(name="Digital Wallonia", slug="digital-wallonia", body=body)
    for name, technologies, dimensions in [
        ("DataLab Liège", ["data", "ai"], LABELLED["DataLab Liège"]),
        ("SecureOps Namur", ["cybersecurity"], LABELLED["SecureOps Namur"]),
        ("Cloud Mons", ["cloud"], ["D1", "D2", "D3", "D4", "D5", "D6"]),
    ]:
        entry = Entry.objects.create(
            kind="provider",
            name=name,
            slug=name.lower().replace(" ", "-").replace("è", "e"),
            organisation=OrganisationFactory(name=f"{name} SRL", province="WLG"),
            summary={"en": f"{name} helps SMEs", "fr": f"{name} aide les PME"},
            technologies=technologies,
            dimensions=dimensions,
            languages=["fr", "en"],
        )
        if name != "Cloud Mons":
            LabelApplication.objects.create(
                label=label, entry=entry, status="approved", valid_from=date(2026, 1, 1)
            )
    return str(live_server.url), cast


def _answer_step(page: Any, *, high: bool) -> None:
    """Tick the first option of every checkbox question and, on every scale, the highest or
    the lowest answer (the weakest dimensions then are the low ones)."""
    for fieldset in page.locator("form.questionnaire fieldset").all():
        boxes = fieldset.locator("input[type=checkbox]")
        if boxes.count():
            boxes.first.check()
        for row in fieldset.locator(".answer-row").all():
            radios = row.locator("input[type=radio]")
            if radios.count():
                (radios.last if high else radios.nth(1)).check()
    page.get_by_role("button", name="Save and continue").click()


def _step_title(page: Any) -> str:
    return str(page.locator("h1").inner_text())


def test_an_sme_assesses_itself_leaves_resumes_and_finds_help(site: tuple[str, Cast]) -> None:
    base, cast = site
    organisation = f"{base}/maturity/organisations/{cast.alice_org.slug}/"
    with chromium_page() as page:
        page.goto(f"{base}/accounts/login/?next=/maturity/organisations/{cast.alice_org.slug}/")
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=username]").fill(cast.alice.email)
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("[type=submit]").first.click()
        page.wait_for_url(organisation)

        page.get_by_role("button", name="Start the assessment (T0)").click()
        page.wait_for_url(re.compile(r".*/maturity/assessments/\d+/D1/$"))
        first_step = _step_title(page)
        _answer_step(page, high=False)  # D1, weak
        page.wait_for_url(re.compile(r".*/D2/$"))
        assert _step_title(page) != first_step
        _answer_step(page, high=True)  # D2
        page.wait_for_url(re.compile(r".*/D3/$"))

        # Leave, and come back later: the organisation's page offers to resume T0 where it was.
        page.goto(f"{base}/catalogue/")
        page.goto(organisation)
        assert page.locator("#assessments").inner_text().count("T0") == 1
        page.get_by_role("button", name="Resume T0").click()
        page.wait_for_url(re.compile(r".*/D3/$"))
        _answer_step(page, high=False)  # D3, weak
        for step in ("D4", "D5", "D6"):
            page.wait_for_url(re.compile(rf".*/{step}/$"))
            _answer_step(page, high=True)

        page.wait_for_url(re.compile(r".*/review/$"))
        page.get_by_role("button", name="Finish and see the results").click()
        page.wait_for_url(re.compile(r".*/maturity/assessments/\d+/$"))
        assert re.match(r"Overall score: \d+(\.\d)? / 100", page.locator("#overall").inner_text())
        assert page.locator("figure.radar svg polygon").count() >= 2
        assert page.locator("#dimension-scores tbody tr").count() == 6
        peers = page.locator("#peers").inner_text()
        assert "not enough assessed companies yet to show any figure (1; a group is shown" in peers
        scores = {
            row.locator("th").inner_text()[:2]: float(row.locator("td").first.inner_text())
            for row in page.locator("#dimension-scores tbody tr").all()
        }
        weakest = set(sorted(scores, key=lambda d: (scores[d], d))[:2])
        expected = sorted(name for name, dims in LABELLED.items() if weakest & set(dims))
        advice = page.locator("#advice li.org-card strong")
        assert expected  # every dimension is addressed by a labelled entry
        assert sorted(advice.all_inner_texts()) == expected
        assert "Cloud Mons" not in page.locator("#advice").inner_text()  # not labelled

        # The public catalogue, filtered without reloading the page (htmx).
        page.goto(f"{base}/catalogue/")
        assert page.locator(".results-head").inner_text() == "3 entries"
        page.locator("select[name=technology]").select_option("cybersecurity")
        page.wait_for_url(re.compile(r".*technology=cybersecurity.*"))
        page.locator(".results-head", has_text="1 entry").wait_for()
        cards = page.locator("#results li.org-card")
        assert cards.count() == 1
        assert "SecureOps Namur" in cards.first.inner_text()
        assert "Digital Wallonia" in cards.first.inner_text()
