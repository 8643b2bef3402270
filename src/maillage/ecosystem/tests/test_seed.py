"""The seed data: the facts of the public seeds, loaded idempotently."""

import pytest

from maillage.ecosystem.models import (
    Domain,
    Initiative,
    Organisation,
    Project,
    ProjectPartner,
)
from maillage.ecosystem.seed import load_seed_data, network_slugs
from maillage.ecosystem.text import fold
from maillage.events.models import Event

pytestmark = pytest.mark.django_db

EDITIONS = {
    "ICT meets BioWin": 74,
    "ICT meets MecaTech": 67,
    "ICT meets Skywin": 70,
    "ICT meets Logistics in Wallonia": 190,
    "ICT meets Tweed": 80,
    "ICT meets Eco-Construction & CAP 2020": 86,
    "ICT meets Wagralim": 63,
    "ICT meets Plastiwin": 76,
    "ICT meets TWIST & NUMEDIART": 58,
}


def test_load_seed_data_creates_the_six_poles() -> None:
    load_seed_data()

    poles = Organisation.objects.filter(kind=Organisation.Kind.POLE)

    assert sorted(poles.values_list("name", flat=True)) == [
        "BioWin",
        "Greenwin",
        "Logistics in Wallonia",
        "MecaTech",
        "Skywin",
        "Wagralim",
    ]


def test_load_seed_data_creates_the_clusters_of_seed_004() -> None:
    load_seed_data()

    clusters = Organisation.objects.filter(kind=Organisation.Kind.CLUSTER)

    assert sorted(clusters.values_list("short_name", flat=True)) == [
        "CAP 2020",
        "Eco-Construction",
        "InfoPôle",
        "Plastiwin",
        "TWIST",
        "Tweed",
    ]


def test_load_seed_data_creates_nine_ict_meets_editions_with_their_counts() -> None:
    load_seed_data()

    editions = dict(
        Event.objects.filter(name__startswith="ICT meets").values_list("name", "participant_count")
    )

    assert editions == EDITIONS
    assert sum(editions.values()) == 764
    assert set(Event.objects.values_list("year", flat=True)) == {None}


def test_load_seed_data_sets_the_organisers_of_an_edition() -> None:
    load_seed_data()

    event = Event.objects.get(slug="ict-meets-twist-numediart")

    assert sorted(event.organisers.values_list("slug", flat=True)) == [
        "infopole-cluster-tic",
        "numediart",
        "twist",
    ]


def test_load_seed_data_makes_mecatech_findable_by_folded_text() -> None:
    load_seed_data()

    found = Organisation.objects.filter(search_text__contains=fold("MÉCATECH"))

    assert list(found.values_list("slug", flat=True)) == ["mecatech"]


def test_load_seed_data_creates_gemstone_with_its_partners() -> None:
    load_seed_data()

    project = Project.objects.get(acronym="GEMSTONE")
    partners = {
        (partner.organisation.slug if partner.organisation else partner.name, partner.country)
        for partner in project.partners.select_related("organisation")
    }

    assert project.kind == Project.Kind.EUROPEAN
    assert project.programme == "Eurocluster"
    assert partners == {
        ("Pôle CIMES", "FR"),
        ("Clust-ER MECH", "IT"),
        ("Metal Processing Cluster", "PL"),
        ("Green Tech Latvia", "LV"),
        ("POOL-Net", "PT"),
        ("mecatech", ""),
    }
    assert project.partners.get(role=ProjectPartner.Role.COORDINATOR).name == "Pôle CIMES"


def test_load_seed_data_creates_the_innogo_pitches_of_their_hautes_ecoles() -> None:
    load_seed_data()

    pitches = Project.objects.filter(kind=Project.Kind.PITCH)
    vr_diagnostix = ProjectPartner.objects.filter(project__acronym="VR Diagnostix")

    assert pitches.count() == 11
    assert sorted(vr_diagnostix.values_list("organisation__short_name", flat=True)) == [
        "HELMo",
        "HEPL",
    ]
    assert ProjectPartner.objects.get(project__acronym="VR SPARX").people == "Stéphane Grade"


def test_load_seed_data_gives_every_domain_french_and_english_labels() -> None:
    load_seed_data()

    axes = Domain.objects.filter(parent=None)

    assert axes.count() == 5
    assert not Domain.objects.filter(label_fr="").exists()
    assert not Domain.objects.filter(label_en="").exists()
    assert Domain.objects.get(code="additive-manufacturing").parent.code == (
        "industrial-processes-materials"
    )


def test_load_seed_data_describes_organisations_in_french_english_and_dutch() -> None:
    load_seed_data()

    described = Organisation.objects.exclude(descriptions={})

    assert described.count() == 23
    for organisation in described:
        assert sorted(organisation.descriptions) == ["en", "fr", "nl"], organisation.slug
        assert all(text.strip() for text in organisation.descriptions.values()), organisation.slug
    assert (
        Organisation.objects.get(slug="biowin")
        .description("nl")
        .startswith("Waalse competitiviteitspool voor gezondheid")
    )


def test_load_seed_data_twice_changes_nothing() -> None:
    load_seed_data()
    counts = (
        Organisation.objects.count(),
        Event.objects.count(),
        Project.objects.count(),
        ProjectPartner.objects.count(),
        Initiative.objects.count(),
        Domain.objects.count(),
    )

    load_seed_data()

    assert counts == (
        Organisation.objects.count(),
        Event.objects.count(),
        Project.objects.count(),
        ProjectPartner.objects.count(),
        Initiative.objects.count(),
        Domain.objects.count(),
    )


def test_load_seed_data_keeps_edits_made_since() -> None:
    load_seed_data()
    Organisation.objects.filter(slug="mecatech").update(website="https://example.org/")

    load_seed_data()

    assert Organisation.objects.get(slug="mecatech").website == "https://example.org/"


def test_network_slugs_lists_poles_and_clusters() -> None:
    assert len(network_slugs()) == 12
