import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from maillage.accounts.models import Affiliation
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.tests.factories import AffiliationFactory, NetworkFactory, UserFactory
from maillage.events.agenda import agenda_for
from maillage.events.models import Meeting, MeetingRequest, MeetingSeat, ScheduleRun
from maillage.events.problem import build_problem
from maillage.events.services.scheduling import publish_schedule, start_schedule_run
from maillage.events.tests.factories import B2BSessionFactory, EventFactory, RegistrationFactory
from maillage.scheduling.engine import Placement, verify

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def event_setup():
    cluster = NetworkFactory(name="InfoPôle")
    organiser = UserFactory()
    AffiliationFactory(user=organiser, organisation=cluster, role=Affiliation.Role.MANAGER)
    event = EventFactory()
    event.organisers.add(cluster)
    B2BSessionFactory(event=event, start_time=dt.time(9), end_time=dt.time(10), table_count=2)
    B2BSessionFactory(
        event=event, name="PM", start_time=dt.time(14), end_time=dt.time(15), table_count=2
    )
    people = [RegistrationFactory(event=event) for _ in range(4)]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (2, 3)]
    for i, j in pairs:
        MeetingRequest.objects.create(
            event=event,
            requester=people[i],
            recipient=people[j],
            status=MeetingRequest.Status.ACCEPTED,
            mutual=(i, j) == (0, 1),
            expires_at=timezone.now(),
        )
    return event, organiser, people


def test_build_problem_maps_sessions_weights_and_forbidden(event_setup):
    event, _, people = event_setup
    people[3].unavailable_slots = [1, 2]
    people[3].save(update_fields=["unavailable_slots"])
    built = build_problem(event)
    problem = built.problem
    assert (problem.n_slots, problem.n_tables, problem.sessions) == (6, 2, ((1, 3), (4, 6)))
    assert [m.weight for m in problem.meetings] == [3, 2, 2, 2, 2]
    assert problem.people[4].forbidden == frozenset({1, 2})


@override_settings(TASKS=IMMEDIATE)
def test_start_schedule_run_places_all_and_publishes(event_setup):
    event, organiser, people = event_setup
    run = start_schedule_run(event=event, actor=organiser)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE
    assert run.stats["placed"] == 5
    assert run.stats["requested"] == 5
    assert MeetingSeat.objects.filter(run=run).count() == 10
    # What is stored, read back, passes the independent checker.
    built = build_problem(event)
    meeting_of_request = {pk: mid for mid, pk in built.request_ids.items()}
    stored = [
        Placement(meeting_of_request[m.request_id], m.slot, m.table)
        for m in Meeting.objects.filter(run=run)
    ]
    verdict = verify(built.problem, stored)
    assert (verdict.ok, verdict.placed, verdict.breaks) == (True, 5, run.stats["breaks"])
    publish_schedule(run=run, actor=organiser)
    event.refresh_from_db()
    assert event.schedule_published
    assert len(agenda_for(people[0])) == 3


def test_start_schedule_run_outsider_refused(event_setup):
    event, _, _ = event_setup
    with pytest.raises(PermissionDenied):
        start_schedule_run(event=event, actor=UserFactory())
    assert ScheduleRun.objects.count() == 0


def test_start_schedule_run_without_sessions_refused(event_setup):
    event, organiser, _ = event_setup
    event.b2b_sessions.all().delete()
    with pytest.raises(ValidationFailed) as excinfo:
        start_schedule_run(event=event, actor=organiser)
    assert excinfo.value.errors == {"__all__": ["The event has no B2B session to schedule."]}
    assert ScheduleRun.objects.count() == 0


def test_publish_schedule_unfinished_refused(event_setup):
    event, organiser, _ = event_setup
    run = ScheduleRun.objects.create(event=event)
    with pytest.raises(ValidationFailed):
        publish_schedule(run=run, actor=organiser)
    event.refresh_from_db()
    assert not event.schedule_published
