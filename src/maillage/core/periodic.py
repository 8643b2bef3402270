"""Periodic jobs for the whole project: a task enqueued every so often.

An app declares its jobs in its own ``periodic.py`` module, found at start-up as Django finds
``admin.py`` modules::

    from maillage.core.periodic import every
    from maillage.events.tasks import send_request_reminders

    every(timedelta(hours=1), send_request_reminders)

``maillage worker`` (what ``make worker`` and ``maillage demo`` start) runs the runner beside the
database worker; ``maillage periodic --once`` makes one pass, for deployments that prefer cron.
The runner only enqueues: the work runs in the worker like any other task, so it shows up, fails
and retries there. The last run of each job is a database row (``PeriodicRun``), so a restarted
runner, or several runners, enqueue a job once per period, and a runner that was down for a day
catches up with one run, not twenty-four.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from maillage.core.models import PeriodicRun

logger = logging.getLogger(__name__)

#: Shortest period a job may ask for: the runner wakes up about once a minute.
MIN_INTERVAL = timedelta(minutes=1)
#: Longest sleep between two passes, so new jobs and clock changes are noticed.
MAX_SLEEP_SECONDS = 60.0


@dataclass(frozen=True)
class PeriodicJob:
    task: Task[[], Any]
    interval: timedelta

    @property
    def name(self) -> str:
        return str(self.task.module_path)


_registry: dict[str, PeriodicJob] = {}
_discovered = False


def every(interval: timedelta, task: Task[[], Any]) -> PeriodicJob:
    """Enqueue ``task`` (which takes no argument) every ``interval``; returns the job.

    Declaring the same task twice with the same interval is harmless (modules may be imported
    twice); with another interval it is a programming error.
    """
    if interval < MIN_INTERVAL:
        raise ValueError(f"a periodic job runs at most once a minute, not every {interval}")
    job = PeriodicJob(task=task, interval=interval)
    known = _registry.get(job.name)
    if known is not None and known.interval != interval:
        raise ValueError(f"{job.name} is already scheduled every {known.interval}")
    _registry[job.name] = job
    return job


def forget(job: PeriodicJob) -> None:
    """Remove a job from the registry (tests that declare their own)."""
    _registry.pop(job.name, None)


def registered_jobs() -> list[PeriodicJob]:
    """Every declared job, by name (each app's ``periodic.py`` is imported the first time)."""
    global _discovered  # noqa: PLW0603 - discovery happens once per process
    if not _discovered:
        autodiscover_modules("periodic")
        _discovered = True
    return [_registry[name] for name in sorted(_registry)]


def run_due_jobs(*, now: datetime | None = None) -> list[str]:
    """Enqueue every job whose period has elapsed since it was last enqueued; return their names.

    Each job's row is locked while it is checked, so two runners never enqueue it twice.
    """
    now = now or timezone.now()
    enqueued = []
    for job in registered_jobs():
        with transaction.atomic():
            row, _created = PeriodicRun.objects.select_for_update().get_or_create(name=job.name)
            if row.last_enqueued_at is not None and now < row.last_enqueued_at + job.interval:
                continue
            job.task.enqueue()
            row.last_enqueued_at = now
            row.save(update_fields=["last_enqueued_at"])
        enqueued.append(job.name)
    return enqueued


def seconds_until_due(*, now: datetime | None = None) -> float:
    """How long the runner may sleep before the next job is due (at most ``MAX_SLEEP_SECONDS``)."""
    now = now or timezone.now()
    last = dict(PeriodicRun.objects.values_list("name", "last_enqueued_at"))
    waits = [
        (last_run + job.interval - now).total_seconds()
        for job in registered_jobs()
        if (last_run := last.get(job.name)) is not None
    ]
    if len(waits) < len(registered_jobs()):
        return 0.0
    return max(0.0, min([MAX_SLEEP_SECONDS, *waits]))


def run_forever(stop: threading.Event) -> None:
    """Enqueue due jobs until ``stop`` is set. A failed pass is logged and retried later: the
    runner must outlive a database that is briefly unavailable."""
    while not stop.is_set():
        try:
            for name in run_due_jobs():
                logger.info("periodic job enqueued: %s", name)
            pause = seconds_until_due()
        except Exception:
            logger.exception("periodic jobs could not be checked; retrying in a minute")
            pause = MAX_SLEEP_SECONDS
        finally:
            # The runner's thread has a connection of its own: closed between passes, as a
            # request's is, so that none lingers while it sleeps.
            connection.close()
        stop.wait(max(pause, 1.0))
