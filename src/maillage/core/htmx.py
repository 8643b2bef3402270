"""Telling htmx's partial requests from whole-page loads."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_partial_request(request: HttpRequest) -> bool:
    """True for an htmx request that wants a fragment.

    A history-restore request (the user went back and htmx lost its cached page) wants the
    whole page, like a plain load.
    """
    htmx = getattr(request, "htmx", None)  # set by django_htmx's middleware
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def render_page_or_partial(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only its ``partial`` for htmx; caches keep the two apart."""
    name = f"{template}#{partial}" if is_partial_request(request) else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
