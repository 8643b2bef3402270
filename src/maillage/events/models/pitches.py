"""Pitch sessions: a programme item of an event where teams (often researchers) pitch projects
in a running order, and participants mark the pitches they want to follow up."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Organisation
from maillage.events.models.b2b import MeetingRequest
from maillage.events.models.event import Event
from maillage.events.models.registration import Registration


class PitchSession(models.Model):
    """A programme item made of pitches (e.g. InnoGO's research pitches)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pitch_sessions")
    title = models.CharField(_("title"), max_length=200)
    room = models.CharField(_("room"), max_length=100, blank=True)
    #: Optional: past editions often say which pitches were given, not when.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar = ["starts_at", "pk"]
        verbose_name = _("pitch session")
        verbose_name_plural = _("pitch sessions")

    def __str__(self) -> str:
        return self.title


class Pitch(models.Model):
    session = models.ForeignKey(PitchSession, on_delete=models.CASCADE, related_name="pitches")
    #: Place in the running order (1 first); kept dense by the services.
    position = models.PositiveSmallIntegerField(_("running order"))
    title = models.CharField(_("title"), max_length=200)
    #: The people who pitch, as printed in the programme.
    team = models.CharField(_("team"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
        verbose_name=_("organisation"),
    )
    abstract = models.TextField(_("abstract"), blank=True)
    #: Number of the demo stand where the team can be met after the pitches.
    stand = models.CharField(_("demo stand"), max_length=20, blank=True)
    slides_url = models.URLField(_("slides link"), blank=True)
    #: The registration follow-up requests go to; when empty, the first confirmed registration
    #: of the pitch's organisation at the event.
    presenter = models.ForeignKey(
        Registration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presenter"),
    )

    class Meta:
        ordering: ClassVar = ["session", "position", "pk"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self) -> str:
        return self.title


class PitchFollowUp(models.Model):
    """A participant's private mark: they want to follow this pitch up. Seen only by them and
    the pitching team."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="follow_ups")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="pitch_follow_ups"
    )
    message = models.TextField(_("message"), blank=True)
    #: The meeting request sent to the pitching team (None when the team is not registered).
    meeting_request = models.ForeignKey(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Whether marking sent that request (withdrawing the mark then cancels it while it is
    #: unanswered); False when a request between the two already stood.
    sent_request = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("pitch follow-up")
        verbose_name_plural = _("pitch follow-ups")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["pitch", "registration"], name="unique_pitch_follow_up")
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.pitch}"
