"""Digital maturity assessments (T0, T1...), their scores by rule version, the advisors who follow
companies for a hub, and the released peer benchmarks."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import FileImportJob, Organisation

DIMENSION_FIELDS = ("d1", "d2", "d3", "d4", "d5", "d6")


class AdvisorFollow(models.Model):
    """A hub advisor follows a company: they see its assessments and fill them in with it."""

    hub = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="advisor_follows_given"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_companies"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="advisor_follows",
        verbose_name=_("company"),
    )
    started_on = models.DateField(_("since"), default=timezone.localdate)
    #: The day the follow ended: the advisor has no access from that day on.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("advisor follow")
        verbose_name_plural = _("advisor follows")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hub", "advisor", "organisation"], name="unique_advisor_follow"
            )
        ]

    def __str__(self) -> str:
        return f"{self.advisor} → {self.organisation} ({self.hub})"

    @property
    def active(self) -> bool:
        return self.ended_on is None or self.ended_on > timezone.localdate()


def active_follow() -> models.Q:
    return models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=timezone.localdate())


class Assessment(models.Model):
    """One sitting of the questionnaire by a company: T0 (``sequence`` 0), then T1, T2...

    ``answers`` holds the raw answers in the ``dma_score`` shape, saved one dimension at a time
    while a draft; completion scores them. Imported results (the EDIH tool's exports) have scores
    but no answers.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("in progress")
        COMPLETED = "completed", _("completed")

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("questionnaire")
        IMPORT = "import", _("imported results")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="maturity_assessments"
    )
    #: 0 for T0 (before support), 1 for T1...
    sequence = models.PositiveSmallIntegerField(_("time point"))
    #: The assessment this one follows (T1's is T0).
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )
    #: The hub supporting the company when it was assessed (its reports count it).
    hub = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_assessments",
        verbose_name=_("hub"),
    )
    questionnaire_version = models.CharField(max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField(max_length=14, choices=Source.choices, default=Source.QUESTIONNAIRE)
    answers = models.JSONField(default=dict, blank=True)
    #: Dimension ids saved so far, in the order they were saved.
    steps_done = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The hub advisor who filled it in with the company, if any.
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_on = models.DateField(_("assessment date"), null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    #: The result under the rule set in force (see ``scoring.current_rules``).
    score = models.ForeignKey(
        "AssessmentScore", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["organisation", "sequence"]
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "sequence"], name="unique_assessment_time_point"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="draft"),
                name="one_draft_assessment_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.time_point}"

    @property
    def time_point(self) -> str:
        return f"T{self.sequence}"

    @property
    def completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class AssessmentScore(models.Model):
    """An assessment's result under one rule version (re-scoring adds a row per version)."""

    #: Scores of imported results carry this instead of a rule version.
    IMPORTED = "imported"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    rules_version = models.CharField(_("rules"), max_length=40)
    d1 = models.FloatField()
    d2 = models.FloatField()
    d3 = models.FloatField()
    d4 = models.FloatField()
    d5 = models.FloatField()
    d6 = models.FloatField()
    overall = models.FloatField(_("overall score"))
    band = models.CharField(_("band"), max_length=40, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assessment", "rules_version"], name="unique_score_per_rules"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.rules_version}: {self.overall:.1f}"

    @property
    def dimensions(self) -> dict[str, float]:
        return {name.upper(): float(getattr(self, name)) for name in DIMENSION_FIELDS}


class BenchmarkRelease(models.Model):
    """One computation of the peer benchmark: the groups it could publish, frozen.

    Published statistics never change afterwards, so nobody can difference two versions of a
    group (see ``benchmark``)."""

    created_at = models.DateTimeField(auto_now_add=True)
    #: Completed assessments up to this instant were taken into account.
    as_of = models.DateTimeField()
    threshold = models.PositiveSmallIntegerField()
    rules_version = models.CharField(max_length=40)

    class Meta:
        ordering: ClassVar = ["-pk"]

    def __str__(self) -> str:
        return f"benchmark {self.pk} as of {self.as_of:%Y-%m-%d %H:%M}"


class BenchmarkCell(models.Model):
    """A published peer group: its filters ("" = any), size, members, per-dimension stats."""

    release = models.ForeignKey(BenchmarkRelease, on_delete=models.CASCADE, related_name="cells")
    sector = models.CharField(max_length=80, blank=True)
    size = models.CharField(max_length=10, blank=True)
    province = models.CharField(max_length=3, blank=True)
    n = models.PositiveIntegerField()
    #: Ids of the assessments it aggregates (the next releases must not difference them).
    members = models.JSONField(default=list)
    #: {"D1": {"mean": x, "sd": y}, ..., "overall": {...}}
    stats = models.JSONField(default=dict)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["release", "sector", "size", "province"], name="unique_benchmark_cell"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["sector", "size", "province", "release"])]

    def __str__(self) -> str:
        return f"{self.sector or '*'}/{self.size or '*'}/{self.province or '*'} n={self.n}"


class ResultImportJob(FileImportJob):
    """An import of the EDIH tool's results into a hub (a large XLSX): its dry run or its
    commit, as the member import does. ``result`` keeps the preview's rows and line-numbered
    errors, or how many results were imported."""

    hub = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
