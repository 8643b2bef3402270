"""The API under schemathesis: generated requests to every operation, anonymous and with a
bearer token, on the test database; no answer may be a server error or break the schema.

Examples are bounded (``FUZZ_EXAMPLES`` per operation and caller) so CI stays fast; the data is
the usual cast plus an event its cluster organises, with a B2B session and alice registered, so
that paths naming real slugs are reached too. (Schemathesis's own pytest plugin does not run on
this pytest; hypothesis drives its strategies directly.)
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from maillage.api.main import api
from maillage.api.services import create_api_token
from maillage.conftest import Cast
from maillage.events.tests.factories import B2BSessionFactory, EventFactory, RegistrationFactory

FUZZ_EXAMPLES = 12
# Every other check runs: no server error, only documented statuses and content types, every
# answer as its schema says. Left out: "a schema-valid request is accepted", since values that
# only the database knows (slugs, sector codes, province codes) cannot all be enumerated in the
# schema, and a 404 or 422 problem answer to an unknown one is the documented contract.
#: Every operation of the schema, as schemathesis labels them ("GET /api/v1/domains").
LABELS = sorted(
    f"{method.upper()} {path}"
    for path, item in api.get_openapi_schema().get("paths", {}).items()
    for method in item
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Django closes stale connections when a request starts and ends, which would close the
    test's own (its transaction holds the data) on PostgreSQL; its test client detaches that
    signal the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(cast: Cast) -> Cast:
    event = EventFactory(slug="fuzz-event")
    event.organisers.set([cast.cluster])
    B2BSessionFactory(event=event)
    RegistrationFactory(event=event, user=cast.alice, organisation=cast.alice_org)
    return cast


def _fuzz(label: str, headers: dict[str, str]) -> None:
    # Loaded here, after the test settings are in place (static files, caches).
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operation = next(
        result.ok() for result in schema.get_all_operations() if result.ok().label == label
    )

    @given(case=operation.as_strategy())
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    run()


@pytest.mark.parametrize("label", LABELS)
def test_api_anonymous(world: Cast, label: str) -> None:
    _fuzz(label, {})


@pytest.mark.parametrize("label", LABELS)
def test_api_with_a_token(world: Cast, label: str) -> None:
    token = create_api_token(user=world.alice, name="fuzz")[1]
    _fuzz(label, {"Authorization": f"Bearer {token}"})
