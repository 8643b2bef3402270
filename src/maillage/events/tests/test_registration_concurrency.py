"""Two registrants at once for the last place: one confirmed, one waitlisted (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import Registration
from maillage.events.services.registration import register_participant
from maillage.events.tests.factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_register_concurrently_never_exceeds_capacity() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")
    event = EventFactory(capacity=1)
    people = [(UserFactory(), OrganisationFactory()) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(index: int) -> None:
        user, organisation = people[index]
        try:
            barrier.wait()
            register_participant(event=event, user=user, organisation=organisation, role="supplier")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == ["confirmed", "waitlisted"]
