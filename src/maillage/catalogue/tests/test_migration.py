"""The initiatives' old label list moves into the catalogue's labels, entries and grants."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalogue", "0001_initial"), ("ecosystem", "0004_importjob")]
AFTER = [
    ("catalogue", "0002_initiative_labels"),
    ("ecosystem", "0005_initiative_labels_to_catalogue"),
]


@pytest.mark.django_db(transaction=True)
def test_initiative_labels_become_granted_labels() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation = old.get_model("ecosystem", "Organisation")
    Initiative = old.get_model("ecosystem", "Initiative")
    agency = Organisation.objects.create(name="Agence du Numérique", slug="adn", kind="public_body")
    Initiative.objects.create(
        name="WalHub", labels=["European Digital Innovation Hub", "Digital Wallonia"]
    )
    Initiative.objects.create(name="W.IN.G", organisation=agency, labels=["Digital Wallonia"])
    Initiative.objects.create(name="Made Different", labels=[])
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Entry = new.get_model("catalogue", "Entry")
    Label = new.get_model("catalogue", "Label")
    LabelApplication = new.get_model("catalogue", "LabelApplication")
    try:
        assert sorted(Label.objects.values_list("name", flat=True)) == [
            "Digital Wallonia",
            "European Digital Innovation Hub",
        ]
        assert sorted(Entry.objects.values_list("name", flat=True)) == ["W.IN.G", "WalHub"]
        wing = Entry.objects.get(name="W.IN.G")
        assert wing.organisation_id == agency.pk
        grants = LabelApplication.objects.filter(status="approved")
        assert grants.count() == 3
        assert all(grant.valid_from is not None and grant.valid_until is None for grant in grants)
        assert not any(
            f.name == "labels" for f in new.get_model("ecosystem", "Initiative")._meta.get_fields()
        )
    finally:
        MigrationExecutor(connection).migrate(latest)
