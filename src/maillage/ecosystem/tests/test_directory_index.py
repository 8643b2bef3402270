"""The in-memory index, which every path of the directory selects through, agrees with an
independent reading of the same rules in SQL (written here, as a checker)."""

import datetime as dt
import itertools
from functools import reduce
from operator import or_

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from maillage.ecosystem import directory_index
from maillage.ecosystem.directory import directory_page, matching_ids
from maillage.ecosystem.filters import DirectoryFilters
from maillage.ecosystem.models import Domain, Membership, Organisation
from maillage.ecosystem.tests.factories import (
    OrganisationFactory,
)
from maillage.ecosystem.text import fold, search_terms

pytestmark = pytest.mark.django_db


FILTER_VALUES = {
    "q": ["", "ingenierie", "robotics", "etudes liege", "industrie", "agro", "societe 1"],
    "kind": ["", "sme", "university"],
    "cluster": ["", "meca", "sante"],
    "domain": ["", "industry", "robots", "food"],
    "nace": ["", "62", "62.01"],
    "province": ["", "WLG"],
    "country": ["", "FR"],
}


def sql_checker(filters: DirectoryFilters) -> set[str]:
    """The names the directory must list, read in SQL from the documented rules."""
    found = Organisation.objects.all()
    labels = {
        pk: f"{fold(fr)} {fold(en)}"
        for pk, fr, en in Domain.objects.values_list("id", "label_fr", "label_en")
    }
    domain_links = Organisation.domains.through.objects
    for word in search_terms(filters.q):
        tagged = domain_links.filter(
            domain_id__in=[pk for pk, text in labels.items() if word in text]
        )
        found = found.filter(
            Q(search_text__contains=word) | Q(pk__in=tagged.values("organisation_id"))
        )
    if kinds := filters.values("kind"):
        found = found.filter(kind__in=kinds)
    if clusters := filters.values("cluster"):
        members = Membership.objects.current().filter(network__slug__in=clusters)
        found = found.filter(pk__in=members.values("organisation_id"))
    if domains := filters.values("domain"):
        links = domain_links.filter(
            Q(domain__code__in=domains) | Q(domain__parent__code__in=domains)
        )
        found = found.filter(pk__in=links.values("organisation_id"))
    if nace := filters.values("nace"):
        prefixes = reduce(or_, (Q(nacecode__code__startswith=code) for code in nace))
        links = Organisation.nace_codes.through.objects.filter(prefixes)
        found = found.filter(pk__in=links.values("organisation_id"))
    for name, column in (("province", "province"), ("country", "country"), ("size", "size_band")):
        if values := filters.values(name):
            found = found.filter(**{f"{column}__in": values})
    return set(found.values_list("name", flat=True))


def _names(ids: list[int]) -> list[str]:
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [names[pk] for pk in ids]


def test_directory_index_agrees_with_sql(small_directory: None) -> None:
    names = list(FILTER_VALUES)
    # Every query with each single filter, then a fixed sample of full combinations.
    cases = [
        {"q": q, name: value}
        for q in FILTER_VALUES["q"]
        for name in names[1:]
        for value in FILTER_VALUES[name]
    ]
    combinations = list(itertools.product(*FILTER_VALUES.values()))
    cases += [dict(zip(names, values, strict=True)) for values in combinations[::37]]
    # Repeated values mean "any of these".
    cases += [{"cluster": ["meca", "sante"]}, {"kind": ["sme", "university"], "nace": ["62"]}]
    for case in cases:
        filters = DirectoryFilters.from_params(case)
        found = _names(matching_ids(filters))
        assert len(found) == len(set(found)), case
        assert set(found) == sql_checker(filters), case
        page = directory_page(None, filters)
        assert [o.name for o in page.page] == found[:25], case


def test_search_lists_name_matches_first(small_directory: None) -> None:
    OrganisationFactory(name="Zèbre Ingénierie", descriptions={"fr": "Rien d'autre."})
    found = _names(matching_ids(DirectoryFilters(q="ingenierie")))
    assert found[0] == "Zèbre Ingénierie"
    assert found[1:] == sorted(found[1:])
    assert len(found) == 7


def test_old_parameter_names_are_aliases() -> None:
    old = DirectoryFilters.from_params({"network": "meca", "search": "robot", "province": "wlg"})
    new = DirectoryFilters.from_params({"cluster": "meca", "q": "robot", "province": "WLG"})
    assert old == new
    assert new.query_string() == "q=robot&cluster=meca&province=WLG"


def test_directory_facets_agree_with_matching(small_directory: None) -> None:
    filters = DirectoryFilters.from_params({"q": "ingenierie", "province": "WLG"})
    facets = {facet.name: facet for facet in directory_page(None, filters).facets}
    for facet_name, facet in facets.items():
        for option in facet.options:
            narrowed = filters.replaced(facet_name, (option.value,))
            found = len(matching_ids(narrowed))
            assert found >= option.count
            if facet_name not in {"domain", "nace"}:
                assert found == option.count


def test_directory_index_rebuilt_after_a_change(small_directory: None) -> None:
    first = directory_index.directory_index()
    assert directory_index.directory_index() is first
    OrganisationFactory(name="Nouvelle")
    assert len(directory_index.directory_index().entries) == len(first.entries) + 1


def test_directory_index_freshness_check_counts_no_rows(small_directory: None) -> None:
    """Row counts read whole tables (a third of a second per request with 100,000
    organisations on PostgreSQL): the check on every request is index lookups only."""
    directory_index.directory_index()
    with CaptureQueriesContext(connection) as queries:
        directory_index.directory_index()
    statements = [query["sql"].upper() for query in queries.captured_queries]
    assert len(statements) == 4
    assert [sql for sql in statements if "COUNT(" in sql] == []


def test_directory_index_follows_a_change_another_process_announced(
    small_directory: None,
) -> None:
    first = directory_index.directory_index()
    membership = Membership.objects.order_by("pk").first()
    assert membership is not None
    # Another process ends the membership: this process gets no signal and no id moves...
    Membership.objects.filter(pk=membership.pk).update(end_date=dt.date(2020, 1, 1))
    assert directory_index.directory_index() is first
    # ...until that process's receiver renews the shared version.
    cache.set(directory_index.VERSION_KEY, "renewed by another process")
    entry = directory_index.directory_index().entry(membership.organisation_id)
    assert entry is not None
    assert membership.network.slug not in entry.networks


def test_directory_change_renews_the_shared_version(small_directory: None) -> None:
    before = cache.get(directory_index.VERSION_KEY)
    membership = Membership.objects.order_by("pk").first()
    assert membership is not None
    membership.end_date = dt.date(2020, 1, 1)
    membership.save(update_fields=["end_date"])
    after = cache.get(directory_index.VERSION_KEY)
    assert after is not None
    assert after != before
