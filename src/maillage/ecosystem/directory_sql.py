"""The directory's selection, order and facet counts read in the database: its path on
PostgreSQL, where the in-memory index (``directory_index``) would hold the whole directory in
every web process (half a gigabyte and seconds to build or search with 100,000 organisations).

The rules are the index's, read in SQL, so that both paths give the same organisations in the
same order with the same counts (``tests/test_directory_backends.py`` runs the same cases
through both, on SQLite and on PostgreSQL):

- **search**: every folded word (``text.search_terms``) occurs in the folded ``search_text``
  (``LIKE '%word%'``: a trigram index scan on PostgreSQL, migration 0008) or in the folded
  French or English label of one of the organisation's domains (the few domains whose label
  holds it are found in Python, then their links in SQL); organisations whose ``search_name``
  holds every word come first, then the directory's order (name, then id: an index). The
  matching ids are found once per folded query and kept in the shared cache; the page and the
  facet counts then read those ids;
- **filters**: one condition per filter of ``filters.FILTERS`` (``CONDITIONS``);
- **facet counts**: one grouped query per facet, over the organisations matching the search and
  the *other* filters (as ``directory._match_and_count`` counts the index).

With 100,000 organisations a facet's grouped count takes tens of milliseconds, so the counts
of a set of filters, and the labels, are kept in the shared cache under the directory's
fingerprint (``directory_index.fingerprint``: any change through the models, rows added in
bulk) and the day (memberships end by date): a page's eight facets are counted once per change
and set of filters, for every web process, and a visit reads its 25 rows.
"""

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import and_
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from maillage.core.i18n import label_fields
from maillage.ecosystem.directory_index import MAX_AGE_SECONDS, Labels, fingerprint, label_text
from maillage.ecosystem.filters import FILTERS, DirectoryFilters, Values
from maillage.ecosystem.models import Domain, Membership, NaceCode, Organisation
from maillage.ecosystem.text import search_terms

_DomainLink = Organisation.domains.through
_NaceLink = Organisation.nace_codes.through
_NETWORK_KINDS = sorted(Organisation.NETWORK_KINDS)
#: How long a request waits for the counts another process is computing before computing them
#: itself, and how often it looks.
_WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.05
#: Part of every cache key: renew it when what is cached changes shape, so that processes of
#: the new code do not read the old one's entries.
_FORMAT = 2


@dataclass(frozen=True)
class DatabaseLabels(Labels):
    """The labels, and the small tables the conditions are resolved against in Python (so
    the queries on the large tables compare ids, with no join)."""

    #: Domain id -> its folded labels in every language, which a search word may match.
    domain_texts: dict[int, str]
    #: Cluster or pole id -> its slug.
    networks: dict[int, str]
    #: Domain id -> (code, id of its axis or None).
    domains: dict[int, tuple[str, int | None]]
    #: NACE code id -> code.
    nace: dict[int, str]


def _read_labels() -> DatabaseLabels:
    domains = list(Domain.objects.values_list("id", "code", "parent_id", *label_fields()))
    networks = list(
        Organisation.objects.filter(kind__in=_NETWORK_KINDS).values_list(
            "id", "slug", "short_name", "name"
        )
    )
    nace = list(NaceCode.objects.values_list("id", "code", *label_fields()))
    return DatabaseLabels(
        network_labels={slug: short or name for _pk, slug, short, name in networks},
        domain_labels={code: tuple(labels) for _pk, code, _parent, *labels in domains},
        nace_labels={code: tuple(labels) for _pk, code, *labels in nace},
        domain_texts={pk: label_text(labels) for pk, _code, _parent, *labels in domains},
        networks={pk: slug for pk, slug, _short, _name in networks},
        domains={pk: (code, parent) for pk, code, parent, *_labels in domains},
        nace={pk: code for pk, code, *_labels in nace},
    )


def _links_to(model: Any, condition: Q) -> Q:
    """Organisations with a row of the link table ``model`` meeting ``condition``."""
    return Q(pk__in=model.objects.filter(condition).values("organisation_id"))


def _networks(values: Values, labels: DatabaseLabels) -> list[int]:
    return [pk for pk, slug in labels.networks.items() if slug in values]


def _domains(values: Values, labels: DatabaseLabels) -> list[int]:
    """Domains with one of the codes, or under an axis with one (one level, as the index)."""
    return [
        pk
        for pk, (code, parent) in labels.domains.items()
        if code in values or (parent in labels.domains and labels.domains[parent][0] in values)
    ]


def _nace(values: Values, labels: DatabaseLabels) -> list[int]:
    return [pk for pk, code in labels.nace.items() if code.startswith(values)]


#: Filter name -> the condition an organisation meets when it matches any of the values.
CONDITIONS: dict[str, Callable[[Values, DatabaseLabels], Q]] = {
    "kind": lambda values, _labels: Q(kind__in=values),
    "cluster": lambda values, labels: Q(
        pk__in=Membership.objects.current()
        .filter(network_id__in=_networks(values, labels))
        .values("organisation_id")
    ),
    "domain": lambda values, labels: _links_to(
        _DomainLink, Q(domain_id__in=_domains(values, labels))
    ),
    "nace": lambda values, labels: _links_to(_NaceLink, Q(nacecode_id__in=_nace(values, labels))),
    "province": lambda values, _labels: Q(province__in=values),
    "country": lambda values, _labels: Q(country__in=values),
    "partner_cluster": lambda values, labels: Q(origin_cluster_id__in=_networks(values, labels)),
    "size": lambda values, _labels: Q(size_band__in=values),
}
if set(CONDITIONS) != {spec.name for spec in FILTERS}:  # pragma: no cover - a developer's slip
    raise RuntimeError("directory_sql.CONDITIONS must read every filter of filters.FILTERS")

#: Filters on a column of the organisation: their facets are counted together, by one query
#: grouped by all these columns (an index-only scan of ``organisation_facets`` without a
#: search), the filters then applied to its few hundred rows in Python.
_COLUMNS = {
    "kind": "kind",
    "province": "province",
    "country": "country",
    "size": "size_band",
    "partner_cluster": "origin_cluster_id",
}
#: Filters on a link table: its rows (a function, evaluated per query: memberships depend on
#: the day) and the column holding the facet's value (an id).
_LINKS: dict[str, tuple[Callable[[], QuerySet[Any]], str]] = {
    "cluster": (Membership.objects.current, "network_id"),
    "domain": (_DomainLink.objects.all, "domain_id"),
    "nace": (_NaceLink.objects.all, "nacecode_id"),
}
if set(_COLUMNS) | set(_LINKS) != set(CONDITIONS):  # pragma: no cover - a developer's slip
    raise RuntimeError("every filter of filters.FILTERS is counted as a column or a link")


def _search(words: list[str], domain_texts: dict[int, str]) -> Q:
    """Every word in the folded text, or in the label of one of the organisation's domains.

    The two are a UNION, not an OR: PostgreSQL then reads each from its index (the trigram
    index, the links' domain index) instead of testing every row against both."""
    condition = Q()
    for word in words:
        found = Organisation.objects.filter(search_text__contains=word).values("id")
        tagged = [pk for pk, text in domain_texts.items() if word in text]
        if tagged:
            links = _DomainLink.objects.filter(domain_id__in=tagged).values("organisation_id")
            found = found.union(links)
        condition &= Q(pk__in=found)
    return condition


class DatabaseDirectory:
    """The directory as the database holds it now: its fingerprint is read once (four index
    lookups), then what was computed for it is taken from the shared cache."""

    def __init__(self) -> None:
        self.version = (fingerprint(), timezone.localdate())
        #: Names of the clusters and poles, labels of the domains and NACE codes.
        self.labels: DatabaseLabels = self._cached("labels", (), _read_labels)

    def _cached(self, kind: str, key: Iterable[Any], compute: Callable[[], Any]) -> Any:
        """``compute()``, kept in the shared cache under ``key`` and the directory's version.

        One process computes it while the others asking for it at the same moment wait for
        its result (up to ``_WAIT_SECONDS``), rather than all running the same queries."""
        token = repr((_FORMAT, kind, self.version, *key))
        name = f"ecosystem:directory:{kind}:{hashlib.sha256(token.encode()).hexdigest()}"
        found = cache.get(name)
        if found is not None:
            return found
        lock = f"{name}:computing"
        if not cache.add(lock, 1, timeout=int(_WAIT_SECONDS)):
            deadline = time.monotonic() + _WAIT_SECONDS
            while found is None and time.monotonic() < deadline:
                time.sleep(_POLL_SECONDS)
                found = cache.get(name)
            if found is not None:
                return found
        try:
            found = compute()
            cache.set(name, found, timeout=int(MAX_AGE_SECONDS))
        finally:
            cache.delete(lock)
        return found

    def _searched(self, words: list[str]) -> Q:
        """The organisations the search ``words`` match, as their ids: the match runs once per
        directory version and folded query (the shared cache), not once in each query of a
        first visit (its page and four facet counts repeated it: 310 ms p95 at 100,000
        organisations), nor again for another set of filters or another page of that search.
        Where SQLite takes fewer parameters than there are ids, the search is repeated in each
        query instead."""
        search = _search(words, self.labels.domain_texts)
        found = Organisation.objects.filter(search).order_by().values_list("id", flat=True)
        ids: list[int] = self._cached("search", words, lambda: list(found))
        if connection.vendor == "postgresql":
            # One array parameter: a list of thousands of literals took 40-60 ms to plan, in
            # each query (under 1 ms so).
            return Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
        limit = connection.features.max_query_params
        return search if limit is not None and len(ids) > limit else Q(pk__in=ids)

    def _conditions(self, filters: DirectoryFilters, *, leave_out: Iterable[str] = ()) -> Q:
        """The search and every filter asked but those of ``leave_out``."""
        words = search_terms(filters.q) if filters.q else []
        condition = self._searched(words) if words else Q()
        for spec in FILTERS:
            values = filters.values(spec.name)
            if values and spec.name not in leave_out:
                condition &= CONDITIONS[spec.name](values, self.labels)
        return condition

    def selection(self, filters: DirectoryFilters) -> QuerySet[Organisation]:
        """The organisations matching ``filters``, in directory order: with a search, those
        whose name holds every word first; otherwise (and within each group) by name, then
        id."""
        selected = Organisation.objects.filter(self._conditions(filters))
        words = search_terms(filters.q) if filters.q else []
        if not words:
            return selected.order_by("name", "id")
        in_name = reduce(and_, (Q(search_name__contains=word) for word in words))
        rank = Case(When(in_name, then=Value(0)), default=Value(1), output_field=IntegerField())
        return selected.order_by(rank, "name", "id")

    def matching_ids(self, filters: DirectoryFilters) -> list[int]:
        return list(self.selection(filters).values_list("id", flat=True))

    def page_ids(self, filters: DirectoryFilters, offset: int, limit: int) -> list[int]:
        """``limit`` ids of ``matching_ids`` from ``offset`` on (cached: a search's page sorts
        all its matches)."""
        ids = self.selection(filters).values_list("id", flat=True)
        found: list[int] = self._cached(
            "page", (*self._key(filters), offset, limit), lambda: list(ids[offset : offset + limit])
        )
        return found

    @staticmethod
    def _key(filters: DirectoryFilters) -> tuple[Any, ...]:
        return (filters.q, sorted(filters.chosen.items()))

    def total(self, filters: DirectoryFilters) -> int:
        """How many organisations match ``filters`` (cached; the API's pages, which show no
        facets)."""
        found: int = self._cached(
            "total",
            self._key(filters),
            lambda: Organisation.objects.filter(self._conditions(filters)).count(),
        )
        return found

    def counts(self, filters: DirectoryFilters) -> tuple[int, list[Counter[str]]]:
        """How many organisations match ``filters``, and the counts per value of each filter
        (in the order of ``FILTERS``), each counted over the organisations matching the
        *other* filters (cached)."""
        found: tuple[int, list[Counter[str]]] = self._cached(
            "counts", self._key(filters), lambda: self._count(filters)
        )
        return found

    def _count(self, filters: DirectoryFilters) -> tuple[int, list[Counter[str]]]:
        total, counts = self._column_counts(filters)
        for name, (links, column) in _LINKS.items():
            counts[name] = self._link_counts(filters, name, links(), column)
        return total, [counts[spec.name] for spec in FILTERS]

    def _column_counts(self, filters: DirectoryFilters) -> tuple[int, dict[str, Counter[str]]]:
        """The total and the column filters' facets, from one query grouped by those columns
        over the search and the link filters; each row is then tested as
        ``directory._match_and_count`` tests an entry of the index."""
        names = list(_COLUMNS)
        origin = names.index("partner_cluster")
        rows = (
            Organisation.objects.filter(self._conditions(filters, leave_out=names))
            .values_list(*_COLUMNS.values())
            .annotate(n=Count("*"))
            .order_by()
        )
        active = [(n, filters.values(name)) for n, name in enumerate(names) if filters.values(name)]
        counts: dict[str, Counter[str]] = {name: Counter() for name in names}
        total = 0
        for *row, number in rows:
            row[origin] = self.labels.networks.get(row[origin], "")  # the origin's slug
            failing = [position for position, values in active if row[position] not in values]
            if len(failing) > 1:
                continue
            if not failing:
                total += number
            for position in failing or range(len(names)):
                if row[position]:
                    counts[names[position]][row[position]] += number
        return total, counts

    def _link_counts(
        self, filters: DirectoryFilters, name: str, links: QuerySet[Any], column: str
    ) -> Counter[str]:
        """The facet of the link filter ``name``: its rows of the organisations matching the
        search and the *other* filters, counted by value."""
        condition = self._conditions(filters, leave_out=(name,))
        if condition:
            selected = Organisation.objects.filter(condition).values("id")
            links = links.filter(organisation_id__in=selected)
        codes = {
            "cluster": self.labels.networks,
            "domain": {pk: code for pk, (code, _parent) in self.labels.domains.items()},
            "nace": self.labels.nace,
        }[name]
        if name == "cluster":  # a membership of an organisation that is no cluster or pole
            links = links.filter(network_id__in=list(codes))
        rows = links.values_list(column).annotate(n=Count("*")).order_by()
        return Counter({codes[pk]: n for pk, n in rows if pk in codes})

    def networks_of_matching(self, filters: DirectoryFilters) -> dict[int, frozenset[str]]:
        """As ``directory.networks_of_matching``: the clusters and poles of each matching
        member of one at least."""
        memberships = Membership.objects.current().filter(network_id__in=self.labels.networks)
        condition = self._conditions(filters)
        if condition:
            selected = Organisation.objects.filter(condition).values("id")
            memberships = memberships.filter(organisation_id__in=selected)
        grouped: dict[int, set[str]] = {}
        for pk, network in memberships.values_list("organisation_id", "network_id"):
            grouped.setdefault(pk, set()).add(self.labels.networks[network])
        return {pk: frozenset(slugs) for pk, slugs in grouped.items()}

    def cards(self, ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
        """Organisation id -> (slugs of its clusters and poles, codes of its own domains), for
        the cards of one page (two queries)."""
        found: dict[int, tuple[list[str], list[str]]] = {pk: ([], []) for pk in ids}
        memberships = Membership.objects.current().filter(
            organisation_id__in=ids, network_id__in=self.labels.networks
        )
        for pk, network in memberships.values_list("organisation_id", "network_id"):
            found[pk][0].append(self.labels.networks[network])
        domains = _DomainLink.objects.filter(organisation_id__in=ids)
        for pk, domain in domains.values_list("organisation_id", "domain_id"):
            found[pk][1].append(self.labels.domains[domain][0])
        return found
