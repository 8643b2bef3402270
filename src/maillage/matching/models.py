"""What users tell the matching engine about its suggestions."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Organisation


class SuggestionFeedback(models.Model):
    """A user's judgement of one suggestion: ``suggested`` proposed to ``subject``.

    One row per user and pair; marking again replaces the judgement. Later rankings for
    ``subject`` take the latest judgement of the pair into account (see ``queries``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_feedback"
    )
    #: The organisation the suggestion was made for (the user acts on its behalf).
    subject = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    #: The organisation that was suggested.
    suggested = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField(_("useful"))
    #: When this judgement was made (updated when the user changes their mind).
    created_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("suggestion feedback")
        verbose_name_plural = _("suggestion feedback")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "subject", "suggested"], name="unique_feedback_per_user_and_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(subject=models.F("suggested")),
                name="feedback_not_on_itself",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["subject", "created_at"])]

    def __str__(self) -> str:
        verdict = "+" if self.useful else "-"
        return f"{self.subject_id} {verdict} {self.suggested_id}"


class Tie(models.Model):
    """One reason two organisations are linked in the collaboration graph (a joint project, a
    held B2B meeting, a brainstorming team, a reported partnership).

    Maintained on write by ``matching.graph`` (signals call its ``sync_*`` services), never
    recomputed at request time. ``first`` is the organisation with the smaller primary key.
    """

    class Kind(models.TextChoices):
        PROJECT = "project", _("joint project")
        MEETING = "meeting", _("B2B meeting")
        TEAM = "team", _("brainstorming team")
        #: Reported in the impact follow-up; see ``graph.sync_agreement_ties``.
        AGREEMENT = "agreement", _("reported partnership")

    first = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: The primary key of what the tie comes from: the project, the meeting request, the idea.
    source_id = models.PositiveBigIntegerField()
    #: Named in explanations ("the same projects: ...") to those who may see the tie.
    label = models.CharField(_("label"), max_length=200, blank=True)
    #: When the collaboration happened (project start, meeting or event date), when known.
    date = models.DateField(_("date"), null=True, blank=True)
    weight = models.FloatField(_("weight"), default=1.0)
    #: Known only to the two organisations (a meeting, a team): it counts for their own
    #: suggestions and never for anybody else's, in scores or in explanations.
    private = models.BooleanField(_("private"), default=False)

    class Meta:
        verbose_name = _("collaboration tie")
        verbose_name_plural = _("collaboration ties")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "first", "second"], name="unique_tie_per_source"
            ),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="tie_first_below_second"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["kind", "source_id"])]

    def __str__(self) -> str:
        return f"{self.first_id} - {self.second_id} ({self.kind} {self.source_id})"
