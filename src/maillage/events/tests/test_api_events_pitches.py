"""``/api/v1/events/{slug}/pitches``: the running order (public), follow-up marks (confirmed
participants; seen by the marker and the pitching team only)."""

from typing import Any

import pytest
from django.test import Client

from maillage.conftest import Cast
from maillage.events.models import MeetingRequest, PitchFollowUp
from maillage.events.services.pitches import mark_pitch_follow_up
from maillage.events.tests.pitch_fixtures import Pitches, make_pitches

pytestmark = pytest.mark.django_db
BASE = "/api/v1/events/ict-meets-mecatech/pitches"


@pytest.fixture
def pitches(cast: Cast, client: Client) -> Pitches:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return make_pitches(cast)


def test_api_lists_the_running_order(client: Client, pitches: Pitches) -> None:
    body = client.get(BASE).json()
    assert [(s["title"], s["room"]) for s in body] == [("Research pitches", "A1")]
    assert body[0]["pitches"][0] == {
        "id": pitches.twinscan.pk,
        "position": 1,
        "title": "TwinScan",
        "team": "Lena Lab team",
        "organisation": {
            "id": pitches.twinscan.organisation_id,
            "slug": "lena-lab-sa",
            "name": "Lena Lab SA",
            "kind": "research_centre",
        },
        "abstract": "Digital twins of machining lines.",
        "stand": "12",
        "slides_url": "https://example.org/twinscan.pdf",
        "followed": False,
        "follow_up_count": None,
    }
    assert [p["title"] for p in body[0]["pitches"]] == ["TwinScan", "Orphan VR"]


def test_api_mark_then_unmark(client: Client, pitches: Pitches, cast: Cast) -> None:
    client.force_login(cast.alice)
    url = f"{BASE}/{pitches.twinscan.pk}/follow-up"
    response = client.post(url, {"message": "Demo?"}, content_type="application/json")
    assert response.status_code == 201, response.content
    request = MeetingRequest.objects.get()
    assert response.json()["meeting_request"] == request.pk
    assert response.json()["organisation"]["slug"] == cast.alice_org.slug
    assert client.get(BASE).json()[0]["pitches"][0]["followed"] is True
    again = client.post(url, {}, content_type="application/json")
    assert (again.status_code, again.json()["errors"]) == (
        422,
        {"__all__": ["You already follow this pitch up."]},
    )
    assert client.delete(url).status_code == 204
    assert not PitchFollowUp.objects.exists()
    assert client.delete(url).status_code == 422


@pytest.mark.parametrize(
    ("who", "count", "team_count"),
    [("alice", 1, None), ("lena", 1, 1), ("bob", 0, None), ("charlie", 0, None), ("anon", 0, None)],
)
def test_api_follow_ups_for_the_marker_and_the_team_only(
    client: Client, *, pitches: Pitches, cast: Cast, who: str, count: int, team_count: int | None
) -> None:
    mark_pitch_follow_up(actor=cast.alice, pitch=pitches.twinscan)
    users: dict[str, Any] = {
        "alice": cast.alice,
        "lena": pitches.lena_reg.user,
        "bob": cast.bob,
        "charlie": cast.charlie,
    }
    if who in users:
        client.force_login(users[who])
    assert len(client.get(f"{BASE}/{pitches.twinscan.pk}/follow-ups").json()) == count
    assert client.get(BASE).json()[0]["pitches"][0]["follow_up_count"] == team_count


def test_api_mark_refusals(client: Client, pitches: Pitches, cast: Cast) -> None:
    url = f"{BASE}/{pitches.twinscan.pk}/follow-up"
    assert client.post(url, {}, content_type="application/json").status_code == 401
    client.force_login(cast.charlie)
    refused = client.post(url, {}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only the event's confirmed participants mark pitches to follow up."
    )
    client.force_login(cast.alice)
    json = "application/json"
    assert client.post(f"{BASE}/999999/follow-up", {}, content_type=json).status_code == 404
    assert client.post(f"{BASE}/{2**70}/follow-up", {}, content_type=json).status_code == 422
    too_long = client.post(url, {"message": "x" * 2001}, content_type="application/json")
    assert too_long.status_code == 422
    unknown = client.post(url, {"note": "x"}, content_type="application/json")
    assert unknown.status_code == 422
    assert not PitchFollowUp.objects.exists()
