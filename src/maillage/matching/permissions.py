"""Who may do what with suggestions: the matching app's "may this user ..." rules."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.permissions import can_act_for


def can_judge_suggestions(user: AnyUser, subject: Organisation) -> bool:
    """Mark the suggestions made to ``subject`` useful or not: whoever may act for it."""
    return can_act_for(user, subject)


def check_can_judge_suggestions(user: AnyUser, subject: Organisation) -> None:
    if not can_judge_suggestions(user, subject):
        raise PermissionDenied(_("Only people of this organisation can judge its suggestions."))
