"""An event, its conference programme and its B2B sessions."""

from datetime import date, datetime, timedelta
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Organisation


class Event(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    #: Edition year when the exact dates are not known (past editions).
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    #: Two or more co-organising clusters or poles (e.g. the ICT cluster and a sector pole).
    organisers = models.ManyToManyField(Organisation, related_name="organised_events")
    #: Attendance reported for past editions; live editions count their registrations.
    participant_count = models.PositiveIntegerField(_("participants"), default=0)
    #: Maximum confirmed registrations; beyond it registrants join the waiting list.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    #: Pending meeting requests one participant may have outstanding at once.
    pending_request_quota = models.PositiveSmallIntegerField(
        _("pending requests per participant"), default=10
    )
    #: Days after which an unanswered meeting request expires.
    request_ttl_days = models.PositiveSmallIntegerField(_("request validity (days)"), default=7)
    schedule_published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-start_date", "-year", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.name

    @property
    def schedule_published(self) -> bool:
        return self.schedule_published_at is not None


class ConferenceSession(models.Model):
    """A talk or panel of the conference programme."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="conference_sessions")
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar = ["starts_at"]
        verbose_name = _("conference session")
        verbose_name_plural = _("conference sessions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="conference_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class B2BSession(models.Model):
    """A block of consecutive meeting slots (e.g. the morning); breaks separate sessions."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="b2b_sessions")
    name = models.CharField(_("name"), max_length=100)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=20)
    table_count = models.PositiveSmallIntegerField(_("tables"), default=10)

    class Meta:
        ordering: ClassVar = ["date", "start_time"]
        verbose_name = _("B2B session")
        verbose_name_plural = _("B2B sessions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="b2b_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gt=0), name="b2b_session_positive_slots"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.name}"

    @property
    def duration_minutes(self) -> int:
        start = datetime.combine(date.min, self.start_time)
        end = datetime.combine(date.min, self.end_time)
        return int((end - start).total_seconds() // 60)

    @property
    def slot_count(self) -> int:
        return self.duration_minutes // self.slot_minutes

    def slot_start(self, index: int) -> datetime:
        """Naive local start of the session's ``index``-th slot (0-based)."""
        start = datetime.combine(self.date, self.start_time)
        return start + timedelta(minutes=index * self.slot_minutes)
