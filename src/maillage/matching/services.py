"""Writes for the matching app: users' feedback on suggestions."""

from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.matching.models import SuggestionFeedback
from maillage.matching.permissions import check_can_judge_suggestions


def record_feedback(
    *,
    user: AnyUser,
    subject: Organisation,
    suggested: Organisation | None,
    useful: bool | None,
) -> SuggestionFeedback:
    """Record that ``suggested`` was (not) a useful suggestion for ``subject``.

    The user must belong to ``subject`` (any affiliation) or be a platform admin. Marking the
    same pair again replaces the user's earlier judgement. Later rankings for ``subject`` use it:
    a pair marked not useful is no longer suggested, one marked useful stays at the top, and
    similar candidates move with them (``matching.engine.feedback``).
    """
    check_can_judge_suggestions(user, subject)
    assert isinstance(user, User), "people of an organisation are users"
    if suggested is None:
        raise ValidationFailed({"suggested": _("Choose the suggestion to judge.")})
    if suggested.pk == subject.pk:
        raise ValidationFailed({"suggested": _("An organisation is never suggested to itself.")})
    if useful is None:
        raise ValidationFailed({NON_FIELD: _("Say whether the suggestion is useful or not.")})
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        user=user,
        subject=subject,
        suggested=suggested,
        defaults={"useful": useful, "created_at": timezone.now()},
    )
    return feedback
