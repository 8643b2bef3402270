"""Brainstorming: challenges posted by sector companies, ideas, teams and votes."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Organisation
from maillage.events.models.event import Event
from maillage.events.models.registration import Registration


class Workshop(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)

    class Meta:
        verbose_name = _("brainstorming workshop")
        verbose_name_plural = _("brainstorming workshops")

    def __str__(self) -> str:
        return self.title


class Challenge(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="challenges")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="challenges"
    )
    posted_by = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title


class Idea(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="ideas")
    text = models.TextField(_("idea"))
    #: Set when the team turns the idea into a partnership or project idea.
    became_project_at = models.DateTimeField(_("became a project idea"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.text[:60]


class IdeaMember(models.Model):
    """A participant who joined an idea's team."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="members")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="idea_teams"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["idea", "registration"], name="unique_idea_member")
        ]

    def __str__(self) -> str:
        return f"{self.registration} ∈ {self.idea}"


class IdeaVote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="idea_votes"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["idea", "registration"], name="unique_idea_vote")
        ]

    def __str__(self) -> str:
        return f"{self.registration} +1 {self.idea}"
