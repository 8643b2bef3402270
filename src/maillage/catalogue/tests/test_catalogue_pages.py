"""The public catalogue: filters, search and facets on the page and the API (one selection for
both), query counts with one and three rows."""

from datetime import date

import pytest
from django.test import Client

from maillage.catalogue.models import Entry, Label, LabelApplication
from maillage.ecosystem.tests.factories import DomainFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def entry(name: str, **fields: object) -> Entry:
    organisation = fields.pop("organisation", None) or OrganisationFactory(
        province=fields.pop("province", "WLG")
    )
    return Entry.objects.create(
        kind="provider",
        name=name,
        slug=name.lower().replace(" ", "-"),
        organisation=organisation,
        **fields,
    )


@pytest.fixture
def three() -> list[Entry]:
    DomainFactory(code="digital-technologies")
    return [
        entry(
            "Alpha Data",
            technologies=["data", "ai"],
            dimensions=["D4"],
            sectors=["digital-technologies"],
            languages=["fr"],
            summary={"fr": "Tableaux de bord énergétiques"},
        ),
        entry(
            "Beta Secure",
            technologies=["cybersecurity"],
            dimensions=["D4", "D1"],
            languages=["fr", "en"],
            province="WNA",
        ),
        entry(
            "Gamma Cloud",
            technologies=["cloud"],
            dimensions=["D2"],
            languages=["en"],
            published=True,
        ),
    ]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["Alpha Data", "Beta Secure", "Gamma Cloud"]),
        ("technology=ai", ["Alpha Data"]),
        ("dimension=D4", ["Alpha Data", "Beta Secure"]),
        ("dimension=d4&technology=cybersecurity", ["Beta Secure"]),
        ("province=WNA", ["Beta Secure"]),
        ("language=en", ["Beta Secure", "Gamma Cloud"]),
        ("sector=digital-technologies", ["Alpha Data"]),
        ("q=energetiques", ["Alpha Data"]),
        ("label=nothing", []),
    ],
)
def test_page_and_api_select_the_same_entries(
    client: Client, three: list[Entry], query: str, names: list[str]
) -> None:
    api = client.get(f"/api/v1/catalogue?{query}").json()
    assert [item["name"] for item in api["items"]] == names
    assert api["count"] == len(names)
    html = client.get(f"/catalogue/?{query}").content.decode()
    assert [
        n
        for n in ["Alpha Data", "Beta Secure", "Gamma Cloud"]
        if f'id="entry-{n.lower().replace(" ", "-")}"' in html
    ] == names


def test_facets_count_over_the_other_filters(client: Client, three: list[Entry]) -> None:
    response = client.get("/catalogue/?technology=ai")
    facets = {facet.name: facet for facet in response.context["catalogue"].facets}
    technology = {o.value: o.count for o in facets["technology"].options}
    assert technology == {"ai": 1, "data": 1, "cybersecurity": 1, "cloud": 1}
    dimension = {o.value: o.count for o in facets["dimension"].options}
    assert dimension == {"D4": 1}


def test_unpublished_entries_are_hidden(client: Client, three: list[Entry]) -> None:
    Entry.objects.filter(name="Gamma Cloud").update(published=False)
    Entry.objects.get(name="Alpha Data").save()  # a save seen by the index
    assert client.get("/api/v1/catalogue").json()["count"] == 2
    assert client.get("/catalogue/gamma-cloud/").status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_list_queries_do_not_grow_with_rows(
    client: Client, django_assert_num_queries: object, rows: int
) -> None:
    DomainFactory(code="digital-technologies")
    label = Label.objects.create(name="Label", slug="label")
    for index in range(rows):
        created = entry(f"Entry {index}", technologies=["ai"], sectors=["digital-technologies"])
        LabelApplication.objects.create(
            label=label, entry=created, status="approved", valid_from=date(2020, 1, 1)
        )
    client.get("/catalogue/")  # build the index
    # Index fingerprint (3), the page's entries and their labels (2), facet names (2).
    with django_assert_num_queries(7):  # type: ignore[operator]
        assert client.get("/catalogue/").status_code == 200
    with django_assert_num_queries(5):  # type: ignore[operator]
        assert client.get("/api/v1/catalogue").status_code == 200
