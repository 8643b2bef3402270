"""Background work of the calls app: imports of portal answers and matching runs.

Each row is a job the worker runs while a page polls its progress (``core.progress``): the
import of an uploaded portal answer, the ranking of calls for one organisation, and the partner
proposals for one consortium. Matching runs are keyed by a fingerprint of their inputs, so a run
is reused until something it read changes.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.progress import JobStatus
from maillage.ecosystem.models import Organisation


class Job(models.Model):
    Status = JobStatus

    status = models.CharField(max_length=7, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    stage = models.CharField(max_length=120, blank=True)
    #: The outcome as JSON for the page (counts, errors, or ranked ids with their reasons).
    result = models.JSONField(default=dict, blank=True)
    #: The language of whoever asked for it: the worker writes its stages in it.
    language = models.CharField(max_length=8, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering: ClassVar = ["-created_at", "-pk"]

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


class CallImportJob(Job):
    """An uploaded portal answer being imported (all or nothing)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_import_jobs"
    )
    file_name = models.CharField(max_length=255)
    #: The uploaded file until the job has read it (then emptied).
    data = models.BinaryField(default=b"")

    class Meta(Job.Meta):
        verbose_name = _("call import")
        verbose_name_plural = _("call imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"


class CallFitRun(Job):
    """The calls ranked for one organisation by the matching engine.

    ``result["fits"]``: ``[{"call": id, "score": float, "reasons": [[code, params], ...]}]``,
    best first.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="call_fit_runs"
    )
    #: Digest of what the ranking read (the organisation's profile, the calls' versions).
    fingerprint = models.CharField(max_length=64, db_index=True)

    class Meta(Job.Meta):
        verbose_name = _("call ranking")
        verbose_name_plural = _("call rankings")

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.fingerprint[:8]} ({self.status})"
