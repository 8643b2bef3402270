"""The organisation services, called directly as the HTML forms and the importers call them."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.core.errors import DuplicateFound, ValidationFailed
from maillage.ecosystem import services
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import DomainFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_fast_hashing(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def admin(db: None) -> User:
    return UserFactory(email="root@example.org", is_superuser=True)


def test_create_organisation_normalises_and_derives(admin: User) -> None:
    DomainFactory(code="robotics")
    organisation = services.create_organisation(
        actor=admin,
        data={
            "name": "  Pôle Liège Robotique  ",
            "kind": "sme",
            "enterprise_number": "BE0403170701",
            "postcode": "4000",
            "domains": ["robotics"],
            "descriptions": {"fr": "Robots.", "en": "  "},
        },
    )
    organisation.refresh_from_db()
    assert organisation.name == "Pôle Liège Robotique"
    assert organisation.slug == "pole-liege-robotique"
    assert organisation.enterprise_number == "0403170701"
    assert organisation.province == "WLG"
    assert organisation.descriptions == {"fr": "Robots."}
    assert list(organisation.domains.values_list("code", flat=True)) == ["robotics"]
    assert organisation.search_text == "pole liege robotique robots"


def test_create_organisation_collects_every_error(admin: User) -> None:
    with pytest.raises(ValidationFailed) as failure:
        services.create_organisation(
            actor=admin,
            data={"kind": "spaceship", "enterprise_number": "0403.170.702", "extra": 1},
        )
    assert failure.value.errors == {
        "extra": ["Unknown field."],
        "kind": ["Unknown kind: spaceship."],
        "enterprise_number": ["The check digits of 0403.170.702 are wrong (expected 01)."],
        "name": ["This field is required."],
    }
    assert Organisation.objects.count() == 0


def test_create_organisation_refuses_owner_member_outsider(cast: Cast) -> None:
    for user in (cast.alice, cast.bob, cast.charlie, None):
        with pytest.raises(PermissionDenied):
            services.create_organisation(actor=user, data={"name": "X", "kind": "sme"})


def test_update_organisation_owner_member_outsider(cast: Cast) -> None:
    services.update_organisation(
        actor=cast.alice, organisation=cast.alice_org, data={"short_name": "AR"}
    )
    assert Organisation.objects.get(pk=cast.alice_org.pk).short_name == "AR"
    for user in (cast.bob, cast.charlie):
        with pytest.raises(PermissionDenied):
            services.update_organisation(
                actor=user, organisation=cast.alice_org, data={"short_name": "X"}
            )
    assert Organisation.objects.get(pk=cast.alice_org.pk).short_name == "AR"


def test_update_organisation_duplicate_enterprise_number(cast: Cast) -> None:
    Organisation.objects.filter(pk=cast.bob_org.pk).update(enterprise_number="0403170701")
    with pytest.raises(DuplicateFound) as failure:
        services.update_organisation(
            actor=cast.alice,
            organisation=cast.alice_org,
            data={"enterprise_number": "0403 170 701", "short_name": "Changed"},
        )
    assert failure.value.existing == cast.bob_org
    assert Organisation.objects.get(pk=cast.alice_org.pk).short_name == ""


def test_update_organisation_bad_domain_writes_nothing(cast: Cast) -> None:
    with pytest.raises(ValidationFailed) as failure:
        services.update_organisation(
            actor=cast.alice,
            organisation=cast.alice_org,
            data={"name": "Renamed", "domains": ["nope", "nada"]},
        )
    assert failure.value.errors == {"domains": ["Unknown domain: nope, nada."]}
    assert Organisation.objects.get(pk=cast.alice_org.pk).name == "Alice Robotics SRL"


def test_update_organisation_clusters_only_on_create(cast: Cast) -> None:
    with pytest.raises(ValidationFailed) as failure:
        services.update_organisation(
            actor=cast.alice, organisation=cast.alice_org, data={"clusters": []}
        )
    assert failure.value.errors == {"clusters": ["Unknown field."]}


def test_update_organisation_clears_enterprise_number(cast: Cast) -> None:
    services.update_organisation(
        actor=cast.alice, organisation=cast.alice_org, data={"enterprise_number": ""}
    )
    assert Organisation.objects.get(pk=cast.alice_org.pk).enterprise_number == ""


def test_create_organisation_lost_race_reads_as_duplicate(
    admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests check at once, both see no duplicate; the database constraint decides."""
    first = services.create_organisation(
        actor=admin, data={"name": "First SA", "kind": "sme", "enterprise_number": "0403170701"}
    )
    monkeypatch.setattr(services, "check_unique_enterprise_number", lambda *a, **k: None)
    with pytest.raises(DuplicateFound) as failure:
        services.create_organisation(
            actor=admin,
            data={"name": "Second SA", "kind": "sme", "enterprise_number": "0403170701"},
        )
    assert failure.value.existing == first
    assert list(Organisation.objects.values_list("name", flat=True)) == ["First SA"]
