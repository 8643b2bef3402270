"""Reports built in the background, and the reference figures shown beside them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.progress import JobStatus
from maillage.ecosystem.models import Organisation


class ReportJob(models.Model):
    """A PDF or XLSX report for a cluster, pole or hub over a period, built by the worker."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    Status = JobStatus

    organiser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The requester's interface language: the worker writes the report in it.
    language = models.CharField(max_length=8)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    stage = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.organiser} {self.start}–{self.end} ({self.file_format}, {self.status})"

    @property
    def file_name(self) -> str:
        return f"impact-{self.organiser.slug}-{self.start}-{self.end}.{self.file_format}"


class ReferenceFigure(models.Model):
    """An earlier estimate the measured figures are shown beside (e.g. "more than EUR 210,000 of
    turnover over three years, from a few spontaneous returns")."""

    organiser = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="impact_reference_figures"
    )
    label = models.CharField(_("label"), max_length=300)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    #: Where the figure comes from and how it was obtained.
    source = models.CharField(_("source"), max_length=500)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")

    def __str__(self) -> str:
        return self.label
