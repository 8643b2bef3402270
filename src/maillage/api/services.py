"""Issuing and checking API tokens.

A token reads ``mlg_<prefix>_<secret>``: the prefix finds the row, the hash of the whole token
proves it. Tokens are random (256 bits), so a fast hash is enough to store them.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from maillage.accounts.models import User
from maillage.api.models import ApiToken
from maillage.audit.services import record_event

TOKEN_SCHEME = "mlg_"  # noqa: S105  (a marker, not a secret)
_PREFIX_BYTES = 4
#: ``last_used_at`` is written at most this often per token, so reads stay reads.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Store a new token for ``user`` and return it with its clear text (shown only once)."""
    prefix = secrets.token_hex(_PREFIX_BYTES)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(_PREFIX_BYTES)
    token = f"{TOKEN_SCHEME}{prefix}_{secrets.token_urlsafe(32)}"
    api_token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, token_hash=hash_token(token)
    )
    record_event(actor=None, action="api_token.created", target=user, details={"prefix": prefix})
    return api_token, token


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to, or None for an unknown, malformed or revoked token.

    Records the time of use (at most once a minute).
    """
    prefix_end = len(TOKEN_SCHEME) + 2 * _PREFIX_BYTES
    if not token.startswith(TOKEN_SCHEME) or token[prefix_end : prefix_end + 1] != "_":
        return None
    prefix = token[len(TOKEN_SCHEME) : prefix_end]
    api_token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if api_token is None or not hmac.compare_digest(api_token.token_hash, hash_token(token)):
        return None
    if not api_token.user.is_active:
        return None
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user
