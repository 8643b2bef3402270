"""An event's follow-up plan, its waves of questions, and who is asked in each."""

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.events.models import Event, Registration

#: A wave stays open four weeks.
WAVE_OPEN_FOR = timedelta(weeks=4)
#: Reminders to those who have not answered, counted from the wave's opening (two at most).
REMINDER_AFTER = (timedelta(days=7), timedelta(days=18))
#: Never two reminders closer than this (a worker that was down catches up one at a time).
REMINDER_GAP = timedelta(days=5)


def default_wave_months() -> list[int]:
    return [3, 6, 12]


class FollowUpPlan(models.Model):
    """When an event's meetings took place and when to ask what came of them."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="follow_up")
    #: The day the meetings took place; the waves are counted from it. The event's last day by
    #: default; set by hand for past editions whose dates the seeds do not give.
    held_on = models.DateField(_("meetings held on"))
    #: Months after ``held_on`` at which a follow-up wave opens, increasing (3, 6, 12 by default).
    wave_months = models.JSONField(_("follow-up waves (months)"), default=default_wave_months)
    #: Simulated answers (the demo): every page and report says so.
    synthetic = models.BooleanField(_("synthetic answers"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")

    def __str__(self) -> str:
        return f"{self.event} ({self.held_on})"


class Wave(models.Model):
    """One round of questions: the rating right after the event, or a follow-up wave."""

    class Kind(models.TextChoices):
        RATING = "rating", _("meeting rating")
        FOLLOW_UP = "follow_up", _("follow-up")

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="waves")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: Months after the meetings (0 for the rating).
    months = models.PositiveSmallIntegerField(_("months after the event"), default=0)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    #: When the invitations went out (None: not yet).
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["plan", "months"]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "kind", "months"], name="unique_wave"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="wave_closes_after_opening",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["opened_at", "opens_at"])]

    def __str__(self) -> str:
        return f"{self.plan.event} — {self.get_kind_display()} +{self.months}"

    @property
    def is_rating(self) -> bool:
        return self.kind == self.Kind.RATING


class Invitation(models.Model):
    """One participant asked in one wave; the signed links of its e-mail point here."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="impact_invitations"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    #: Set by the first answer (or "nothing to report"), cleared when every answer is withdrawn.
    answered_at = models.DateTimeField(null=True, blank=True)
    #: The participant said there is nothing to report in this wave.
    nothing_to_report = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["wave", "registration"], name="unique_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.registration} ← {self.wave}"


class OptOut(models.Model):
    """A person who unsubscribed from the follow-up e-mails (of every event)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="impact_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up opt-out")
        verbose_name_plural = _("follow-up opt-outs")

    def __str__(self) -> str:
        return str(self.user)
