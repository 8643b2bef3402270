"""Two requests at once from the same participant with one place left in the quota (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.events.models import MeetingRequest
from maillage.events.services.requests import send_meeting_request
from maillage.events.tests.b2b_fixtures import add_participants, make_b2b

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_send_concurrently_never_exceeds_quota(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")
    b2b = make_b2b(cast)
    b2b.event.pending_request_quota = 1
    b2b.event.registration_closes_at = timezone.now() + dt.timedelta(days=1)
    b2b.event.save(update_fields=["pending_request_quota", "registration_closes_at"])
    recipients = add_participants(b2b.event, 2)
    barrier = threading.Barrier(2)
    refused: list[ValidationFailed] = []
    errors: list[BaseException] = []

    def send(index: int) -> None:
        try:
            barrier.wait()
            send_meeting_request(requester=b2b.alice_reg, recipient=recipients[index])
        except ValidationFailed as error:
            refused.append(error)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (errors, len(refused)) == ([], 1)
    assert MeetingRequest.objects.filter(requester=b2b.alice_reg).count() == 1
