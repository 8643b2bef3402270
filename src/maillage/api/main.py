"""The API object: authentication, error handlers, routers, OpenAPI tweaks."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.types import DictStrAny

from maillage.api.auth import API_AUTH
from maillage.api.errors import (
    MAX_BODY_BYTES,
    PROBLEM_CONTENT_TYPE,
    BodyTooLargeError,
    install_handlers,
)
from maillage.api.routers import (
    calls,
    catalogue,
    clusters,
    domains,
    events,
    events_pitches,
    events_registrations,
    events_requests,
    events_schedule,
    impact,
    listings,
    maturity,
    organisations,
)

DESCRIPTION = """
The Maillage directory: organisations, clusters and poles, domains, events, and their B2B
meetings: registrations, requests, scheduling jobs and agendas.

**Authentication.** Reads are open: anonymous callers see public data only (contacts who
consented to be public). Writes need a user: either the browser session (with the
`X-CSRFToken` header) or, for scripts, `Authorization: Bearer <token>` with a token from
`maillage create_api_token EMAIL`. An anonymous write gets 401.

**Errors** are `application/problem+json` (RFC 9457) with a stable `code`; validation failures
(422) carry `errors`, field -> messages. Unknown fields in a body are refused (422, "Unknown
field."); unknown query parameters are ignored. Bodies over 256 KiB get 413; malformed JSON 400;
a duplicate enterprise number, or a scheduling run while another is in progress, 409. A write
is checked in this order: who you are (401), whether you may (403, before the body is read),
what you sent (400, 413, 422), then conflicts (409).

**Lists** take `limit` (1-500, default 50) and `offset`, and answer `count` and `items`.
"""


class JsonParser(Parser):
    """ninja's parser with a size limit; parse errors are reported by ``errors``."""

    def parse_body(self, request: Any) -> DictStrAny:
        if len(request.body) > MAX_BODY_BYTES:
            raise BodyTooLargeError()
        return super().parse_body(request)


def _merged_statuses(responses: dict[Any, Any]) -> dict[str, Any]:
    """One entry per status code. ninja keys its own responses by int and ``openapi_extra`` by
    str; both serialise to the same JSON key, and a duplicated key breaks the docs page."""
    merged: dict[str, Any] = {}
    for status, response in responses.items():
        merged.setdefault(str(status), {}).update(response)
    return merged


class MaillageAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """Declare error bodies as problem+json, and reads as open to anonymous callers."""
        schema = super().get_openapi_schema(**kwargs)
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                if "responses" in operation:
                    operation["responses"] = _merged_statuses(operation["responses"])
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                if method == "get" and "security" in operation:
                    operation["security"].append({})
        return schema


api = MaillageAPI(
    title="Maillage API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    parser=JsonParser(),
)
install_handlers(api)
api.add_router("/organisations", organisations.router)
api.add_router("/clusters", clusters.router)
api.add_router("/domains", domains.router)
api.add_router("/events", events.router)
# Event sub-resources (registrations, suggestions, meeting requests, scheduling) share the
# prefix.
api.add_router("/events", events_registrations.router)
api.add_router("/events", events_requests.router)
api.add_router("/events", events_schedule.router)
api.add_router("/events", events_pitches.router)
api.add_router("/maturity", maturity.router)
api.add_router("/catalogue", catalogue.router)
api.add_router("/listings", listings.router)
api.add_router("/impact", impact.router)
api.add_router("/calls", calls.router)
