"""Signed links in the follow-up e-mails: they open one page without a login.

- A **rating link** opens the rating of one meeting. It names the invitation and the meeting,
  so it cannot be reused for another meeting (not even one of the same participant), and it
  expires when the wave closes (and at the latest ``MAX_AGE`` after it was made).
- A **wave link** opens one participant's follow-up page of one wave; same expiry.
- An **unsubscribe link** stops the follow-up e-mails of one person; it never expires, as the
  law on electronic marketing expects of an unsubscribe link.

Tokens are Django's signed values (HMAC-SHA256 with the secret key), each kind with its own
salt, so a token of one kind is refused as another.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.core import signing
from django.utils import timezone

from maillage.impact.models import Invitation

#: Longest life of a rating or wave link, whatever the wave (four weeks open, plus slack for a
#: wave re-opened by hand).
MAX_AGE = timedelta(days=60)

_RATING = "maillage.impact.rating"
_WAVE = "maillage.impact.wave"
_UNSUBSCRIBE = "maillage.impact.unsubscribe"


class LinkProblem(StrEnum):
    #: Altered, truncated, or not one of ours.
    TAMPERED = "tampered"
    #: Older than its wave, or than ``MAX_AGE``.
    EXPIRED = "expired"
    #: A valid link, but for another meeting than the page asked for.
    OTHER_MEETING = "other_meeting"


class LinkRefusedError(Exception):
    def __init__(self, problem: LinkProblem, invitation: Invitation | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        #: Known when the link was genuine but is expired or misused: the page can offer to
        #: send a fresh one.
        self.invitation = invitation


def rating_token(invitation: Invitation, request_id: int) -> str:
    return signing.dumps({"i": invitation.pk, "m": request_id}, salt=_RATING, compress=True)


def wave_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=_WAVE, compress=True)


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=_UNSUBSCRIBE, compress=True)


@dataclass(frozen=True)
class RatingLink:
    invitation: Invitation
    request_id: int


def _load(token: str, salt: str) -> dict[str, int]:
    try:
        value = signing.loads(token, salt=salt, max_age=None)
    except signing.BadSignature as error:
        raise LinkRefusedError(LinkProblem.TAMPERED) from error
    if not isinstance(value, dict):
        raise LinkRefusedError(LinkProblem.TAMPERED)
    return value


def _invitation(pk: object, token: str, salt: str, now: datetime) -> Invitation:
    if not isinstance(pk, int):
        raise LinkRefusedError(LinkProblem.TAMPERED)
    invitation = (
        Invitation.objects.select_related(
            "wave__plan__event", "registration__organisation", "registration__user"
        )
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise LinkRefusedError(LinkProblem.TAMPERED)
    try:
        signing.loads(token, salt=salt, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkRefusedError(LinkProblem.EXPIRED, invitation) from error
    if now >= invitation.wave.closes_at:
        raise LinkRefusedError(LinkProblem.EXPIRED, invitation)
    return invitation


def read_rating_link(token: str, request_id: int, *, now: datetime | None = None) -> RatingLink:
    """The invitation a rating link opens, for the meeting in the page's address.

    Raises ``LinkRefusedError``: tampered, expired, or made for another meeting.
    """
    value = _load(token, _RATING)
    invitation = _invitation(value.get("i"), token, _RATING, now or timezone.now())
    if value.get("m") != request_id:
        raise LinkRefusedError(LinkProblem.OTHER_MEETING, invitation)
    return RatingLink(invitation, request_id)


def read_wave_link(token: str, *, now: datetime | None = None) -> Invitation:
    value = _load(token, _WAVE)
    return _invitation(value.get("i"), token, _WAVE, now or timezone.now())


def read_unsubscribe_link(token: str) -> int:
    """The user id an unsubscribe link names; ``LinkRefusedError`` when tampered with."""
    user_id = _load(token, _UNSUBSCRIBE).get("u")
    if not isinstance(user_id, int):
        raise LinkRefusedError(LinkProblem.TAMPERED)
    return user_id
