"""Parallel requests on PostgreSQL, each on its own connection (threads), released together.

SQLite serialises writers by design (IMMEDIATE transactions), so these races exist only on
PostgreSQL: the module skips elsewhere.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import MeetingRequest, Registration, ScheduleRun
from maillage.events.services.registration import register_participant
from maillage.events.services.requests import (
    accept_meeting_request,
    decline_meeting_request,
    send_meeting_request,
)
from maillage.events.services.scheduling import ScheduleRunInProgressError, start_schedule_run
from maillage.events.tests.b2b_fixtures import make_b2b
from maillage.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released by one barrier; each result, or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        except BaseException as error:  # the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_crossing_requests_end_in_one_mutual_request(cast: Cast) -> None:
    event = make_b2b(cast).event
    for round_number in range(5):
        a, b = (
            RegistrationFactory(event=event, user=UserFactory(), organisation=OrganisationFactory())
            for _ in range(2)
        )
        results = at_once(
            lambda a=a, b=b: send_meeting_request(requester=a, recipient=b),
            lambda a=a, b=b: send_meeting_request(requester=b, recipient=a),
        )
        assert not [r for r in results if isinstance(r, BaseException)], (round_number, results)
        between = MeetingRequest.objects.filter(requester__in=[a, b], recipient__in=[a, b])
        assert list(between.values_list("status", "mutual")) == [("accepted", True)]


def test_registrations_at_capacity_never_overbook() -> None:
    event = EventFactory(capacity=3)
    people = [(UserFactory(), OrganisationFactory()) for _ in range(6)]
    results = at_once(
        *(
            lambda user=user, org=org: register_participant(
                event=event, user=user, organisation=org, role="supplier"
            )
            for user, org in people
        )
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 3


def test_two_answers_to_one_request_one_wins(cast: Cast) -> None:
    b2b = make_b2b(cast)
    request = send_meeting_request(requester=b2b.alice_reg, recipient=b2b.bob_reg)
    results = at_once(
        lambda: accept_meeting_request(request=request, actor=cast.bob),
        lambda: decline_meeting_request(request=request, actor=cast.bob),
    )
    errors = [r for r in results if isinstance(r, ValidationFailed)]
    answers = [r for r in results if isinstance(r, MeetingRequest)]
    assert (len(errors), len(answers)) == (1, 1)
    request.refresh_from_db()
    assert request.status == answers[0].status
    assert request.answered_at is not None


def test_two_organisers_starting_a_run_at_once_start_one(cast: Cast, manager: Any) -> None:
    b2b = make_b2b(cast)
    send_meeting_request(requester=b2b.alice_reg, recipient=b2b.bob_reg)
    results = at_once(
        lambda: start_schedule_run(event=b2b.event, actor=manager),
        lambda: start_schedule_run(event=b2b.event, actor=manager),
    )
    started = [r for r in results if isinstance(r, ScheduleRun)]
    refused = [r for r in results if isinstance(r, ScheduleRunInProgressError)]
    assert (len(started), len(refused)) == (1, 1), results
    assert ScheduleRun.objects.filter(event=b2b.event).count() == 1
