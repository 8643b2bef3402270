"""Domains and NACE codes in Dutch: the directory, the organisation page, the seed, imports and
the places, with French and English as they were."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import translation

from maillage.ecosystem.imports.validation import RowCleaner
from maillage.ecosystem.models import Domain, NaceCode
from maillage.ecosystem.places import city_label
from maillage.ecosystem.seed import fill_blank_labels, load_seed_data, seed_data
from maillage.ecosystem.tests.factories import DomainFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/organisations/"


@pytest.fixture
def robotics() -> Domain:
    axis = DomainFactory(
        code="industry", label_fr="Industrie", label_en="Industry", label_nl="Industrie NL"
    )
    domain = DomainFactory(
        code="robots",
        label_fr="Robotique",
        label_en="Robotics",
        label_nl="Robotica",
        parent=axis,
    )
    organisation = OrganisationFactory(name="Robots SA", slug="robots-sa", city="Mons")
    organisation.domains.add(domain)
    organisation.nace_codes.add(
        NaceCode.objects.create(
            code="62.01",
            label_fr="Programmation informatique",
            label_en="Computer programming",
            label_nl="Ontwerpen en programmeren van computerprogramma's",
        )
    )
    return domain


@pytest.mark.parametrize("in_database", [False, True])
@pytest.mark.parametrize(
    ("language", "label"), [("nl", "Robotica"), ("fr", "Robotique"), ("en", "Robotics")]
)
def test_the_directory_filtered_by_a_domain_shows_its_label_in_the_pages_language(
    client: Client, robotics: Domain, in_database: bool, language: str, label: str
) -> None:
    with override_settings(DIRECTORY_IN_DATABASE=in_database):
        response = client.get(LIST_URL, {"domain": "robots"}, headers={"Accept-Language": language})
    html = response.content.decode()
    assert [organisation.name for organisation in response.context["page_obj"]] == ["Robots SA"]
    assert f'<span class="tag">{label}</span>' in html
    assert f'value="robots" selected>{label}' in html.replace("\n", "")


@pytest.mark.parametrize("in_database", [False, True])
def test_a_selected_axis_is_named_by_its_label_not_its_code(
    client: Client, robotics: Domain, in_database: bool
) -> None:
    with override_settings(DIRECTORY_IN_DATABASE=in_database):
        html = client.get(
            LIST_URL, {"domain": "industry"}, headers={"Accept-Language": "nl"}
        ).content.decode()
    assert 'value="industry" selected>Industrie NL (0)' in html.replace("\n", "")


@pytest.mark.parametrize("in_database", [False, True])
def test_a_blank_dutch_label_falls_back_to_english_in_the_directory(
    client: Client, robotics: Domain, in_database: bool
) -> None:
    Domain.objects.filter(pk=robotics.pk).update(label_nl="")
    with override_settings(DIRECTORY_IN_DATABASE=in_database):
        html = client.get(LIST_URL, headers={"Accept-Language": "nl"}).content.decode()
    assert '<span class="tag">Robotics</span>' in html


def test_the_organisation_page_in_dutch_shows_dutch_domain_nace_and_city(
    client: Client, robotics: Domain
) -> None:
    html = client.get(f"{LIST_URL}robots-sa/", headers={"Accept-Language": "nl"}).content.decode()
    assert ">Robotica</a>" in html
    assert "62.01 Ontwerpen en programmeren van computerprogramma&#x27;s" in html
    french = client.get(f"{LIST_URL}robots-sa/", headers={"Accept-Language": "fr"})
    assert ">Robotique</a>" in french.content.decode()
    assert "62.01 Programmation informatique" in french.content.decode()


def test_the_directory_card_names_a_walloon_city_in_dutch(client: Client, robotics: Domain) -> None:
    dutch = client.get(LIST_URL, headers={"Accept-Language": "nl"}).content.decode()
    french = client.get(LIST_URL, headers={"Accept-Language": "fr"}).content.decode()
    assert "Bergen" in dutch
    assert "Mons" in french
    assert "Bergen" not in french


def test_city_label_translates_known_cities_only() -> None:
    with translation.override("nl"):
        assert city_label("Liège") == "Luik"
        assert city_label("LIEGE") == "Luik"
        assert city_label("Bruxelles") == "Brussel"
        assert city_label("Charleroi") == "Charleroi"
    with translation.override("en"):
        assert city_label("Bruxelles") == "Brussels"
        assert city_label("Liège") == "Liège"
    with translation.override("fr"):
        assert city_label("Tournai") == "Tournai"


def test_the_seed_has_a_dutch_label_for_every_axis_domain_and_nace_code() -> None:
    data = seed_data()
    rows = [*data["axes"], *data["domains"], *data["nace"]]
    assert len(rows) == 132
    assert all(row["label_nl"].strip() for row in rows)


def test_the_seed_loads_dutch_labels_and_keeps_french_and_english() -> None:
    load_seed_data()
    ai = Domain.objects.get(code="artificial-intelligence")
    assert (ai.label_fr, ai.label_en, ai.label_nl) == (
        "Intelligence artificielle",
        "Artificial intelligence",
        "Artificiële intelligentie",
    )
    assert NaceCode.objects.get(code="62.01").label_in("nl") == (
        "Ontwerpen en programmeren van computerprogramma's"
    )
    assert not Domain.objects.filter(label_nl="").exists()
    assert not NaceCode.objects.filter(label_nl="").exists()


def test_the_seed_fills_blank_dutch_labels_of_existing_rows_and_keeps_edited_ones() -> None:
    load_seed_data()
    Domain.objects.update(label_nl="")
    NaceCode.objects.filter(code="62.01").update(label_nl="")
    Domain.objects.filter(code="cybersecurity").update(label_nl="Cyberveiligheid")

    # Every domain but the edited one, and the NACE code.
    assert fill_blank_labels() == Domain.objects.count()

    assert Domain.objects.get(code="big-data").label_nl == "Big data"
    assert Domain.objects.get(code="cybersecurity").label_nl == "Cyberveiligheid"
    assert NaceCode.objects.get(code="62.01").label_nl
    assert fill_blank_labels() == 0


def test_an_import_may_name_a_domain_by_its_dutch_label(robotics: Domain) -> None:
    cleaner = RowCleaner()
    assert {cleaner.domains[name] for name in ("robotica", "robotique", "robotics", "robots")} == {
        robotics.pk
    }


def test_no_migration_is_missing() -> None:
    call_command("makemigrations", "ecosystem", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    ("language", "tags"),
    [
        ("fr", ["Agroalimentaire", "Textile"]),
        ("en", ["Clothing", "Food"]),
        ("nl", ["Kleding", "Voeding"]),
    ],
)
def test_the_organisation_page_orders_its_domain_tags_in_the_pages_language(
    client: Client, language: str, tags: list[str]
) -> None:
    organisation = OrganisationFactory(name="Tissus SA", slug="tissus-sa")
    organisation.domains.add(
        DomainFactory(code="food", label_fr="Agroalimentaire", label_en="Food", label_nl="Voeding"),
        DomainFactory(code="textile", label_fr="Textile", label_en="Clothing", label_nl="Kleding"),
    )
    html = client.get(f"{LIST_URL}tissus-sa/", headers={"Accept-Language": language}).content
    shown = [tag.split("</a>")[0] for tag in html.decode().split('class="tag" href')[1:]]
    assert [tag.split(">", 1)[1] for tag in shown] == tags
