"""Stopping and restarting the follow-up e-mails of one person."""

from maillage.accounts.models import User
from maillage.impact.models import OptOut


def unsubscribe(*, user_id: int) -> bool:
    """Stop the follow-up e-mails of every event for this person; True once done (also when it
    was done before). An unknown person (deleted since) is ignored, as a no-op."""
    if User.objects.filter(pk=user_id).exists():
        OptOut.objects.get_or_create(user_id=user_id)
    return True


def resubscribe(*, user: User) -> None:
    OptOut.objects.filter(user=user).delete()


def is_subscribed(user: User) -> bool:
    return not OptOut.objects.filter(user=user).exists()
