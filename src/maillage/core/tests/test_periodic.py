"""The periodic runner: jobs are enqueued once per period, by one runner, and run by the worker."""

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.core import periodic
from maillage.core.models import PeriodicRun
from maillage.core.tests.periodic_tasks import send_ping

pytestmark = pytest.mark.django_db

PING = "maillage.core.tests.periodic_tasks.send_ping"


@pytest.fixture
def ping_every_hour() -> Iterator[periodic.PeriodicJob]:
    job = periodic.every(timedelta(hours=1), send_ping)
    yield job
    periodic.forget(job)


def _queued(name: str) -> int:
    return DBTaskResult.objects.filter(task_path=name).count()


def test_run_due_jobs_enqueues_a_job_never_run(ping_every_hour: periodic.PeriodicJob) -> None:
    enqueued = periodic.run_due_jobs()

    assert PING in enqueued
    assert _queued(PING) == 1
    assert PeriodicRun.objects.get(name=PING).last_enqueued_at is not None


def test_run_due_jobs_waits_for_the_period(ping_every_hour: periodic.PeriodicJob) -> None:
    start = timezone.now()
    periodic.run_due_jobs(now=start)

    assert PING not in periodic.run_due_jobs(now=start + timedelta(minutes=59))
    assert PING in periodic.run_due_jobs(now=start + timedelta(minutes=60))
    assert _queued(PING) == 2


def test_run_due_jobs_catches_up_with_one_run_after_a_long_stop(
    ping_every_hour: periodic.PeriodicJob,
) -> None:
    start = timezone.now()
    periodic.run_due_jobs(now=start)

    periodic.run_due_jobs(now=start + timedelta(days=1))
    periodic.run_due_jobs(now=start + timedelta(days=1, minutes=1))

    assert _queued(PING) == 2


def test_seconds_until_due_is_zero_for_a_job_never_run(
    ping_every_hour: periodic.PeriodicJob,
) -> None:
    assert periodic.seconds_until_due() == 0.0


def test_seconds_until_due_is_capped_at_a_minute(ping_every_hour: periodic.PeriodicJob) -> None:
    now = timezone.now()
    periodic.run_due_jobs(now=now)

    assert periodic.seconds_until_due(now=now) == periodic.MAX_SLEEP_SECONDS


def test_every_refuses_a_period_under_a_minute() -> None:
    with pytest.raises(ValueError, match="at most once a minute"):
        periodic.every(timedelta(seconds=30), send_ping)


def test_every_refuses_a_second_period_for_the_same_task(
    ping_every_hour: periodic.PeriodicJob,
) -> None:
    assert periodic.every(timedelta(hours=1), send_ping) == ping_every_hour
    with pytest.raises(ValueError, match="already scheduled every 1:00:00"):
        periodic.every(timedelta(hours=2), send_ping)


def test_the_request_reminders_are_a_periodic_job() -> None:
    jobs = {job.name: job.interval for job in periodic.registered_jobs()}

    assert jobs["maillage.events.tasks.send_request_reminders"] == timedelta(hours=1)


# The database worker closes a connection whose autocommit differs from the settings', as a
# test's enclosing transaction makes it: on PostgreSQL that would close the test's connection.
@pytest.mark.django_db(transaction=True)
def test_worker_in_batch_mode_enqueues_due_jobs_and_runs_them(
    ping_every_hour: periodic.PeriodicJob,
) -> None:
    call_command("worker", batch=True, reload=False, startup_delay=False, stdout=io.StringIO())

    assert [message.subject for message in mail.outbox] == ["ping"]
    assert DBTaskResult.objects.get(task_path=PING).status == "SUCCESSFUL"


# The database worker closes a connection whose autocommit differs from the settings', as a
# test's enclosing transaction makes it: on PostgreSQL that would close the test's connection.
@pytest.mark.django_db(transaction=True)
def test_worker_without_periodic_leaves_the_jobs_alone(
    ping_every_hour: periodic.PeriodicJob,
) -> None:
    call_command(
        "worker",
        batch=True,
        reload=False,
        startup_delay=False,
        periodic=False,
        stdout=io.StringIO(),
    )

    assert mail.outbox == []
    assert not PeriodicRun.objects.filter(name=PING).exists()


def test_periodic_once_prints_what_it_enqueued(ping_every_hour: periodic.PeriodicJob) -> None:
    out = io.StringIO()
    call_command("periodic", once=True, stdout=out)

    assert f"enqueued {PING}" in out.getvalue()
    assert _queued(PING) == 1


def test_periodic_list_names_every_job(ping_every_hour: periodic.PeriodicJob) -> None:
    out = io.StringIO()
    call_command("periodic", list=True, stdout=out)

    assert f"{PING}  every 1:00:00" in out.getvalue().splitlines()
