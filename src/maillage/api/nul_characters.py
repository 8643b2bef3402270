"""Text holding a NUL character (U+0000) is refused at the door, on every page and API call.

No valid input holds one, and PostgreSQL cannot store or even compare it: psycopg refuses such a
parameter, so a NUL reaching any lookup was a server error (the API fuzzing drew them in slugs,
searches and bodies). Django's form fields already refuse it, with the message used here; the
API's schemas, query strings read by views and JSON bodies did not. Uploaded files are binary
and left alone.

The API answers 422 with a problem naming every such field; a page answers 400 in one sentence.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from maillage.api.errors import problem

NUL = "\x00"
API_PREFIX = "/api/"


class RefuseNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = sorted(set(fields_with_nul(request)))
        if not fields:
            return self.get_response(request)
        message = str(ProhibitNullCharactersValidator.message)
        if request.path.startswith(API_PREFIX):
            errors = {field: [message] for field in fields}
            return problem(request, 422, message, code="validation_failed", errors=errors)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def fields_with_nul(request: HttpRequest) -> Iterator[str]:
    """Where the request holds a NUL: "path", parameter names, or the JSON body's keys."""
    if NUL in request.path:
        yield "path"
    for name, value in _parameters(request):
        if NUL in name or NUL in value:
            yield name.replace(NUL, "")
    if request.content_type == "application/json":
        body = request.body
        # The cheap test first: in JSON text a NUL is either raw or escaped as \u0000.
        if b"\x00" in body or b"\\u0000" in body:
            try:
                data = json.loads(body)
            except ValueError:
                return  # not JSON: the API says so in its own words
            yield from _json_fields_with_nul(data, "body")


def _parameters(request: HttpRequest) -> Iterator[tuple[str, str]]:
    for name, values in request.GET.lists():
        yield from ((name, value) for value in values)
    # Form fields (files are in request.FILES, not here).
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, values in request.POST.lists():
            yield from ((name, value) for value in values)


def _json_fields_with_nul(data: Any, where: str) -> Iterator[str]:
    if isinstance(data, str) and NUL in data:
        yield where
    elif isinstance(data, dict):
        for key, value in data.items():
            if NUL in key:
                yield where
            else:
                yield from _json_fields_with_nul(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _json_fields_with_nul(item, where)
