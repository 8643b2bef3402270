"""Telling htmx's partial requests from whole-page loads."""

from django.http import HttpRequest


def is_partial_request(request: HttpRequest) -> bool:
    """True for an htmx request that wants a fragment.

    A history-restore request (the user went back and htmx lost its cached page) wants the
    whole page, like a plain load.
    """
    htmx = getattr(request, "htmx", None)  # set by django_htmx's middleware
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
