"""End to end, in a real Chromium: browse calls, express interest, the relaying cluster's manager
sees it (and an outsider does not); then start a consortium on the call, invite the partner the
matching engine proposes, and the invited organisation's representative accepts.

The ORM is used only while no browser runs (Playwright's sync API runs an event loop in this
thread, and Django refuses database calls inside one); the proposals job is run by the real
``db_worker`` command between two browser sessions.
"""

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.accounts.models import Affiliation, User
from maillage.calls.eligibility import pack
from maillage.calls.models import Call, CallDeadline, Consortium, ExpressionOfInterest, Partner
from maillage.core.tests.browser import E2E, chromium_page
from maillage.ecosystem.models import Membership, Organisation

pytestmark = E2E
PASSWORD = "e2e-password-123"
MANAGER, MEMBER, OUTSIDER, LAB = (
    "manon@mecatech.example",
    "marc@forges.example",
    "otto@elsewhere.example",
    "lena@twinlab.example",
)


def _person(email: str, organisation: Organisation, role: str) -> None:
    user = User.objects.create_user(email, PASSWORD)
    Affiliation.objects.create(user=user, organisation=organisation, role=role)


@pytest.fixture
def calls_server(
    plain_static_files: None,
    transactional_db: None,
    live_server: Any,
    settings: Any,
    tmp_path: Any,
) -> str:
    settings.DATA_DIR = tmp_path  # the embedding cache
    mecatech = Organisation.objects.create(
        name="MecaTech", slug="mecatech", kind=Organisation.Kind.POLE
    )
    forges = Organisation.objects.create(
        name="Forges de Meuse SA",
        slug="forges-de-meuse",
        kind=Organisation.Kind.SME,
        descriptions={"en": "Forging and machining of steel parts for industry."},
    )
    Membership.objects.create(organisation=forges, network=mecatech)
    elsewhere = Organisation.objects.create(
        name="Elsewhere SRL", slug="elsewhere", kind=Organisation.Kind.SME
    )
    lab = Organisation.objects.create(
        name="Twin Lab Aachen",
        slug="twin-lab-aachen",
        kind=Organisation.Kind.RESEARCH_CENTRE,
        country="DE",
        descriptions={"en": "Research on digital twins and the simulation of forging lines."},
    )
    Organisation.objects.create(
        name="Brot Institut",
        slug="brot-institut",
        kind=Organisation.Kind.RESEARCH_CENTRE,
        country="DE",
        descriptions={"en": "Research on bread, dough and bakery recipes."},
    )
    _person(MANAGER, mecatech, Affiliation.Role.MANAGER)
    _person(MEMBER, forges, Affiliation.Role.REPRESENTATIVE)
    _person(OUTSIDER, elsewhere, Affiliation.Role.REPRESENTATIVE)
    _person(LAB, lab, Affiliation.Role.REPRESENTATIVE)
    today = timezone.localdate()
    call = Call.objects.create(
        reference="MECATECH-2027-01",
        slug="greenadopt-digital-twins",
        title="GreenAdopt: digital twins of forging lines",
        summary="Direct funding of SMEs that build digital twins to save energy on their lines.",
        topics=["digital twin", "energy efficiency", "forging"],
        eligible_applicants=pack(["sme", "research"]),
        opens_on=today - dt.timedelta(days=10),
        relayed_by=mecatech,
        source=Call.Source.CLUSTER,
    )
    CallDeadline.objects.create(call=call, date=today + dt.timedelta(days=21))
    closed = Call.objects.create(
        reference="OLD-1", slug="old-call", title="An old call", source=Call.Source.PORTAL
    )
    CallDeadline.objects.create(call=closed, date=today - dt.timedelta(days=3))
    return str(live_server.url)


def _log_in(page: Any, base: str, email: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").first.click()
    page.wait_for_url(f"{base}{next_path}")


def _other_person(page: Any) -> Any:
    context = page.context.browser.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    return context.new_page()


def _interest_journey(member: Any, base: str) -> None:
    _log_in(member, base, MEMBER, "/calls/")
    assert member.locator(".call-card").count() == 1  # open calls only
    member.locator("#calls-q").fill("forging")
    member.wait_for_url("**/calls/?*q=forging*")
    member.locator(".call-card a", has_text="GreenAdopt").click()
    member.wait_for_url(f"{base}/calls/greenadopt-digital-twins/")
    form = member.locator("#interest-form")
    form.locator("textarea[name=message]").fill("We forge and want a twin of our press line.")
    form.get_by_role("button", name="Express interest").click()
    member.locator("#my-interest").wait_for()
    assert (
        "Forges de Meuse SA told MecaTech of its interest"
        in member.locator("#my-interest").inner_text()
    )

    manager = _other_person(member)
    _log_in(manager, base, MANAGER, "/calls/greenadopt-digital-twins/")
    assert "1 organisation has expressed interest." in manager.locator("main").inner_text()
    manager.get_by_role("link", name="See them in a table").click()
    row = manager.locator("#interests tbody tr")
    assert row.count() == 1
    assert "Forges de Meuse SA" in row.inner_text()
    assert "We forge and want a twin of our press line." in row.inner_text()

    outsider = _other_person(member)
    _log_in(outsider, base, OUTSIDER, "/calls/greenadopt-digital-twins/")
    assert outsider.locator("#my-interest").count() == 0
    response = outsider.goto(f"{base}/calls/greenadopt-digital-twins/interests/")
    assert response.status == 403


def _start_consortium(member: Any, base: str) -> None:
    member.goto(f"{base}/calls/greenadopt-digital-twins/")
    member.get_by_role("link", name="Start a consortium").click()
    form = member.locator("form.stacked")
    form.locator("input[name=name]").fill("TWIN-FORGE")
    form.locator("textarea[name=description]").fill("A digital twin of a forging press line.")
    form.locator("select[name=wanted_role_1]").select_option("research")
    form.locator("input[name=wanted_country_1]").fill("DE")
    form.get_by_role("button", name="Start the consortium").click()
    member.wait_for_url("**/calls/consortia/*/")
    assert "1 wanted partner missing" in member.locator("#consortium-state").inner_text()
    # Proposals are a background job: the page shows it waiting, its progress polled.
    assert member.locator("#job-progress[hx-trigger]").count() == 1


def _invite_and_accept(member: Any, base: str, consortium_path: str) -> None:
    _log_in(member, base, MEMBER, consortium_path)
    proposals = member.locator("ol.proposals > li")
    assert "Twin Lab Aachen" in proposals.first.inner_text()  # the engine's first choice
    assert proposals.first.locator("ul.reasons li").count() >= 1
    proposals.first.get_by_role("button", name="Invite Twin Lab Aachen").click()
    member.locator("#partners tr.partner-invited").wait_for()

    lab = _other_person(member)
    _log_in(lab, base, LAB, "/calls/consortia/")
    lab.locator("#invitations a", has_text="TWIN-FORGE").click()
    lab.locator("#partners tr.partner-invited").get_by_role("button", name="Accept").click()
    lab.locator("#partners tr.partner-accepted", has_text="Twin Lab Aachen").wait_for()

    member.reload()
    state = member.locator("#consortium-state").inner_text()
    assert "Complete: every wanted partner has joined." in state
    assert "Countries: BE, DE." in state


def test_calls_journey_interest_then_consortium(calls_server: str) -> None:
    with chromium_page() as member:
        _interest_journey(member, calls_server)
        _start_consortium(member, calls_server)
    interest = ExpressionOfInterest.objects.get()
    assert interest.organisation.slug == "forges-de-meuse"
    consortium = Consortium.objects.get()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    with chromium_page() as member:
        _invite_and_accept(member, calls_server, f"/calls/consortia/{consortium.pk}/")
    partner = Partner.objects.get(consortium=consortium, organisation__slug="twin-lab-aachen")
    assert (partner.status, partner.answered_by.email) == ("accepted", LAB)
