"""A brake on guessing: attempts counted per account and per address in the shared cache.

Every path where someone could try secrets or create accounts in bulk (login, the admin's login,
password reset, registration with sign-up, API bearer tokens) asks ``check`` before it acts and
``hit`` after a failed (or, for paths that send mail or create accounts, any) attempt. Counts
live in Django's cache, so all web processes share them when the cache is shared (files in the
data folder on one host, Redis on several).

Windows are fixed buckets, but a check adds the previous bucket's count, so ``limit`` attempts
can never be made within one window, even straddling a bucket boundary: after ``limit`` wrong
passwords the account stays locked until its counts age out (one to two windows).
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` counted attempts per key within ``window`` seconds."""

    scope: str
    limit: int
    window: int


#: Wrong passwords for one e-mail address (login and admin login).
LOGIN_ACCOUNT = Rule("login-account", 10, 15 * 60)
#: Wrong passwords from one address, whatever the account (an office behind one NAT logs in
#: many people, so this is wider).
LOGIN_ADDRESS = Rule("login-address", 50, 15 * 60)
#: Reset e-mails asked for one address (each sends mail) and from one client address.
PASSWORD_RESET_ACCOUNT = Rule("reset-account", 3, 60 * 60)
PASSWORD_RESET_ADDRESS = Rule("reset-address", 20, 60 * 60)
#: Public forms that create an account (event registration with sign-up), per client address.
SIGNUP_ADDRESS = Rule("signup-address", 20, 60 * 60)
#: Unknown or revoked bearer tokens presented from one client address.
TOKEN_ADDRESS = Rule("token-address", 30, 15 * 60)


class ThrottledError(Exception):
    """Too many attempts; ``retry_after`` seconds until the next one is accepted."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(int(retry_after), 1)
        super().__init__(f"too many attempts; retry after {self.retry_after} s")


def client_address(request: HttpRequest) -> str:
    """The caller's IP address: ``REMOTE_ADDR``, or behind ``MAILLAGE_PROXY_HOPS`` reverse
    proxies the entry they appended to ``X-Forwarded-For`` (entries further left are the
    client's word, which anyone can forge)."""
    hops: int = settings.MAILLAGE_PROXY_HOPS
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= hops:
            return str(entries[-hops])
    return str(request.META.get("REMOTE_ADDR", ""))


def _bucket_key(rule: Rule, key: str, bucket: int) -> str:
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{rule.scope}:{bucket}:{digest}"


def _counts(rule: Rule, key: str) -> tuple[int, int, float]:
    now = time.time()
    bucket = int(now // rule.window)
    values = cache.get_many([_bucket_key(rule, key, bucket - 1), _bucket_key(rule, key, bucket)])
    previous = int(values.get(_bucket_key(rule, key, bucket - 1), 0))
    current = int(values.get(_bucket_key(rule, key, bucket), 0))
    end_of_bucket = (bucket + 1) * rule.window - now
    return previous, current, end_of_bucket


def check(rule: Rule, key: str) -> None:
    """Raise ``ThrottledError`` when ``key`` has used up ``rule``; an empty key never is."""
    if not key:
        return
    previous, current, end_of_bucket = _counts(rule, key)
    if previous + current < rule.limit:
        return
    # Next bucket, the current count becomes "previous": still blocked if it alone is too many.
    retry_after = end_of_bucket + (rule.window if current >= rule.limit else 0)
    raise ThrottledError(int(retry_after) + 1)


def hit(rule: Rule, key: str) -> None:
    """Count one attempt for ``key``."""
    if not key:
        return
    bucket = int(time.time() // rule.window)
    cache_key = _bucket_key(rule, key, bucket)
    # Kept two windows: the next bucket still reads it as "previous".
    cache.add(cache_key, 0, timeout=2 * rule.window + 1)
    try:
        cache.incr(cache_key)
    except ValueError:  # expired between add and incr: start again
        cache.set(cache_key, 1, timeout=2 * rule.window + 1)


def clear(rule: Rule, key: str) -> None:
    """Forget ``key``'s attempts (a successful login clears its account's count)."""
    bucket = int(time.time() // rule.window)
    cache.delete_many([_bucket_key(rule, key, bucket - 1), _bucket_key(rule, key, bucket)])


def too_many_attempts_message(error: ThrottledError) -> str:
    minutes = max(1, -(-error.retry_after // 60))
    return ngettext(
        "Too many attempts. For your security, try again in %(minutes)d minute.",
        "Too many attempts. For your security, try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def throttled_page(request: HttpRequest, error: ThrottledError) -> HttpResponse:
    """429 with the reason, for pages (the API answers its own problem body)."""
    response = render(
        request,
        "accounts/throttled.html",
        {"message": too_many_attempts_message(error)},
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


type View = Callable[..., HttpResponse]


def throttle_posts(rule: Rule, *, anonymous_only: bool = False) -> Callable[[View], View]:
    """Decorate a view so every POST counts against ``rule`` for the client's address, and
    POSTs beyond the limit get the 429 page (with ``anonymous_only``, logged-in users pass)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            counted = request.method == "POST" and not (
                anonymous_only and request.user.is_authenticated
            )
            if counted:
                address = client_address(request)
                try:
                    check(rule, address)
                except ThrottledError as error:
                    return throttled_page(request, error)
                hit(rule, address)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
