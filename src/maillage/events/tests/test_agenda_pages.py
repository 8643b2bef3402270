"""Personal agenda: the page, ``.ics``, PDF (participant and organisers only) and the token feed.

Owner: ``alice`` (her own agenda); member: ``bob`` (another participant, same cluster);
outsider: ``charlie``; ``manager`` organises the event.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format
from icalendar import Calendar
from pypdf import PdfReader

from maillage.accounts.models import Affiliation
from maillage.ecosystem.tests.factories import AffiliationFactory, UserFactory
from maillage.events.models import Meeting
from maillage.events.tests.b2b_fixtures import add_participants, make_b2b
from maillage.events.tests.pdf_reading import qr_matrix_in
from maillage.events.tests.schedule_fixtures import (
    accepted,
    make_scheduled,
    publish_now,
    run_now,
)

pytestmark = [pytest.mark.django_db]
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def published(cast, manager):
    scheduled = make_scheduled(cast)
    run = publish_now(run_now(scheduled.b2b.event, manager), manager)
    return scheduled, run


def alice_bob_meeting(published) -> Meeting:
    scheduled, run = published
    return Meeting.objects.get(run=run, request=scheduled.requests[0])


def test_agenda_page_shows_times_tables_and_partners(published, as_user):
    scheduled, _ = published
    meeting = alice_bob_meeting(published)
    html = as_user("alice").get(reverse("events:agenda", args=[scheduled.b2b.event.slug]))
    text = html.content.decode()
    assert text.count('<tr><td data-label="Time">') == 2
    start = dt.datetime(2027, 3, 18, 9, 0, tzinfo=BRUSSELS)
    start += dt.timedelta(minutes=20 * (meeting.slot - 1))
    row = (
        f"{start:%H:%M}–{start + dt.timedelta(minutes=20):%H:%M}</td>\n"
        f'      <td class="num" data-label="Table">{meeting.table}</td>'
    )
    assert row in text
    assert "Bob Logistics SA" in text
    assert "Delta Data SA" in text
    assert '<td data-label="Contact">Dora Delta</td>' in text
    # The event is to come: the first meeting is the next one, shown first.
    assert text.index('id="next-meeting"') < text.index('id="agenda"')
    token = scheduled.b2b.alice_reg.agenda_token
    # Her private feed address, on the host she is using.
    assert f"http://testserver/events/ict-meets-mecatech/agenda/feed/{token}.ics" in text


def test_agenda_page_before_publication_says_so(cast, manager, as_user):
    scheduled = make_scheduled(cast)
    run_now(scheduled.b2b.event, manager)
    text = as_user("alice").get(reverse("events:agenda", args=[scheduled.b2b.event.slug]))
    assert 'id="agenda-pending"' in text.content.decode()
    assert "Bob Logistics SA" not in text.content.decode()


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 404), ("charlie", 404)])
def test_agenda_of_participant_visible_to_self_only(published, as_user, who, status):
    scheduled, _ = published
    slug, pk = scheduled.b2b.event.slug, scheduled.b2b.alice_reg.pk
    client = as_user(who)
    assert client.get(reverse("events:agenda_of", args=[slug, pk])).status_code == status
    assert client.get(reverse("events:agenda_ics", args=[slug, pk])).status_code == status
    assert client.get(reverse("events:agenda_pdf", args=[slug, pk])).status_code == status


def test_agenda_of_participant_visible_to_organiser(published, as_user):
    scheduled, _ = published
    response = as_user("manager").get(
        reverse("events:agenda_of", args=[scheduled.b2b.event.slug, scheduled.b2b.alice_reg.pk])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "B2B agenda of Alice Robotics SRL" in text
    assert scheduled.b2b.alice_reg.agenda_token not in text  # the feed is the participant's


def test_own_agenda_of_non_participant_404(published, as_user):
    scheduled, _ = published
    response = as_user("charlie").get(reverse("events:agenda", args=[scheduled.b2b.event.slug]))
    assert response.status_code == 404


def test_agenda_anonymous_sent_to_login(published, client):
    scheduled, _ = published
    response = client.get(reverse("events:agenda", args=[scheduled.b2b.event.slug]))
    assert response.status_code == 302


def _entries(content: bytes) -> list:
    return list(Calendar.from_ical(content).walk("VEVENT"))


def test_agenda_ics_download_holds_meeting_and_table(published, as_user):
    scheduled, _ = published
    meeting = alice_bob_meeting(published)
    response = as_user("alice").get(
        reverse("events:agenda_ics", args=[scheduled.b2b.event.slug, scheduled.b2b.alice_reg.pk])
    )
    assert response["Content-Type"] == "text/calendar"
    entries = _entries(response.content)
    assert len(entries) == 2
    entry = next(e for e in entries if "Bob Logistics SA" in str(e["summary"]))
    assert str(entry["location"]) == f"Table {meeting.table}"
    starts = dt.datetime(2027, 3, 18, 9, 0, tzinfo=BRUSSELS) + dt.timedelta(
        minutes=20 * (meeting.slot - 1)
    )
    assert entry.decoded("dtstart") == starts


def test_agenda_feed_reads_without_session(published):
    scheduled, _ = published
    feed = reverse(
        "events:agenda_feed",
        args=[scheduled.b2b.event.slug, scheduled.b2b.bob_reg.agenda_token],
    )
    response = Client().get(feed)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    summaries = sorted(str(e["summary"]) for e in _entries(response.content))
    assert len(summaries) == 2
    assert any("Alice Robotics SRL" in s for s in summaries)


@pytest.mark.parametrize("token", ["wrong-token", "x" * 32])
def test_agenda_feed_wrong_token_404(published, token):
    scheduled, _ = published
    response = Client().get(reverse("events:agenda_feed", args=[scheduled.b2b.event.slug, token]))
    assert response.status_code == 404


def test_agenda_feed_token_of_another_event_404(published):
    from maillage.events.tests.factories import EventFactory  # noqa: PLC0415

    scheduled, _ = published
    other = EventFactory()
    feed = reverse("events:agenda_feed", args=[other.slug, scheduled.b2b.alice_reg.agenda_token])
    assert Client().get(feed).status_code == 404


def test_agenda_tokens_differ_between_participants(published):
    scheduled, _ = published
    tokens = {
        scheduled.b2b.alice_reg.agenda_token,
        scheduled.b2b.bob_reg.agenda_token,
        scheduled.delta_reg.agenda_token,
    }
    assert len(tokens) == 3
    assert all(len(token) >= 32 for token in tokens)


def test_agenda_pdf_has_partners_and_tables(published, as_user):
    scheduled, _ = published
    meeting = alice_bob_meeting(published)
    response = as_user("alice").get(
        reverse("events:agenda_pdf", args=[scheduled.b2b.event.slug, scheduled.b2b.alice_reg.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "B2B agenda of Alice Robotics SRL" in text
    assert "Bob Logistics SA" in text
    assert "Delta Data SA" in text
    assert "Dora Delta" in text
    # Cells come out one per line: time, table, partner, contact.
    lines = text.splitlines()
    partner = lines.index("Bob Logistics SA")
    assert lines[partner - 1] == str(meeting.table)


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_page_queries_do_not_grow_with_meetings(
    cast, manager, as_user, count, django_assert_num_queries
):
    b2b = make_b2b(cast)
    for other in add_participants(b2b.event, count):
        accepted(b2b.alice_reg, other)
    publish_now(run_now(b2b.event, manager), manager)
    client = as_user("alice")
    with django_assert_num_queries(9):
        response = client.get(reverse("events:agenda", args=[b2b.event.slug]))
    assert response.content.decode().count("<tr><td data-label=") == count


def colleague_of_alice(cast):
    """Anna, a member of Alice Robotics SRL who did not register herself."""
    anna = UserFactory(email="anna@alice.example.org", full_name="Anna Colleague")
    AffiliationFactory(user=anna, organisation=cast.alice_org, role=Affiliation.Role.MEMBER)
    return anna


def test_agenda_of_participant_readable_by_a_colleague_without_the_feed(published, client, cast):
    scheduled, _ = published
    client.force_login(colleague_of_alice(cast))
    slug, pk = scheduled.b2b.event.slug, scheduled.b2b.alice_reg.pk
    en = {"Accept-Language": "en"}
    response = client.get(reverse("events:agenda_of", args=[slug, pk]), headers=en)
    assert response.status_code == 200
    text = response.content.decode()
    assert "B2B agenda of Alice Robotics SRL" in text
    assert "Bob Logistics SA" in text
    assert scheduled.b2b.alice_reg.agenda_token not in text
    # Without an id, the colleague's own address shows the company's agenda.
    assert client.get(reverse("events:agenda", args=[slug]), headers=en).status_code == 200
    assert client.get(reverse("events:agenda_ics", args=[slug, pk])).status_code == 200


def test_event_page_shows_the_company_registration_to_a_colleague_only(published, client, cast):
    scheduled, _ = published
    url = reverse("events:event_detail", args=[scheduled.b2b.event.slug])
    agenda = reverse(
        "events:agenda_of", args=[scheduled.b2b.event.slug, scheduled.b2b.alice_reg.pk]
    )
    client.force_login(colleague_of_alice(cast))
    html = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "Alice Robotics SRL is registered by Alice." in html
    assert f'<a href="{agenda}">See its meetings (read-only)</a>' in html
    client.force_login(cast.charlie)
    assert agenda not in client.get(url).content.decode()


def test_agenda_pdf_names_the_event_partners_contacts_plan_and_feed(published, as_user):
    """A bare table before: no venue, no date, no contact's address, no plan, no QR code."""
    scheduled, _ = published
    event = scheduled.b2b.event
    event.venue = "Liège Expo"
    event.save(update_fields=["venue"])
    meetings = Meeting.objects.filter(run=published[1], seats__registration=scheduled.b2b.alice_reg)
    response = as_user("alice").get(
        reverse("events:agenda_pdf", args=[event.slug, scheduled.b2b.alice_reg.pk])
    )
    pdf = response.content
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "ICT meets MecaTech" in text
    assert f"Liège Expo · {date_format(event.start_date, 'DATE_FORMAT')}" in text
    assert "bob@example.org" in text
    assert "delta@example.org" in text
    assert "Table plan" in text
    feed = "http://testserver" + reverse(
        "events:agenda_feed", args=[event.slug, scheduled.b2b.alice_reg.agenda_token]
    )
    assert feed in text.replace("\n", "")
    expected = segno.make(feed, error="m", micro=False)
    assert qr_matrix_in(pdf) == [list(row) for row in expected.matrix]
    # Alice's tables are in the plan with her meeting times.
    for meeting in meetings:
        assert str(meeting.table) in text


def test_agenda_pdf_feed_code_for_the_participant_and_organisers_only(
    cast, published, client, manager
):
    scheduled, _ = published
    address = reverse(
        "events:agenda_pdf", args=[scheduled.b2b.event.slug, scheduled.b2b.alice_reg.pk]
    )
    token = scheduled.b2b.alice_reg.agenda_token
    client.force_login(manager)
    assert token in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get(address).content)).pages
    ).replace("\n", "")
    colleague = colleague_of_alice(cast)
    client.force_login(colleague)
    response = client.get(address)
    assert response.status_code == 200
    assert token not in response.content.decode("latin-1")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert token not in text.replace("\n", "")
