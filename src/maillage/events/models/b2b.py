"""B2B meetings: requests, blocks, scheduled meetings and the scheduling runs that place them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.progress import JobStatus
from maillage.ecosystem.models import Organisation
from maillage.events.models.event import Event
from maillage.events.models.registration import Registration


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    #: Longest message the pages, the API and the services accept.
    MESSAGE_MAX_LENGTH: ClassVar[int] = 2000

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="requests_sent"
    )
    recipient = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="requests_received"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    #: Proposed by the organisers rather than by a participant (lower scheduling priority).
    proposed_by_organiser = models.BooleanField(default=False)
    #: Both participants asked for each other (highest scheduling priority).
    mutual = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")), name="no_request_to_self"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient} ({self.status})"


class BlockedPair(models.Model):
    """An organisation a participant never wants proposed (e.g. a competitor)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="blocked")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["registration", "organisation"], name="unique_blocked_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} ⊘ {self.organisation}"


class ScheduleRunQuerySet(models.QuerySet["ScheduleRun"]):
    def published(self) -> "ScheduleRunQuerySet":
        """Runs that were published, the latest first: the first is the schedule participants
        see (``queries.published_run``)."""
        return self.filter(published_at__isnull=False).order_by("-published_at", "-pk")


class ScheduleRun(models.Model):
    """One run of the scheduling engine for an event, as a background job."""

    Status = JobStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: 0.0 to 1.0, polled by the organiser's page.
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=300, blank=True)
    #: Solver status, placed meetings, breaks, lower bound, seconds, load per participant.
    stats = models.JSONField(default=dict, blank=True)
    #: True for a day-of re-planning that minimises moves of announced meetings.
    is_replan = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Last sign of life of the worker running it (claim, each progress report): a running run
    #: silent for longer than any solve lost its worker (``close_abandoned_runs``).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    #: When the participants were e-mailed about the published schedule (sent once).
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ScheduleRunQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("scheduling run")
        verbose_name_plural = _("scheduling runs")

    def __str__(self) -> str:
        return f"{self.event} — {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class Meeting(models.Model):
    """A meeting placed by a scheduling run in a slot at a table."""

    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="meetings")
    #: Global slot number (1-based over the event's B2B sessions in order).
    slot = models.PositiveSmallIntegerField()
    table = models.PositiveSmallIntegerField()
    #: Kept in place by later runs.
    locked = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["slot", "table"]
        constraints: ClassVar = [
            # A table hosts one meeting per slot, and a request is placed once per run.
            models.UniqueConstraint(fields=["run", "slot", "table"], name="unique_table_slot"),
            models.UniqueConstraint(fields=["run", "request"], name="unique_request_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.request} @ slot {self.slot}, table {self.table}"


class MeetingSeat(models.Model):
    """One participant's seat at a meeting: makes double-booking impossible in the database."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    slot = models.PositiveSmallIntegerField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["run", "registration", "slot"], name="unique_participant_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} @ slot {self.slot}"
