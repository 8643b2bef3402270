"""The few rows shared by the whole project."""

from django.db import models


class PeriodicRun(models.Model):
    """When a periodic job (``core.periodic``) was last enqueued: one row per job.

    Kept in the database rather than in the runner's memory, so that a restarted runner, or two
    runners at once, still enqueue each job once per period.
    """

    #: The job's task (its module path), e.g. ``maillage.events.tasks.send_request_reminders``.
    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
