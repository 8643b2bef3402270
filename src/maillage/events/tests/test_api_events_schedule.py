"""API: scheduling jobs (202 + polling), publication, and a participant's agenda as ``.ics``.

Owner: ``manager`` (organises the event); member: ``alice`` (a participant); outsider:
``charlie``. Scripts authenticate with a bearer token.
"""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from maillage.api.services import create_api_token
from maillage.api.tests.conftest import bearer, problem
from maillage.events.jobs import execute_schedule_run
from maillage.events.models import Event, Meeting, ScheduleRun
from maillage.events.services.scheduling import publish_schedule
from maillage.events.tests.schedule_fixtures import IMMEDIATE, make_scheduled, run_now

pytestmark = pytest.mark.django_db
URL = "/api/v1/events/ict-meets-mecatech"


@pytest.fixture
def scheduled(cast):
    return make_scheduled(cast)


@pytest.fixture
def api(cast, manager):
    """``api(who)``: a client sending that user's bearer token, asking for English."""

    def make(who: str) -> Client:
        user = manager if who == "manager" else getattr(cast, who)
        token = create_api_token(user=user, name="test")[1]
        return Client(HTTP_ACCEPT_LANGUAGE="en", **bearer(token))

    return make


def post(client: Client, url: str) -> Any:
    return client.post(url, content_type="application/json")


def test_start_run_answers_202_and_status_is_polled(scheduled, api):
    client = api("manager")
    response = post(client, f"{URL}/schedule/runs")
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["progress"], body["stats"]) == ("queued", 0.0, None)
    assert body["event"] == "ict-meets-mecatech"
    run = ScheduleRun.objects.get(pk=body["id"])
    execute_schedule_run(run=run)  # what the worker does
    status = client.get(f"{URL}/schedule/runs/{run.pk}").json()
    assert (status["status"], status["progress"]) == ("done", 1.0)
    stats = status["stats"]
    assert (stats["requested"], stats["placed"], stats["unplaced"]) == (3, 3, [])
    assert (stats["load_min"], stats["load_mean"], stats["load_max"]) == (2, 2.0, 2)
    # One slot each for three meetings between three people: one of them waits once.
    assert (stats["gaps_min"], stats["gaps_median"], stats["gaps_max"]) == (0, 0, 1)


def test_start_run_while_running_is_409(scheduled, api):
    busy = ScheduleRun.objects.create(event=scheduled.b2b.event, status=ScheduleRun.Status.RUNNING)
    body = problem(post(api("manager"), f"{URL}/schedule/runs"), 409, "run_in_progress")
    assert body["detail"].startswith("A scheduling run is already in progress")
    assert body["run"] == busy.pk
    assert ScheduleRun.objects.count() == 1


def test_start_run_without_sessions_is_422(scheduled, api):
    scheduled.b2b.event.b2b_sessions.all().delete()
    body = problem(post(api("manager"), f"{URL}/schedule/runs"), 422, "validation_failed")
    assert body["errors"] == {"__all__": ["The event has no B2B session to schedule."]}
    assert not ScheduleRun.objects.exists()


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_start_run_non_organiser_is_403(scheduled, api, who):
    problem(post(api(who), f"{URL}/schedule/runs"), 403, "forbidden")
    assert not ScheduleRun.objects.exists()


def test_start_run_anonymous_is_401(scheduled):
    problem(post(Client(), f"{URL}/schedule/runs"), 401, "authentication_required")


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_get_run_non_organiser_is_403(scheduled, manager, api, who):
    run = run_now(scheduled.b2b.event, manager)
    problem(api(who).get(f"{URL}/schedule/runs/{run.pk}"), 403, "forbidden")


def test_get_run_unknown_is_404(scheduled, api):
    problem(api("manager").get(f"{URL}/schedule/runs/999"), 404, "not_found")


def test_get_run_lists_unplaced_with_reasons(scheduled, manager, api):
    alice_reg = scheduled.b2b.alice_reg
    alice_reg.max_meetings = 1
    alice_reg.save(update_fields=["max_meetings"])
    run = run_now(scheduled.b2b.event, manager)
    [unplaced] = api("manager").get(f"{URL}/schedule/runs/{run.pk}").json()["stats"]["unplaced"]
    assert alice_reg.pk in unplaced["registrations"]
    assert "Alice Robotics SRL has reached its maximum of 1 meeting." in unplaced["reasons"]


def test_publish_run_publishes_and_emails(scheduled, manager, api, settings):
    settings.TASKS = IMMEDIATE
    run = run_now(scheduled.b2b.event, manager)
    response = post(api("manager"), f"{URL}/schedule/runs/{run.pk}/publish")
    assert response.status_code == 200
    assert response.json()["published_at"] is not None
    assert Event.objects.get(pk=scheduled.b2b.event.pk).schedule_published
    assert len(mail.outbox) == 3
    listed = Client().get(f"{URL}").json()
    assert listed["schedule_published"] is True


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "queued"}, "This run is not finished yet; wait for it before publishing."),
        (
            {"status": "done", "stats": {"solver_status": "infeasible"}},
            "This schedule is infeasible and cannot be published.",
        ),
    ],
)
def test_publish_run_refused_changes_nothing(scheduled, api, fields, message):
    run = ScheduleRun.objects.create(event=scheduled.b2b.event, **fields)
    body = problem(
        post(api("manager"), f"{URL}/schedule/runs/{run.pk}/publish"), 422, "validation_failed"
    )
    assert body["errors"] == {"__all__": [message]}
    run.refresh_from_db()
    assert run.published_at is None
    assert not Event.objects.get(pk=scheduled.b2b.event.pk).schedule_published


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_publish_run_non_organiser_is_403(scheduled, manager, api, who):
    run = run_now(scheduled.b2b.event, manager)
    problem(post(api(who), f"{URL}/schedule/runs/{run.pk}/publish"), 403, "forbidden")
    run.refresh_from_db()
    assert run.published_at is None


def test_publish_run_over_published_is_409_until_replace_is_given(
    scheduled, manager, api, settings
):
    settings.TASKS = IMMEDIATE
    first = run_now(scheduled.b2b.event, manager)
    publish_schedule(run=first, actor=manager)
    second = run_now(scheduled.b2b.event, manager)
    refused = problem(
        post(api("manager"), f"{URL}/schedule/runs/{second.pk}/publish"), 409, "replaces_published"
    )
    assert refused["published_run"] == first.pk
    assert "Confirm to publish it." in refused["detail"]
    places = [
        {m.request_id: (m.slot, m.table, m.request) for m in Meeting.objects.filter(run=run)}
        for run in (first, second)
    ]
    moved = {
        person
        for request_id, (slot, table, request) in places[1].items()
        if places[0][request_id][:2] != (slot, table)
        for person in (request.requester_id, request.recipient_id)
    }
    assert refused["participants_affected"] == len(moved)
    second.refresh_from_db()
    assert second.published_at is None
    response = post(api("manager"), f"{URL}/schedule/runs/{second.pk}/publish?replace=true")
    assert response.status_code == 200
    assert response.json()["published_at"] is not None


@pytest.fixture
def published(scheduled, manager, settings):
    settings.TASKS = IMMEDIATE
    run = run_now(scheduled.b2b.event, manager)
    publish_schedule(run=run, actor=manager)
    return scheduled, run


@pytest.mark.parametrize("who", ["alice", "manager"])
def test_agenda_ics_for_participant_and_organiser(published, api, who):
    scheduled, run = published
    meeting = Meeting.objects.get(run=run, request=scheduled.requests[0])
    response = api(who).get(f"{URL}/registrations/{scheduled.b2b.alice_reg.pk}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    entries = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert len(entries) == 2
    with_bob = [e for e in entries if "Bob Logistics SA" in str(e["summary"])]
    assert [str(e["location"]) for e in with_bob] == [f"Table {meeting.table}"]


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_agenda_ics_of_someone_else_is_404(published, api, who):
    scheduled, _ = published
    problem(
        api(who).get(f"{URL}/registrations/{scheduled.b2b.alice_reg.pk}/agenda.ics"),
        404,
        "not_found",
    )


def test_openapi_declares_agenda_as_calendar(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/events/{slug}/registrations/{registration_id}/agenda.ics"][
        "get"
    ]
    assert list(operation["responses"]["200"]["content"]) == ["text/calendar"]
    start = schema["paths"]["/api/v1/events/{slug}/schedule/runs"]["post"]
    assert {"202", "409"} <= set(start["responses"])
