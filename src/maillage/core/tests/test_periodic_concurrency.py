"""Several periodic runners at once on PostgreSQL (docs/operations.md, Topology at scale): each
on its own connection, released together, they enqueue every due job exactly once."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.core import periodic
from maillage.core.tests.periodic_tasks import send_ping
from maillage.events.tests.test_concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def ping_every_hour() -> Iterator[periodic.PeriodicJob]:
    job = periodic.every(timedelta(hours=1), send_ping)
    yield job
    periodic.forget(job)


def _enqueued_per_job() -> dict[str, int]:
    rows = DBTaskResult.objects.values_list("task_path").annotate(n=Count("id"))
    return dict(rows.values_list("task_path", "n"))


def test_three_runners_at_once_enqueue_each_job_once(
    ping_every_hour: periodic.PeriodicJob,
) -> None:
    names = sorted(job.name for job in periodic.registered_jobs())
    now = timezone.now()

    # First pass: no job has a row yet, so the runners race to create them.
    first = at_once(*(lambda: periodic.run_due_jobs(now=now) for _ in range(3)))
    assert not [r for r in first if isinstance(r, BaseException)], first
    assert sorted(name for result in first for name in result) == names
    assert _enqueued_per_job() == dict.fromkeys(names, 1)

    # A day later every job is due again and every row exists: the runners race for its lock.
    later = now + timedelta(days=1)
    second = at_once(*(lambda: periodic.run_due_jobs(now=later) for _ in range(3)))
    assert not [r for r in second if isinstance(r, BaseException)], second
    assert sorted(name for result in second for name in result) == names
    assert _enqueued_per_job() == dict.fromkeys(names, 2)
