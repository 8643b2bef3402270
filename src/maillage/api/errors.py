"""Every error the API returns is ``application/problem+json`` (RFC 9457).

Members: ``type`` (``about:blank``: the status says it all), ``title`` (the HTTP status phrase),
``status``, ``detail`` (what went wrong, for a person), ``instance`` (the request path), and as
extensions ``code`` (stable, for programs) and, for validation, ``errors``: field -> messages.
"""

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from maillage.accounts.throttling import ThrottledError, too_many_attempts_message
from maillage.core.errors import NON_FIELD, DuplicateFound, ValidationFailed
from maillage.ecosystem.models import Organisation

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
#: Largest JSON body the API parses, in bytes (an organisation with long descriptions in four
#: languages is well under it).
MAX_BODY_BYTES = 256 * 1024


class BodyTooLargeError(ValueError):
    """The JSON body exceeds ``MAX_BODY_BYTES``."""


class InvalidTokenError(AuthenticationError):
    """A bearer token was sent but is unknown, malformed or revoked."""


class CsrfFailedError(HttpError):
    """A session-authenticated write without a valid CSRF token (e.g. a cross-site form)."""

    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


def problem(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    code: str,
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, object] | None = None,
) -> HttpResponse:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
        "code": code,
    }
    if errors is not None:
        body["errors"] = dict(errors)
    body.update(extensions or {})
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Pydantic's messages for the commonest mistakes, in the words the services use.
_PYDANTIC_MESSAGES: dict[str, Callable[[], str]] = {
    "missing": lambda: _("This field is required."),
    "extra_forbidden": lambda: _("Unknown field."),
    "string_type": lambda: _("This field must be text."),
    "list_type": lambda: _("This field must be a list."),
    "dict_type": lambda: _("This field must be an object."),
}
#: Where ninja puts request parts in a location, and the name of every body parameter.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})
BODY_PARAM = "payload"


def _field_name(loc: Iterable[object]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] == "query":
        # Query parameters are flat: a repeated one's error names it, not the schema holding
        # it nor the repetition's index (``filters.kind.0`` -> ``kind``).
        names = [part for part in parts[1:] if not part.isdigit()]
        return names[-1] if names else NON_FIELD
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] == BODY_PARAM:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """ninja/pydantic error list -> field -> messages."""
    result: dict[str, list[str]] = {}
    for error in errors:
        name = _field_name(error.get("loc", ()))
        if name == NON_FIELD and error.get("type") in {"missing", "model_attributes_type"}:
            message = _("The request body must be a JSON object.")
        else:
            known = _PYDANTIC_MESSAGES.get(str(error.get("type")))
            message = known() if known else str(error.get("msg", ""))
        result.setdefault(name, []).append(message)
    return result


def _on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem(
        request,
        422,
        _("The request has invalid values; see errors."),
        code="validation_failed",
        errors=validation_errors(exc.errors),
    )


def _on_validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return problem(
        request,
        422,
        _("The request has invalid values; see errors."),
        code="validation_failed",
        errors=exc.errors,
    )


def _on_duplicate(request: HttpRequest, exc: DuplicateFound) -> HttpResponse:
    extensions: dict[str, object] = {}
    if isinstance(exc.existing, Organisation):
        extensions["existing"] = {"id": exc.existing.pk, "slug": exc.existing.slug}
    return problem(
        request,
        409,
        exc.text,
        code="duplicate",
        errors=exc.errors,
        extensions=extensions,
    )


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, BodyTooLargeError):
        return _too_large(request)
    if isinstance(cause, ValueError):  # json.JSONDecodeError and UnicodeDecodeError
        return problem(
            request,
            400,
            _("The request body is not valid JSON: %(error)s.") % {"error": cause},
            code="malformed_json",
        )
    if isinstance(exc, CsrfFailedError):
        return problem(
            request,
            403,
            _(
                "CSRF check failed: a session-authenticated write needs the X-CSRFToken header "
                "(scripts should use a bearer token)."
            ),
            code="csrf_failed",
        )
    if isinstance(exc, InvalidTokenError):
        return problem(
            request,
            401,
            _("The bearer token is unknown, malformed or revoked."),
            code="invalid_token",
            headers={"WWW-Authenticate": 'Bearer realm="maillage", error="invalid_token"'},
        )
    if isinstance(exc, AuthenticationError):
        return problem(
            request,
            401,
            _("Authentication required: log in, or send 'Authorization: Bearer <token>'."),
            code="authentication_required",
            headers={"WWW-Authenticate": 'Bearer realm="maillage"'},
        )
    return problem(request, exc.status_code, str(exc), code=f"http_{exc.status_code}")


def _too_large(request: HttpRequest) -> HttpResponse:
    return problem(
        request,
        413,
        _("The request body is larger than %(n)d bytes.") % {"n": MAX_BODY_BYTES},
        code="body_too_large",
    )


def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found(request, str(exc) or None)


def not_found(request: HttpRequest, detail: str | None = None) -> HttpResponse:
    return problem(request, 404, detail or _("Nothing exists at this address."), code="not_found")


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(
        request,
        403,
        str(exc) or _("You may not do this."),
        code="forbidden",
    )


def _on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _too_large(request)


def _on_throttled(request: HttpRequest, exc: ThrottledError) -> HttpResponse:
    return problem(
        request,
        429,
        too_many_attempts_message(exc),
        code="too_many_attempts",
        headers={"Retry-After": str(exc.retry_after)},
    )


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
    return problem(request, 500, _("An unexpected error occurred."), code="server_error")


def install_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (plain JSON, HTML for some) with problem responses."""
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (NinjaValidationError, _on_ninja_validation),
        (DuplicateFound, _on_duplicate),
        (ValidationFailed, _on_validation_failed),
        (HttpError, _on_http_error),
        (Http404, _on_not_found),
        (PermissionDenied, _on_permission_denied),
        (RequestDataTooBig, _on_too_big),
        (ThrottledError, _on_throttled),
        (Exception, _on_unexpected),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)


def problem_fallback(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a view so that errors it answers without a problem body (ninja's 405) get one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method == "HEAD":
            return _head(view, request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if response.status_code < 400 or response.get("Content-Type") == PROBLEM_CONTENT_TYPE:
            return response
        if response.status_code == 405:
            allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",")))
            return problem(
                request,
                405,
                _("Method %(method)s is not allowed here; allowed: %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                code="method_not_allowed",
                headers={"Allow": allowed},
            )
        return problem(
            request,
            response.status_code,
            HTTPStatus(response.status_code).phrase,
            code=f"http_{response.status_code}",
        )

    return wrapped


def _head(
    view: Callable[..., HttpResponse], request: HttpRequest, *args: object, **kwargs: object
) -> HttpResponse:
    """HEAD is GET without the body (ninja routes GET only)."""
    request.method = "GET"
    try:
        response = problem_fallback(view)(request, *args, **kwargs)
    finally:
        request.method = "HEAD"
    response["Content-Length"] = str(len(response.content))
    response.content = b""
    return response
