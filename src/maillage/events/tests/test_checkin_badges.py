"""Event-day desk tools: badges with a check-in QR code, and check-in by a badge's code.

Owner: ``manager`` (organises the event); another organiser: the manager of a cluster that does
not organise it; participant: ``alice``; outsider: ``charlie``; and the anonymous visitor.
"""

import io

import pytest
import segno
from django.urls import reverse
from pypdf import PdfReader

from maillage.accounts.models import Affiliation
from maillage.ecosystem.tests.factories import AffiliationFactory, NetworkFactory, UserFactory
from maillage.events.badges import badge_code, read_badge_code
from maillage.events.models import Registration
from maillage.events.tests.b2b_fixtures import B2B, make_b2b
from maillage.events.tests.factories import EventFactory, RegistrationFactory
from maillage.events.tests.pdf_reading import qr_matrix_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def b2b(cast) -> B2B:
    return make_b2b(cast)


def url(b2b: B2B, name: str) -> str:
    return reverse(f"events:{name}", args=[b2b.event.slug])


def test_badges_one_a6_page_per_confirmed_participant_with_its_code(b2b, as_user):
    RegistrationFactory(event=b2b.event, status=Registration.Status.CANCELLED)
    response = as_user("manager").get(url(b2b, "eventday_badges"))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 2
    # A6 portrait: 105 x 148 mm.
    assert [round(float(v) / 72 * 25.4) for v in pages[0].mediabox[2:]] == [105, 148]
    first = pages[0].extract_text()
    assert "Alice Robotics SRL" in first
    assert b2b.alice_reg.user.display_name in first
    assert "ICT meets MecaTech" in first
    code = badge_code(b2b.alice_reg)
    assert code in first.replace("\n", "")
    expected = segno.make(code, error="m", micro=False)
    assert qr_matrix_in(response.content) == [list(row) for row in expected.matrix]


def test_badge_code_names_one_registration_and_cannot_be_forged(b2b):
    code = badge_code(b2b.alice_reg)
    assert read_badge_code(code) == (b2b.event.pk, b2b.alice_reg.pk)
    assert read_badge_code(f" {code}\n") == (b2b.event.pk, b2b.alice_reg.pk)
    forged = code.replace(f".{b2b.alice_reg.pk}:", f".{b2b.bob_reg.pk}:")
    assert read_badge_code(forged) is None
    assert read_badge_code(b2b.alice_reg.agenda_token) is None
    assert read_badge_code("") is None


def test_scan_checks_the_participant_in(b2b, as_user):
    response = as_user("manager").post(url(b2b, "eventday_scan"), {"code": badge_code(b2b.bob_reg)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bob Logistics SA" in page
    assert "is checked in" in page
    assert "1 of 2 participants checked in." in page
    b2b.bob_reg.refresh_from_db()
    assert b2b.bob_reg.checked_in_at is not None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("not-a-code", "This is not a badge code; scan or type it again."),
        ("another-event", "This badge is for another event."),
        ("cancelled", "Only confirmed participants of this event can check in."),
    ],
)
def test_scan_refuses_other_codes_with_the_reason(b2b, as_user, code, message):
    if code == "another-event":
        code = badge_code(RegistrationFactory(event=EventFactory()))
    elif code == "cancelled":
        cancelled = RegistrationFactory(event=b2b.event, status=Registration.Status.CANCELLED)
        code = badge_code(cancelled)
    response = as_user("manager").post(url(b2b, "eventday_scan"), {"code": code})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert f'value="{code}"' in response.content.decode()  # kept, to correct it
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


@pytest.fixture
def other_organiser():
    user = UserFactory(email="olga@example.org")
    AffiliationFactory(user=user, organisation=NetworkFactory(), role=Affiliation.Role.MANAGER)
    return user


@pytest.mark.parametrize("name", ["eventday_badges", "eventday_scan"])
def test_badges_and_scan_for_organisers_only(b2b, client, cast, other_organiser, name):
    address = url(b2b, name)
    for user in (other_organiser, cast.alice, cast.charlie):
        client.force_login(user)
        assert client.get(address).status_code == 403
        if name == "eventday_scan":
            assert client.post(address, {"code": badge_code(b2b.alice_reg)}).status_code == 403
    client.logout()
    assert client.get(address).status_code == 302
    b2b.alice_reg.refresh_from_db()
    assert b2b.alice_reg.checked_in_at is None
