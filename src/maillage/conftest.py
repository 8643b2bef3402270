"""Fixtures shared by every app's tests.

The three standing users (Healthchecks' style) for permission tests:
- ``alice`` owns: she represents ``alice_org``, a member of ``cluster``;
- ``bob`` is a member: he belongs to ``bob_org``, another member of the same ``cluster``;
- ``charlie`` is an outsider: he represents ``charlie_org``, in ``other_cluster`` only.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from maillage.accounts.models import Affiliation, User
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    valid_enterprise_number,
)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts in the default language: a request through the test client leaves the
    language it negotiated active in the thread (LocaleMiddleware never deactivates it), which
    made a test's French assertions depend on whether the test before it asked in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def plain_static_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The live server starts once per session, before function-scoped ``settings`` overrides:
    give it static files without a prior ``collectstatic`` (no manifest, an existing root)."""
    override = override_settings(
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def live_server(plain_static_files: None, live_server: Any) -> Any:
    """pytest-django's live server, started only once ``plain_static_files`` is in place,
    whatever order a test names its fixtures in (else WhiteNoise warns about a missing
    ``var/static`` on a fresh clone, and warnings are errors)."""
    return live_server


@pytest.fixture
def english() -> Iterator[None]:
    """Direct service calls speak English, so their messages can be asserted exactly.

    Requests through the test client still negotiate their language (French by default).
    """
    with translation.override("en"):
        yield


@dataclass
class Cast:
    alice: User
    bob: User
    charlie: User
    cluster: Organisation
    other_cluster: Organisation
    alice_org: Organisation
    bob_org: Organisation
    charlie_org: Organisation


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Path) -> None:
    """Pages render without a prior ``collectstatic`` (no manifest, no missing-root warning);
    a fast password hasher keeps the standing users cheap to create; uploaded files (logos)
    go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test its own empty cache: the shared file cache outlives test databases whose ids
    # start again at 1.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def cast(db: None) -> Cast:
    cluster = NetworkFactory(name="Cluster Alpha", short_name="Alpha")
    other_cluster = NetworkFactory(name="Cluster Omega", short_name="Omega")
    alice_org = OrganisationFactory(
        name="Alice Robotics SRL", enterprise_number=valid_enterprise_number(1).replace(".", "")
    )
    bob_org = OrganisationFactory(name="Bob Logistics SA")
    charlie_org = OrganisationFactory(name="Charlie Consulting SPRL")
    MembershipFactory(organisation=alice_org, network=cluster)
    MembershipFactory(organisation=bob_org, network=cluster)
    MembershipFactory(organisation=charlie_org, network=other_cluster)
    alice = UserFactory(email="alice@example.org", full_name="Alice")
    bob = UserFactory(email="bob@example.org", full_name="Bob")
    charlie = UserFactory(email="charlie@example.org", full_name="Charlie")
    AffiliationFactory(user=alice, organisation=alice_org, role=Affiliation.Role.REPRESENTATIVE)
    AffiliationFactory(user=bob, organisation=bob_org, role=Affiliation.Role.MEMBER)
    AffiliationFactory(user=charlie, organisation=charlie_org, role=Affiliation.Role.REPRESENTATIVE)
    return Cast(alice, bob, charlie, cluster, other_cluster, alice_org, bob_org, charlie_org)


@pytest.fixture
def manager(cast: Cast) -> User:
    """Manager of ``cast.cluster``."""
    user = UserFactory(email="manager@example.org", full_name="Manon Manager")
    AffiliationFactory(user=user, organisation=cast.cluster, role=Affiliation.Role.MANAGER)
    return user
