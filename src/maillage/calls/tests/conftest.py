import pytest

from maillage.calls.models import Call
from maillage.calls.tests.factories import CallFactory
from maillage.conftest import Cast

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def relayed_call(cast: Cast) -> Call:
    """An open call relayed by ``cast.cluster`` (managed by the ``manager`` fixture)."""
    return CallFactory(
        reference="GEM-2027-01",
        slug="gem-2027-01",
        title="Green manufacturing for SMEs",
        relayed_by=cast.cluster,
        source=Call.Source.CLUSTER,
    )


@pytest.fixture
def tasks_run_at_once(settings: object) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]
