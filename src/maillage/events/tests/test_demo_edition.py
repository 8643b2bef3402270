import html
import re
from statistics import median
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.core.demo import (
    DEMO_ORGANISATION_SLUG,
    ensure_demo_accounts,
    load_demo_data,
    load_live_edition,
)
from maillage.ecosystem.models import Organisation
from maillage.events.brainstorm_demo import CHALLENGES
from maillage.events.demo_edition import LIVE_SLUG, create_live_edition
from maillage.events.models import (
    Challenge,
    Event,
    Idea,
    IdeaVote,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
    Workshop,
)
from maillage.events.permissions import can_organise_event
from maillage.events.problem import build_problem
from maillage.scheduling.engine import Placement, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_directory() -> None:
    load_demo_data(population=400)
    ensure_demo_accounts()


def _small(**sizes: int) -> Any:
    manager = User.objects.get(email="manager@maillage.example")
    return create_live_edition(organiser=manager, suppliers=12, demanders=12, **sizes)


def _snapshot() -> tuple[list[Any], list[Any], list[Any]]:
    event = Event.objects.get(slug=LIVE_SLUG)
    return (
        sorted(Registration.objects.filter(event=event).values_list("organisation__slug", "role")),
        sorted(
            MeetingRequest.objects.filter(event=event).values_list(
                "requester__organisation__slug",
                "recipient__organisation__slug",
                "status",
                "mutual",
            )
        ),
        sorted(
            Meeting.objects.filter(run__event=event).values_list(
                "request__requester__organisation__slug",
                "request__recipient__organisation__slug",
                "slot",
                "table",
            )
        ),
    )


def test_live_edition_from_the_demo_has_participants_requests_and_a_published_schedule(
    demo_directory: None,
) -> None:
    live = load_live_edition()

    assert live is not None
    event = Event.objects.get(slug=LIVE_SLUG)
    registrations = Registration.objects.filter(event=event)
    roles = dict(registrations.values_list("user__email", "role"))
    assert roles["representative@maillage.example"] == "demander"
    assert live.participants == registrations.count() == len(roles)
    assert sorted(set(roles.values())) == ["demander", "supplier"]
    assert live.accepted == MeetingRequest.objects.filter(event=event, status="accepted").count()
    assert event.schedule_published
    # What is stored passes the independent checker and places every accepted request.
    built = build_problem(event)
    meeting_of = {pk: mid for mid, pk in built.request_ids.items()}
    stored = [
        Placement(meeting_of[m.request_id], m.slot, m.table)
        for m in Meeting.objects.filter(run__event=event)
    ]
    verdict = verify(built.problem, stored)
    assert (verdict.ok, verdict.placed) == (True, live.accepted)
    assert can_organise_event(User.objects.get(email="manager@maillage.example"), event)


def test_live_edition_twice_does_not_duplicate(demo_directory: None) -> None:
    _small()
    before = _snapshot()

    assert _small() is None

    assert Event.objects.filter(slug=LIVE_SLUG).count() == 1
    assert _snapshot() == before


def test_live_edition_is_deterministic(demo_directory: None) -> None:
    _small()
    first = _snapshot()
    Event.objects.filter(slug=LIVE_SLUG).delete()
    User.objects.filter(email__startswith="participant.").delete()

    _small()

    assert _snapshot() == first


def test_demo_manager_sees_the_live_dashboard(demo_directory: None, client: Client) -> None:
    _small()
    client.force_login(User.objects.get(email="manager@maillage.example"))
    response = client.get(f"/events/{LIVE_SLUG}/dashboard/")
    assert response.status_code == 200
    assert response.context["dash"].meetings == Meeting.objects.count()


def test_live_edition_of_the_full_demo_has_161_participants() -> None:
    """The population ``maillage demo`` generates by default gives the edition its full size."""
    load_demo_data(population=2000)
    ensure_demo_accounts()

    live = load_live_edition()

    assert live is not None
    assert (live.participants, live.requests, live.accepted, live.meetings) == (161, 398, 294, 294)


def test_demo_run_page_shows_meetings_and_idle_gaps_per_participant(
    demo_directory: None, client: Client
) -> None:
    """The demo's published run showed " / / " for meetings per participant: it stored fewer
    figures than a run of the scheduling page."""
    _small()
    event = Event.objects.get(slug=LIVE_SLUG)
    run = ScheduleRun.objects.get(event=event)
    built = build_problem(event)
    meeting_of = {pk: mid for mid, pk in built.request_ids.items()}
    verdict = verify(
        built.problem,
        [
            Placement(meeting_of[m.request_id], m.slot, m.table)
            for m in Meeting.objects.filter(run=run)
        ],
    )
    involved = {pid for m in built.problem.meetings for pid in m.participants}
    gaps = sorted(verdict.breaks_by_participant[pid] for pid in involved)
    client.force_login(User.objects.get(email="manager@maillage.example"))

    page = client.get(
        f"/events/{LIVE_SLUG}/schedule/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    load = re.search(r'id="stat-load">(\d+) / ([\d.]+) / (\d+)<', page)
    shown = re.search(r'id="stat-gaps">(\d+) / ([\d.]+) / (\d+)<', page)
    assert load is not None
    assert shown is not None
    assert (int(shown[1]), float(shown[2]), int(shown[3])) == (
        gaps[0],
        float(median(gaps)),
        gaps[-1],
    )
    assert int(load[1]) >= 1


def test_live_edition_has_a_brainstorming_workshop_with_challenges_and_ideas(
    demo_directory: None, client: Client
) -> None:
    manager = User.objects.get(email="manager@maillage.example")
    representative = User.objects.get(email="representative@maillage.example")
    create_live_edition(
        organiser=manager,
        representative=representative,
        representative_organisation=Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG),
        suppliers=12,
        demanders=12,
    )
    event = Event.objects.get(slug=LIVE_SLUG)
    [workshop] = Workshop.objects.filter(event=event)
    challenges = list(Challenge.objects.filter(workshop=workshop).select_related("posted_by"))
    ideas = Idea.objects.filter(challenge__workshop=workshop)
    assert len(challenges) == len(CHALLENGES)
    assert ideas.count() == sum(len(item[2]) for item in CHALLENGES)
    assert {c.posted_by.role for c in challenges} == {"demander"}
    assert set(ideas.values_list("author__role", flat=True)) == {"supplier"}
    assert IdeaVote.objects.filter(idea__in=ideas).count() >= 2 * ideas.count()
    # The demo representative's company posted the first challenge; they see the workshop.
    assert challenges[0].posted_by.user == representative
    client.force_login(representative)
    page = client.get(f"/events/{LIVE_SLUG}/brainstorming/").content.decode()
    assert html.escape(CHALLENGES[0][0]) in page  # Django escapes quotes as html does
    assert html.escape(CHALLENGES[1][2][0]) in page
