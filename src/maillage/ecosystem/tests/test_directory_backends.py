"""The directory's two paths, the in-memory index (SQLite's) and the database (PostgreSQL's),
give the same organisations in the same order, the same pages and the same facet counts for
the same filters. Run on both backends (``DATABASE_URL``), each path on the same data."""

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from maillage.ecosystem import directory
from maillage.ecosystem.filters import DirectoryFilters
from maillage.ecosystem.models import Domain, NaceCode, Organisation
from maillage.ecosystem.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

#: Accents and case, a word's beginning, middle and end, several words, Dutch and German
#: descriptions, domain labels in French and English, names against descriptions, no word.
SEARCHES = [
    "",
    "ingenierie",
    "INGÉNIERIE",
    "ingé",
    "nierie",
    "robot",
    "robotics",
    "etudes liege",
    "industrie",
    "agro",
    "societe 1",
    "machinebouw",
    "präzision",
    "muller",
    "zebre ing",
    "food",
    "acme",
    "62",
    "—",
    "zzz",
]
FILTER_VALUES: dict[str, list[Any]] = {
    "kind": ["", "sme", "university", "unknown"],
    "cluster": ["", "meca", "sante", ["meca", "sante"], "berlin"],
    "domain": ["", "industry", "robots", "food"],
    "nace": ["", "62", "62.01", "71"],
    "province": ["", "WLG"],
    "country": ["", "FR", "DE"],
    "partner_cluster": ["", "berlin"],
    "size": ["", "micro"],
}


@pytest.fixture
def mixed_directory(small_directory: None) -> None:
    """The small directory, and organisations in Dutch and German, with short names, foreign
    partner clusters, an ended and a pending membership, and a second NACE code."""
    berlin = NetworkFactory(
        name="Cluster Berlin", slug="berlin", kind="cluster", country="DE", province=""
    )
    robots = Domain.objects.get(code="robots")
    nace = NaceCode.objects.create(code="71.12", label_fr="Ingénierie", label_en="Engineering")
    vlaams = OrganisationFactory(
        name="Vlaamse Machinebouw NV",
        kind="sme",
        descriptions={"nl": "Ingenieursbureau voor machinebouw en robotica."},
        province="VAN",
        postcode="2000",
        city="Antwerpen",
        size_band="small",
    )
    vlaams.nace_codes.add(nace)
    muller = OrganisationFactory(
        name="Müller Präzisionstechnik GmbH",
        short_name="Müller",
        kind="sme",
        country="DE",
        province="",
        postcode="10115",
        city="Berlin",
        origin_cluster=berlin,
        descriptions={"de": "Präzisionsmechanik und Maschinenbau.", "en": "Precision parts."},
    )
    muller.domains.add(robots)
    OrganisationFactory(
        name="Zèbre Ingénierie", kind="startup", descriptions={"fr": "Rien d'autre."}
    )
    acme = OrganisationFactory(name="Atelier Central", short_name="ACME", kind="sme")
    meca = Organisation.objects.get(slug="meca")
    MembershipFactory(organisation=acme, network=meca, end_date=dt.date(2020, 1, 1))
    MembershipFactory(organisation=muller, network=meca, pending=True)
    MembershipFactory(organisation=muller, network=berlin)


def _cases() -> list[dict[str, Any]]:
    """Every search alone, every filter value with a few searches, a fixed sample of
    combinations."""
    names = list(FILTER_VALUES)
    cases: list[dict[str, Any]] = [{"q": q} for q in SEARCHES]
    cases += [
        {"q": q, name: value}
        for q in ("", "ingé", "robot", "präzision")
        for name in names
        for value in FILTER_VALUES[name]
        if value
    ]
    combinations = list(itertools.product(SEARCHES[:8], *FILTER_VALUES.values()))
    cases += [dict(zip(["q", *names], values, strict=True)) for values in combinations[::1999]]
    return cases


def _facets(page: directory.DirectoryPage) -> list[tuple[str, list[tuple[str, str, int, bool]]]]:
    return [
        (
            facet.name,
            [(o.value, o.label, o.count, o.selected) for o in facet.options],
        )
        for facet in page.facets
    ]


def _page(page: directory.DirectoryPage) -> list[tuple[str, list[str], list[str]]]:
    return [
        (
            organisation.name,
            [link.label for link in organisation.card_networks],  # type: ignore[attr-defined]
            organisation.card_domains,  # type: ignore[attr-defined]
        )
        for organisation in page.page
    ]


def _read(filters: DirectoryFilters) -> dict[str, Any]:
    """Everything the directory's paths give for ``filters``."""
    ids = directory.matching_ids(filters)
    pages = []
    for number in (1, 2, 3):
        page = directory.directory_page(None, filters, number)
        pages.append((page.total, page.page.number, _page(page), _facets(page)))
    return {
        "ids": ids,
        "pages": pages,
        "api": directory.matching_page(filters, 2, 3),
        "map": directory.networks_of_matching(filters),
    }


def _both(filters: DirectoryFilters) -> tuple[Any, Any]:
    with override_settings(DIRECTORY_IN_DATABASE=False):
        in_memory = _read(filters)
    with override_settings(DIRECTORY_IN_DATABASE=True):
        return in_memory, _read(filters)


def test_directory_paths_agree(mixed_directory: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(directory, "PAGE_SIZE", 4)
    cases = _cases()
    assert len(cases) == 123
    for case in cases:
        filters = DirectoryFilters.from_params(case)
        in_memory, in_database = _both(filters)
        assert in_database == in_memory, case


def test_directory_paths_rank_name_matches_first(mixed_directory: None) -> None:
    in_memory, in_database = _both(DirectoryFilters(q="ingenierie"))
    assert in_database == in_memory
    names = dict(Organisation.objects.values_list("pk", "name"))
    found = [names[pk] for pk in in_database["ids"]]
    assert found[0] == "Zèbre Ingénierie"
    assert found[1:] == sorted(found[1:], key=names_order)


def names_order(name: str) -> int:
    """A name's place in the database's own order (its collation), which both paths follow."""
    ordered = list(Organisation.objects.order_by("name", "id").values_list("name", flat=True))
    return ordered.index(name)


def test_directory_paths_follow_a_change(mixed_directory: None) -> None:
    filters = DirectoryFilters(q="machinebouw")
    before, _ = _both(filters)
    OrganisationFactory(name="Machinebouw Twee", kind="sme")
    in_memory, in_database = _both(filters)
    assert in_database == in_memory
    assert len(in_database["ids"]) == len(before["ids"]) + 1
    assert in_database["pages"][0][0] == before["pages"][0][0] + 1


def test_default_path_is_the_database_on_postgresql(settings: Any) -> None:
    settings.DIRECTORY_IN_DATABASE = None
    assert directory.in_database() == (connection.vendor == "postgresql")


def test_database_path_reads_a_page_in_a_fixed_number_of_queries(
    mixed_directory: None, settings: Any
) -> None:
    """Counts, labels and the page's ids come from the shared cache once computed: a visit
    reads the fingerprint (four lookups), the page's rows and its cards (two)."""
    filters = DirectoryFilters.from_params({"q": "ingenierie", "province": "WLG"})
    settings.DIRECTORY_IN_DATABASE = False
    expected = directory.matching_ids(filters)
    settings.DIRECTORY_IN_DATABASE = True
    directory.directory_page(None, filters)
    with CaptureQueriesContext(connection) as queries:
        page = directory.directory_page(None, filters)
    assert [organisation.pk for organisation in page.page] == expected
    assert len(queries.captured_queries) == 7


def _matches(queries: CaptureQueriesContext) -> int:
    """How many of the captured queries run the search's text match."""
    return sum("search_text" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("extra", [0, 30])
def test_database_path_matches_a_search_once(
    mixed_directory: None, settings: Any, extra: int, django_assert_max_num_queries: Any
) -> None:
    """A search's first visit matches once, and its page and four facet counts read the ids
    found (each repeated the match: the tail of the search's p95 at 100,000 organisations); a
    later visit of the same folded query, with other filters or on another page, matches no
    more. The queries are as many whatever the number of organisations found."""
    settings.DIRECTORY_IN_DATABASE = True
    for number in range(extra):
        OrganisationFactory(name=f"Robotique {number}", province="WLG")
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(17):
        first = directory.directory_page(None, DirectoryFilters(q="robot"))
    assert _matches(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        other_filters = DirectoryFilters.from_params({"q": "ROBOT", "size": "micro"})
        directory.directory_page(None, other_filters)
        directory.directory_page(None, DirectoryFilters(q="Robot"), 2)
        directory.matching_page(DirectoryFilters.from_params({"q": "robot", "kind": "sme"}), 0, 5)
    assert _matches(queries) == 0
    settings.DIRECTORY_IN_DATABASE = False
    assert [o.pk for o in first.page] == directory.matching_ids(DirectoryFilters(q="robot"))[:25]
