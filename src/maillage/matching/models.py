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
