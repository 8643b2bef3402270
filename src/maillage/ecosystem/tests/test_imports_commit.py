"""The all-or-nothing commit: what it writes, and that one bad row writes nothing at all."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from maillage.accounts.models import Affiliation, User
from maillage.conftest import Cast
from maillage.ecosystem.imports.committing import ImportRejectedError, commit_import
from maillage.ecosystem.models import Domain, ImportBatch, Membership, NaceCode, Organisation
from maillage.ecosystem.tests.factories import AffiliationFactory, DomainFactory, UserFactory
from maillage.ecosystem.tests.import_helpers import (
    be_number,
    cast,
    csv_bytes,
    english,
    fast_passwords,
    xlsx_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords", "english")]
__all__ = ["cast", "english", "fast_passwords"]


@pytest.fixture
def importer(cast: Cast) -> User:
    """A manager of both clusters: the importer's permission is checked by the commit too."""
    user = UserFactory(email="importer@example.org")
    for network in (cast.cluster, cast.other_cluster):
        AffiliationFactory(user=user, organisation=network, role=Affiliation.Role.MANAGER)
    return user


@pytest.fixture
def robotics(db: None) -> Domain:
    return DomainFactory(code="robotics", label_fr="Robotique", label_en="Robotics")


def snapshot() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        ImportBatch.objects.count(),
        Organisation.domains.through.objects.count(),
    )


def test_commit_refused_to_who_does_not_manage_the_network(cast: Cast) -> None:
    rows = [["name"], ["Nouvelle SA"]]
    before = snapshot()
    with pytest.raises(PermissionDenied, match=r"You do not manage this cluster or pole\."):
        commit_import(
            network=cast.cluster, data=csv_bytes(rows), file_name="m.csv", user=cast.alice
        )
    assert snapshot() == before


def test_imported_organisation_is_made_as_the_form_makes_one(cast: Cast, importer: User) -> None:
    """Slug from the short name, province from the postcode, search text: the services' rules."""
    rows = [
        ["name", "short_name", "postcode", "city"],
        ["Société Anonyme X", "SAX", "5000", "Namur"],
    ]
    commit_import(network=cast.cluster, data=csv_bytes(rows), file_name="m.csv", user=importer)
    created = Organisation.objects.get(short_name="SAX")
    assert (created.slug, created.province, created.kind) == ("sax", "WNA", "other")
    assert created.search_text == "societe anonyme x sax namur"


def test_commit_creates_updates_and_adds_memberships(
    cast: Cast, robotics: Domain, importer: User
) -> None:
    nace = NaceCode.objects.create(code="62.01", label_fr="Programmation", label_en="Programming")
    rows = [
        [
            "nom",
            "BCE",
            "type",
            "code postal",
            "ville",
            "domaines",
            "nace",
            "site web",
            "description_en",
            "rôle",
            "membre depuis",
        ],
        [
            "Liège Quantum SRL",
            "0403.170.701",
            "startup",
            "4000",
            "Liège",
            "Robotique",
            "62.01",
            "quantum.example",
            "Qubits.",
            "fondateur",
            "2020-05-01",
        ],
        [
            "Alice Robotics",
            be_number(1),
            "",
            "",
            "",
            "robotics",
            "",
            "https://alice.example",
            "",
            "",
            "",
        ],
        ["Bob Logistics", "", "", "", "", "", "", "", "", "", ""],
    ]
    batch = commit_import(
        network=cast.other_cluster,
        data=csv_bytes(rows, encoding="cp1252"),
        file_name="membres.csv",
        user=importer,
    )
    created = Organisation.objects.get(enterprise_number="0403170701")
    assert (created.name, created.slug, created.kind) == (
        "Liège Quantum SRL",
        "liege-quantum-srl",
        "startup",
    )
    assert (created.city, created.province, created.country) == ("Liège", "WLG", "BE")
    assert created.website == "https://quantum.example"
    assert created.descriptions == {"en": "Qubits."}
    assert created.search_text == "liege quantum srl liege qubits"
    assert list(created.domains.all()) == [robotics]
    assert list(created.nace_codes.all()) == [nace]
    link = Membership.objects.get(organisation=created, network=cast.other_cluster)
    assert (link.role, link.start_date) == ("founder", datetime.date(2020, 5, 1))

    cast.alice_org.refresh_from_db()
    assert cast.alice_org.name == "Alice Robotics SRL"  # filled data is never overwritten
    assert cast.alice_org.website == "https://alice.example"
    assert list(cast.alice_org.domains.all()) == [robotics]
    assert Membership.objects.filter(
        organisation=cast.alice_org, network=cast.other_cluster
    ).exists()
    assert Membership.objects.filter(organisation=cast.bob_org, network=cast.other_cluster).exists()

    assert batch.network == cast.other_cluster
    assert batch.imported_by == importer
    assert (batch.source, batch.file_name, batch.row_count) == ("web", "membres.csv", 3)
    assert (
        batch.created_count,
        batch.updated_count,
        batch.membership_count,
        batch.unchanged_count,
    ) == (1, 1, 1, 0)
    assert batch.created_ids == [created.pk]
    assert batch.updated_ids == [cast.alice_org.pk, cast.bob_org.pk]


def test_commit_one_bad_row_writes_nothing(cast: Cast, importer: User) -> None:
    before = snapshot()
    rows = [
        ["nom", "BCE"],
        ["Fine One", "0403.170.701"],
        ["Alice Robotics", ""],
        ["Broken", "0403.170.702"],
    ]
    with pytest.raises(ImportRejectedError) as rejected:
        commit_import(network=cast.cluster, data=csv_bytes(rows), file_name="m.csv", user=importer)
    assert rejected.value.preview.all_errors() == [
        "Row 4: enterprise_number: The check digits of 0403.170.702 are wrong (expected 01)."
    ]
    assert snapshot() == before


def test_commit_file_error_writes_nothing(cast: Cast) -> None:
    before = snapshot()
    with pytest.raises(ImportRejectedError) as rejected:
        commit_import(
            network=cast.cluster,
            data=csv_bytes([["nom", "colour"], ["A", "red"]]),
            file_name="m.csv",
            user=None,
        )
    assert rejected.value.preview.file_errors[0].startswith('Unknown columns: "colour".')
    assert snapshot() == before


def test_commit_database_failure_rolls_everything_back(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the organisations were created (here: the batch record) undoes them."""
    before = snapshot()

    def explode(**kwargs: object) -> None:
        raise IntegrityError("simulated")

    monkeypatch.setattr(ImportBatch.objects, "create", explode)
    with pytest.raises(ImportRejectedError) as rejected:
        commit_import(
            network=cast.cluster,
            data=csv_bytes([["nom"], ["New One"], ["New Two"]]),
            file_name="m.csv",
            user=None,
        )
    assert rejected.value.preview.file_errors == [
        "The directory changed while the file was being imported; nothing was written. Try again."
    ]
    assert snapshot() == before


def test_commit_dedup_on_number_then_name(cast: Cast) -> None:
    rows = [
        ["nom", "BCE", "ville"],
        # Matches Alice's organisation by number although the name is different.
        ["Totally Different Name", be_number(1), ""],
        # Matches Bob's organisation by its name without the legal form, and fills the number.
        ["bob logistics s.a.", be_number(2), ""],
        # A same-name organisation with another number would be someone else: Alice's has one.
        ["Alice Robotics SRL", be_number(3), "Mons"],
    ]
    before = Organisation.objects.count()
    batch = commit_import(
        network=cast.other_cluster, data=csv_bytes(rows), file_name="m.csv", user=None
    )
    assert Organisation.objects.count() == before + 1
    cast.bob_org.refresh_from_db()
    assert cast.bob_org.enterprise_number == be_number(2).replace(".", "")
    assert batch.updated_ids == [cast.alice_org.pk, cast.bob_org.pk]
    twin = Organisation.objects.get(pk=batch.created_ids[0])
    assert (twin.name, twin.slug, twin.city) == (
        "Alice Robotics SRL",
        "alice-robotics-srl-2",
        "Mons",
    )


def test_commit_again_is_unchanged(cast: Cast) -> None:
    data = csv_bytes([["nom", "ville"], ["Gamma SA", "Namur"]])
    commit_import(network=cast.cluster, data=data, file_name="m.csv", user=None)
    before = snapshot()
    batch = commit_import(network=cast.cluster, data=data, file_name="m.csv", user=None)
    assert (batch.created_count, batch.unchanged_count, batch.updated_ids) == (0, 1, [])
    assert snapshot()[:2] == before[:2]


def test_commit_xlsx_file(cast: Cast) -> None:
    data = xlsx_bytes([["Nom", "BCE", "Code postal"], ["Delta SRL", 403170701, 5000]])
    batch = commit_import(network=cast.cluster, data=data, file_name="m.xlsx", user=None)
    delta = Organisation.objects.get(pk=batch.created_ids[0])
    assert (delta.enterprise_number, delta.postcode, delta.province) == (
        "0403170701",
        "5000",
        "WNA",
    )
