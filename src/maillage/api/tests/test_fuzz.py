"""The API under schemathesis: generated requests to every operation, anonymous and with a
bearer token, on the test database; no answer may be a server error or break the schema.

Examples are bounded (``FUZZ_EXAMPLES`` per operation and caller) so CI stays fast; the data is
the usual cast plus an event its cluster organises, with a B2B session and alice registered, so
that paths naming real slugs are reached too. (Schemathesis's own pytest plugin does not run on
this pytest; hypothesis drives its strategies directly.)
"""

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from maillage.api.main import api
from maillage.api.services import create_api_token
from maillage.conftest import Cast
from maillage.events.tests.factories import B2BSessionFactory, EventFactory, RegistrationFactory

FUZZ_EXAMPLES = 12
#: Every operation of the schema, as schemathesis labels them ("GET /api/v1/domains").
LABELS = sorted(
    f"{method.upper()} {path}"
    for path, item in api.get_openapi_schema().get("paths", {}).items()
    for method in item
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


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
        case.call_and_validate(headers=headers)

    run()


@pytest.mark.parametrize("label", LABELS)
def test_api_anonymous(world: Cast, label: str) -> None:
    _fuzz(label, {})


@pytest.mark.parametrize("label", LABELS)
def test_api_with_a_token(world: Cast, label: str) -> None:
    token = create_api_token(user=world.alice, name="fuzz")[1]
    _fuzz(label, {"Authorization": f"Bearer {token}"})
