"""Pitch sessions: the public running order and its PDF, organisers' editing, and follow-up
marks that ask the pitching team for a meeting, seen by the marker and the team only."""

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from maillage.conftest import Cast
from maillage.ecosystem.seed import load_seed_data
from maillage.events.models import MeetingRequest, Pitch, PitchFollowUp, PitchSession
from maillage.events.pitch_demo import load_innogo_edition
from maillage.events.problem import build_problem
from maillage.events.services.pitches import mark_pitch_follow_up, unmark_pitch_follow_up
from maillage.events.services.requests import accept_meeting_request, send_meeting_request
from maillage.events.tests.b2b_fixtures import make_b2b
from maillage.events.tests.factories import EventFactory
from maillage.events.tests.pitch_fixtures import Pitches, make_pitches

pytestmark = pytest.mark.django_db
URL = "/events/ict-meets-mecatech/pitches/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def pitches(cast: Cast) -> Pitches:
    return make_pitches(cast)


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _snapshot() -> tuple[object, ...]:
    return (
        list(Pitch.objects.order_by("pk").values_list("pk", "position", "title", "team")),
        list(PitchSession.objects.values_list("pk", "title")),
        list(PitchFollowUp.objects.values_list("pk", "pitch_id")),
        list(MeetingRequest.objects.values_list("pk", "status")),
    )


def test_pitch_list_shows_the_running_order_to_anyone(client: Client, pitches: Pitches) -> None:
    html = client.get(URL, **EN).content.decode()
    assert html.index("TwinScan") < html.index("Orphan VR")
    assert "Stand 12" in html
    assert 'href="https://example.org/twinscan.pdf"' in html
    assert "/events/ict-meets-mecatech/pitches.pdf" in html
    assert "Follow up" not in html  # anonymous visitors do not mark pitches
    detail = client.get("/events/ict-meets-mecatech/", **EN).content.decode()
    assert "Research pitches" in detail
    assert "2 pitches" in detail


def test_pitch_list_queries_do_not_grow_with_pitches(
    client: Client, pitches: Pitches, cast: Cast, django_assert_num_queries: Any
) -> None:
    _login(client, cast.alice)
    client.get(URL)
    with django_assert_num_queries(12) as one:
        client.get(URL)
    for number in range(3):
        Pitch.objects.create(session=pitches.session, position=3 + number, title=f"P{number}")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(URL)


def test_mark_asks_the_pitching_team_for_a_meeting(
    client: Client, pitches: Pitches, cast: Cast
) -> None:
    response = _login(client, cast.alice).post(
        f"/events/ict-meets-mecatech/pitches/{pitches.twinscan.pk}/follow/",
        {"action": "mark", "message": "Can we see the demo?"},
    )
    assert response.status_code == 302
    mark = PitchFollowUp.objects.get()
    request = MeetingRequest.objects.get()
    assert (mark.registration, mark.message, mark.meeting_request) == (
        pitches.b2b.alice_reg,
        "Can we see the demo?",
        request,
    )
    assert (request.requester, request.recipient, request.status, request.message) == (
        pitches.b2b.alice_reg,
        pitches.lena_reg,
        MeetingRequest.Status.PENDING,
        "Can we see the demo?",
    )
    # Once the team accepts, the meeting is part of the event's B2B scheduling problem.
    accept_meeting_request(request=request, actor=pitches.lena_reg.user)
    problem = build_problem(pitches.b2b.event)
    assert list(problem.request_ids.values()) == [request.pk]


def test_mark_without_a_registered_team_sends_no_request(
    client: Client, pitches: Pitches, cast: Cast
) -> None:
    _login(client, cast.bob).post(
        f"/events/ict-meets-mecatech/pitches/{pitches.orphan.pk}/follow/", {"action": "mark"}
    )
    mark = PitchFollowUp.objects.get()
    assert (mark.pitch, mark.meeting_request, MeetingRequest.objects.count()) == (
        pitches.orphan,
        None,
        0,
    )


def test_mark_keeps_the_request_that_already_stands(pitches: Pitches, cast: Cast) -> None:
    existing = send_meeting_request(requester=pitches.lena_reg, recipient=pitches.b2b.alice_reg)
    mark = mark_pitch_follow_up(actor=cast.alice, pitch=pitches.twinscan)
    assert (mark.meeting_request, mark.sent_request, MeetingRequest.objects.count()) == (
        existing,
        False,
        1,
    )


@pytest.mark.parametrize(
    ("who", "pitch", "status", "message"),
    [
        ("charlie", "twinscan", 403, None),
        ("manager", "twinscan", 403, None),
        ("lena", "twinscan", 303, "This is your own organisation&#x27;s pitch."),
    ],
)
def test_mark_refusals_write_nothing(
    client: Client,
    *,
    pitches: Pitches,
    cast: Cast,
    manager: Any,
    who: str,
    pitch: str,
    status: int,
    message: str | None,
) -> None:
    users = {"charlie": cast.charlie, "manager": manager, "lena": pitches.lena_reg.user}
    before = _snapshot()
    response = _login(client, users[who]).post(
        f"/events/ict-meets-mecatech/pitches/{getattr(pitches, pitch).pk}/follow/",
        {"action": "mark"},
        follow=status == 303,
    )
    assert (response.redirect_chain[0][1] if status == 303 else response.status_code) == status
    if message:
        assert message in response.content.decode()
    assert _snapshot() == before


def test_marking_twice_is_refused(client: Client, pitches: Pitches, cast: Cast) -> None:
    url = f"/events/ict-meets-mecatech/pitches/{pitches.twinscan.pk}/follow/"
    _login(client, cast.alice).post(url, {"action": "mark"})
    before = _snapshot()
    response = client.post(url, {"action": "mark"}, follow=True)
    assert "You already follow this pitch up." in response.content.decode()
    assert _snapshot() == before


def test_unmark_cancels_the_unanswered_request_it_sent(
    client: Client, pitches: Pitches, cast: Cast
) -> None:
    url = f"/events/ict-meets-mecatech/pitches/{pitches.twinscan.pk}/follow/"
    _login(client, cast.alice).post(url, {"action": "mark"})
    client.post(url, {"action": "unmark"})
    assert not PitchFollowUp.objects.exists()
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.CANCELLED


def test_unmark_leaves_a_request_it_did_not_send(pitches: Pitches, cast: Cast) -> None:
    existing = send_meeting_request(requester=pitches.b2b.alice_reg, recipient=pitches.lena_reg)
    mark_pitch_follow_up(actor=cast.alice, pitch=pitches.twinscan)
    unmark_pitch_follow_up(actor=cast.alice, pitch=pitches.twinscan)
    existing.refresh_from_db()
    assert existing.status == MeetingRequest.Status.PENDING


@pytest.mark.parametrize(
    ("who", "sees_mark"),
    [("alice", True), ("lena", True), ("bob", False), ("charlie", False), ("manager", False)],
)
def test_follow_up_marks_are_seen_by_the_marker_and_the_team_only(
    client: Client, *, pitches: Pitches, cast: Cast, manager: Any, who: str, sees_mark: bool
) -> None:
    mark_pitch_follow_up(actor=cast.alice, pitch=pitches.twinscan, message="Secret interest")
    users = {
        "alice": cast.alice,
        "lena": pitches.lena_reg.user,
        "bob": cast.bob,
        "charlie": cast.charlie,
        "manager": manager,
    }
    html = _login(client, users[who]).get(URL).content.decode()
    assert ("Secret interest" in html or "You follow this pitch up" in html) is sees_mark
    if who == "lena":
        assert "1 participant wants to follow your pitch up" in html
        assert "Alice Robotics SRL" in html
    else:
        assert "wants to follow your pitch up" not in html


def test_organisers_add_move_edit_and_remove_pitches(
    client: Client, pitches: Pitches, manager: Any
) -> None:
    _login(client, manager)
    base = "/events/ict-meets-mecatech/pitches"
    response = client.post(f"{base}/sessions/", {"session-title": "Afternoon pitches"})
    assert response.status_code == 302
    session = PitchSession.objects.get(title="Afternoon pitches")
    response = client.post(
        f"{base}/sessions/{pitches.session.pk}/add/",
        {"title": "EKIN", "team": "Stéphanie Eggermont", "organisation": "", "stand": "7"},
    )
    assert response.status_code == 302
    ekin = Pitch.objects.get(title="EKIN")
    assert (ekin.session, ekin.position, ekin.stand) == (pitches.session, 3, "7")
    client.post(f"{base}/{ekin.pk}/move/", {"direction": "up"})
    client.post(f"{base}/{ekin.pk}/move/", {"direction": "up"})
    client.post(f"{base}/{ekin.pk}/move/", {"direction": "up"})  # already first: stays
    order = list(pitches.session.pitches.values_list("title", "position"))
    assert order == [("EKIN", 1), ("TwinScan", 2), ("Orphan VR", 3)]
    response = client.post(
        f"{base}/{ekin.pk}/edit/",
        {"title": "EKIN 2", "team": "S. Eggermont, C. Allard", "organisation": "lena-lab-sa"},
    )
    assert response.status_code == 302
    ekin.refresh_from_db()
    assert (ekin.title, ekin.organisation.name) == ("EKIN 2", "Lena Lab SA")
    client.post(f"{base}/{pitches.twinscan.pk}/remove/")
    order = list(pitches.session.pitches.values_list("title", "position"))
    assert order == [("EKIN 2", 1), ("Orphan VR", 2)]
    assert not session.pitches.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_organisers_edit_pitches(
    client: Client, pitches: Pitches, cast: Cast, who: str
) -> None:
    _login(client, getattr(cast, who))
    base = "/events/ict-meets-mecatech/pitches"
    before = _snapshot()
    posts: list[tuple[str, dict[str, str]]] = [
        (f"{base}/sessions/", {"session-title": "Mine"}),
        (f"{base}/sessions/{pitches.session.pk}/add/", {"title": "X", "team": "Y"}),
        (f"{base}/{pitches.twinscan.pk}/edit/", {"title": "X", "team": "Y"}),
        (f"{base}/{pitches.twinscan.pk}/move/", {"direction": "down"}),
        (f"{base}/{pitches.twinscan.pk}/remove/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(f"{base}/{pitches.twinscan.pk}/edit/").status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"title": "", "team": "T"}, "title", "This field is required."),
        ({"title": "T", "team": ""}, "team", "This field is required."),
        (
            {"title": "T", "team": "T", "slides_url": "javascript:alert(1)"},
            "slides_url",
            "Enter a valid URL.",
        ),
        (
            {"title": "T", "team": "T", "organisation": "no-such-org"},
            "organisation",
            "No organisation has the address no-such-org in the directory.",
        ),
        ({"title": "T", "team": "T", "stand": "x" * 21}, "stand", "at most 20 characters"),
    ],
)
def test_pitch_form_refuses_bad_input(
    client: Client,
    *,
    pitches: Pitches,
    manager: Any,
    data: dict[str, str],
    field: str,
    error: str,
) -> None:
    before = _snapshot()
    response = _login(client, manager).post(
        f"/events/ict-meets-mecatech/pitches/sessions/{pitches.session.pk}/add/", data
    )
    assert response.status_code == 400
    assert any(error in message for message in response.context["form"].errors[field])
    assert _snapshot() == before


def test_pitch_of_another_event_is_not_found(
    client: Client, pitches: Pitches, cast: Cast, manager: Any
) -> None:
    elsewhere = EventFactory(slug="elsewhere")
    elsewhere.organisers.set([cast.cluster])
    _login(client, manager)
    # The event's organiser asks for a pitch and a session of another event.
    pitch, session = pitches.twinscan.pk, pitches.session.pk
    assert client.get(f"/events/elsewhere/pitches/{pitch}/edit/").status_code == 404
    assert client.post(f"/events/elsewhere/pitches/sessions/{session}/add/").status_code == 404
    assert client.post(f"/events/elsewhere/pitches/{pitch}/remove/").status_code == 404
    assert Pitch.objects.filter(pk=pitch).exists()


def test_pitches_pdf_lists_the_running_order(client: Client, pitches: Pitches) -> None:
    response = client.get("/events/ict-meets-mecatech/pitches.pdf", **EN)
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Pitches of ICT meets MecaTech" in text
    assert "Research pitches" in text
    assert text.index("TwinScan") < text.index("Orphan VR")
    assert "Lena Lab team (Lena Lab SA)" in text
    assert "Slides: https://example.org/twinscan.pdf" in text


def test_pitches_pdf_of_an_event_without_pitches(client: Client, cast: Cast) -> None:
    make_b2b(cast)
    response = client.get("/events/ict-meets-mecatech/pitches.pdf", **EN)
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "No pitches are announced yet." in text


def test_load_innogo_edition_from_the_seed() -> None:
    load_seed_data()
    assert load_innogo_edition() == 11
    assert load_innogo_edition() is None
    session = PitchSession.objects.get(event__slug="innogo-2025")
    assert list(session.event.organisers.values_list("slug", flat=True)) == ["synhera"]
    rows = list(session.pitches.values_list("position", "title", "organisation__slug"))
    assert rows[0] == (1, "ACCrocHE", "heph-condorcet")
    assert rows[7] == (8, "VR SPARX", "hepl")
    assert len(rows) == 11
    sparx = session.pitches.get(title="VR SPARX")
    assert sparx.team == "Stéphane Grade"
    assert sparx.abstract.startswith("Born from applied research")
    diagnostix = session.pitches.get(title="VR Diagnostix")
    assert diagnostix.team == (
        "Sonia E., Marie-Hélène Straeten (HELMo); Florence Quesada Calvo, Célia Reynders (HEPL)"
    )
