"""A participant's registration to an event."""

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Organisation
from maillage.events.models.event import Event


def new_agenda_token() -> str:
    """A secret for the participant's calendar feed URL (read by calendar apps, no session)."""
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    class Role(models.TextChoices):
        #: Offers solutions, e.g. an ICT provider.
        SUPPLIER = "supplier", _("supplier")
        #: Looks for solutions, e.g. a manufacturer.
        DEMANDER = "demander", _("demander")
        RESEARCH = "research", _("research")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    offers = models.TextField(_("what you offer"), blank=True)
    needs = models.TextField(_("what you look for"), blank=True)
    #: Global B2B slot numbers (1-based, over the event's sessions in order) the participant
    #: cannot attend.
    unavailable_slots = models.JSONField(_("unavailable slots"), default=list, blank=True)
    #: Optional cap on the participant's meetings.
    max_meetings = models.PositiveSmallIntegerField(_("maximum meetings"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    #: Secret in the URL of the participant's iCalendar feed; whoever holds it reads the agenda.
    agenda_token = models.CharField(
        max_length=64, unique=True, default=new_agenda_token, editable=False
    )

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "user"], name="unique_registration_per_user")
        ]
        indexes: ClassVar = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.event}"
