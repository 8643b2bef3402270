"""Who is calling: a bearer token (scripts), else the session (the browser), else anonymous.

Anonymous callers may read (they see public data only); an anonymous write is refused with 401
before its body is read. Session writes must carry Django's CSRF token; bearer tokens need
none, since a browser never adds that header by itself to a cross-site request.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from maillage.accounts import throttling
from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.api.errors import CsrfFailedError, InvalidTokenError
from maillage.api.services import user_for_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


#: Raises (``PermissionDenied``, ``Http404``) when the user may not make this request.
type Permission = Callable[[HttpRequest, User], None]


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; a token that does not check out is a 401, not a
    silent fall-back to anonymous.

    With ``permission``, the user's right to the request is checked here, before the body is
    read: a caller without it gets 403 whatever they sent.
    """

    def __init__(self, permission: Permission | None = None) -> None:
        self.permission = permission
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> User:
        # Guessing tokens is throttled per client address (429 once the allowance is spent,
        # even for a right token, so the answer tells a guesser nothing).
        address = throttling.client_address(request)
        throttling.check(throttling.TOKEN_ADDRESS, address)
        user = user_for_token(token.strip())
        if user is None:
            throttling.hit(throttling.TOKEN_ADDRESS, address)
            raise InvalidTokenError()
        if self.permission is not None:
            self.permission(request, user)
        return user


class SessionAuth(AuthBase):
    """The logged-in browser session, with Django's CSRF check on writes."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = settings.SESSION_COOKIE_NAME
    #: Read by ninja's docs page, which then sends the CSRF token with "Try it out" writes.
    csrf = True

    def __init__(self, permission: Permission | None = None) -> None:
        self.permission = permission
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfFailedError()
        if self.permission is not None:
            self.permission(request, user)
        return user


def anonymous_reader(request: HttpRequest) -> AnonymousUser | None:
    """Lets anonymous callers read; for a write it declines, and ninja answers 401."""
    return AnonymousUser() if request.method in SAFE_METHODS else None


API_AUTH: list[Callable[[HttpRequest], Any]] = [TokenAuth(), SessionAuth(), anonymous_reader]


def authorised(permission: Permission) -> list[Callable[[HttpRequest], Any]]:
    """Authentication for a write that ``permission`` guards (no anonymous access)."""
    return [TokenAuth(permission), SessionAuth(permission)]


def actor(request: HttpRequest) -> AnyUser:
    """The user an API request acts as (set by the authentication above)."""
    user = getattr(request, "auth", None)
    return user if isinstance(user, User | AnonymousUser) else None
