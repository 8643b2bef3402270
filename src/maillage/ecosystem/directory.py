"""The directory's one query, and the list page built on it.

``matching_ids`` selects organisations for the list page, the API, the exports and the map, with
the filters of ``filters``: what one path finds, the others find. They are evaluated on the
in-memory ``directory_index`` on SQLite, and in the database on PostgreSQL
(``directory_sql``: search, filters, counts and pages in SQL, so no web process holds the
directory), by the same rules (``in_database``). The directory is public; contacts are never
read here.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from maillage.accounts.permissions import AnyUser
from maillage.core.i18n import label_language, pick_label
from maillage.ecosystem.directory_index import DirectoryIndex, Entry, Labels, directory_index
from maillage.ecosystem.directory_sql import DatabaseDirectory
from maillage.ecosystem.filters import FILTERS, DirectoryFilters
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.places import PROVINCES, country_label, province_label
from maillage.ecosystem.text import fold

PAGE_SIZE = 25
#: Rows read from the database at a time when a whole selection is walked (exports).
CHUNK = 500


def in_database() -> bool:
    """Whether the directory is read in the database rather than through the in-memory index:
    on PostgreSQL, unless ``settings.DIRECTORY_IN_DATABASE`` says otherwise (True or False)."""
    chosen = getattr(settings, "DIRECTORY_IN_DATABASE", None)
    return connection.vendor == "postgresql" if chosen is None else bool(chosen)


def _searched(index: DirectoryIndex, filters: DirectoryFilters) -> list[Entry]:
    return index.search(filters.q) if filters.q else list(index.entries)


def _matching(index: DirectoryIndex, filters: DirectoryFilters) -> list[Entry]:
    active = [(spec, filters.values(spec.name)) for spec in FILTERS if filters.values(spec.name)]
    return [
        entry
        for entry in _searched(index, filters)
        if all(spec.test(entry, values) for spec, values in active)
    ]


def matching_ids(filters: DirectoryFilters) -> list[int]:
    """Ids of the organisations matching every filter, in directory order: with a search,
    those whose name holds every word first; otherwise (and within each group) by name."""
    if in_database():
        return DatabaseDirectory().matching_ids(filters)
    return [entry.id for entry in _matching(directory_index(), filters)]


def matching_page(filters: DirectoryFilters, offset: int, limit: int) -> tuple[int, list[int]]:
    """How many organisations match ``filters``, and the ids of ``limit`` of them from
    ``offset`` on, in the order of ``matching_ids`` (the API's pages)."""
    if in_database():
        directory = DatabaseDirectory()
        return directory.total(filters), directory.page_ids(filters, offset, limit)
    ids = matching_ids(filters)
    return len(ids), ids[offset : offset + limit]


def in_order(queryset: QuerySet[Organisation], ids: Sequence[int]) -> list[Organisation]:
    """The organisations of ``ids`` (at most a page of them), read in one query and kept in the
    order of ``ids``; a row deleted since the index was read is left out."""
    rows = {organisation.pk: organisation for organisation in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def walk(
    queryset: QuerySet[Organisation], ids: Sequence[int], chunk: int = CHUNK
) -> Iterator[Organisation]:
    """Every organisation of ``ids`` in order, ``chunk`` rows (and prefetches) per query."""
    for start in range(0, len(ids), chunk):
        yield from in_order(queryset, ids[start : start + chunk])


# -- the list page ---------------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    def options_html(self) -> SafeString:
        """The ``<option>`` elements, built here rather than in a template loop: with a few
        hundred options per page, this is several times cheaper to render."""
        return format_html_join(
            "",
            '<option value="{}"{}>{} ({})</option>',
            (
                (
                    option.value,
                    mark_safe(" selected") if option.selected else "",
                    option.label,
                    option.count,
                )
                for option in self.options
            ),
        )


@dataclass
class DirectoryPage:
    filters: DirectoryFilters
    page: Page[Organisation]
    facets: list[Facet] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _match_and_count(
    searched: list[Entry], filters: DirectoryFilters
) -> tuple[list[int], list[Counter[str]]]:
    """The ids matching every filter (as ``matching_ids``), and the counts per facet value,
    each facet counted over the entries matching the *other* filters (so a visitor sees what
    choosing another value would give). One pass over the index: an entry failing two filters
    counts nowhere, one failing a single filter counts only in that filter's facet."""
    active = [
        (position, spec, filters.values(spec.name))
        for position, spec in enumerate(FILTERS)
        if filters.values(spec.name)
    ]
    counts: list[Counter[str]] = [Counter() for _spec in FILTERS]
    matched: list[int] = []
    for entry in searched:
        failing = -1
        rejected = False
        for position, spec, values in active:
            if not spec.test(entry, values):
                if failing >= 0:
                    rejected = True
                    break
                failing = position
        if rejected:
            continue
        if failing >= 0:
            counter = counts[failing]
            for value in entry.facet_values[failing]:
                counter[value] += 1
        else:
            matched.append(entry.id)
            for counter, values in zip(counts, entry.facet_values, strict=True):
                for value in values:
                    counter[value] += 1
    return matched, counts


def _option_labels(index: Labels) -> dict[str, Callable[[str], str]]:
    language = label_language()
    kinds = {kind: str(label) for kind, label in Organisation.Kind.choices}
    sizes = {size: str(label) for size, label in Organisation.SizeBand.choices}
    return {
        "kind": lambda code: kinds.get(code, code),
        "cluster": lambda slug: index.network_labels.get(slug, slug),
        "domain": lambda code: pick_label(index.domain_labels.get(code, (code,)), language),
        "nace": lambda code: f"{code} {pick_label(index.nace_labels.get(code, ()), language)}",
        "province": province_label,
        "country": country_label,
        "partner_cluster": lambda slug: index.network_labels.get(slug, slug),
        "size": lambda code: sizes.get(code, code),
    }


#: The list page's facets, in display order, with their labels; a filter left out of this
#: mapping still filters every path, it just has no select on the page.
FACET_LABELS: dict[str, Promise] = {
    "kind": _("Kind"),
    "cluster": _("Cluster or pole"),
    "domain": _("Domain"),
    "nace": _("NACE code"),
    "province": _("Province"),
    "country": _("Country"),
    "partner_cluster": _("Partner cluster (of origin)"),
    "size": _("Size"),
}


def _order(name: str, values: Iterable[str], labels: Callable[[str], str]) -> list[str]:
    """Kinds and sizes in their declared order, provinces Walloon first, NACE codes by code,
    the others by label."""
    present = set(values)
    declared = {
        "kind": [kind for kind, _label in Organisation.Kind.choices],
        "size": [size for size, _label in Organisation.SizeBand.choices],
        "province": list(PROVINCES),
    }.get(name)
    if declared is not None:
        return [v for v in declared if v in present] + sorted(present - set(declared))
    if name == "nace":
        return sorted(present)
    return sorted(present, key=lambda value: fold(labels(value)))


def _directory_facets(
    index: Labels, counts: list[Counter[str]], filters: DirectoryFilters
) -> list[Facet]:
    """The facets for the page, labelled in the current language."""
    labels = _option_labels(index)
    position = {spec.name: number for number, spec in enumerate(FILTERS)}
    facets = []
    for name, title in FACET_LABELS.items():
        count = counts[position[name]]
        selected = filters.values(name)
        options = [
            FacetOption(value, labels[name](value), count[value], value in selected)
            for value in _order(name, count, labels[name])
        ]
        for value in reversed(selected):
            if value not in count:
                options.insert(0, FacetOption(value, labels[name](value), 0, selected=True))
        facets.append(Facet(name=name, label=str(title), options=options))
    return facets


def directory_page(
    user: AnyUser, filters: DirectoryFilters, page_number: int | str | None = 1
) -> DirectoryPage:
    """One page of the directory (``PAGE_SIZE`` rows) with its facets.

    Through the in-memory ``directory_index`` (four fingerprint lookups per request, eleven
    queries when it is rebuilt), or in the database (the same lookups, the counts and labels
    from the shared cache, one query for the page's ids and two for its cards); then only the
    page's rows are read: a fixed number of queries whatever the size of the directory. The
    directory is public: ``user`` is taken for symmetry with the other access functions.
    """
    labels: Labels
    if in_database():
        directory = DatabaseDirectory()
        total, counts = directory.counts(filters)
        id_page = Paginator(_PagedIds(directory, filters, total), PAGE_SIZE).get_page(page_number)
        ids = list(id_page.object_list)
        labels, links = directory.labels, directory.cards(ids)
    else:
        index = directory_index()
        matched_ids, counts = _match_and_count(_searched(index, filters), filters)
        id_page = Paginator(matched_ids, PAGE_SIZE).get_page(page_number)
        ids = list(id_page.object_list)
        labels, links = index, _index_cards(index, ids)
    organisations = in_order(
        Organisation.objects.defer(
            "search_text", "search_name", "enterprise_number", "vat_number", "address", "website"
        ),
        ids,
    )
    label_kinds(organisations)
    _attach_card_links(labels, links, organisations)
    page: Page[Organisation] = Page(organisations, id_page.number, id_page.paginator)  # type: ignore[arg-type]
    return DirectoryPage(
        filters=filters, page=page, facets=_directory_facets(labels, counts, filters)
    )


class _PagedIds(Sequence[int]):
    """The ids matching ``filters`` in the database, for a paginator: their number is known,
    and a slice reads that page only."""

    def __init__(self, directory: DatabaseDirectory, filters: DirectoryFilters, total: int):
        self.directory, self.filters, self.total = directory, filters, total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, item: int) -> int: ...
    @overload
    def __getitem__(self, item: slice) -> list[int]: ...
    def __getitem__(self, item: int | slice) -> int | list[int]:
        if isinstance(item, int):
            return self[item : item + 1][0]
        start, stop, _step = item.indices(self.total)
        return self.directory.page_ids(self.filters, start, max(stop - start, 0))


@dataclass(frozen=True)
class CardLink:
    slug: str
    label: str


def _index_cards(index: DirectoryIndex, ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """As ``directory_sql.cards``, from the index."""
    found = {}
    for pk in ids:
        entry = index.entry(pk)
        if entry is not None:
            found[pk] = (list(entry.networks), list(entry.own_domains))
    return found


def _attach_card_links(
    labels: Labels, links: dict[int, tuple[list[str], list[str]]], organisations: list[Organisation]
) -> None:
    """Set ``card_networks`` and ``card_domains`` (labels in the current language) from
    ``links`` (id -> slugs of its clusters and poles, codes of its domains)."""
    language = label_language()
    for organisation in organisations:
        networks, domains = links.get(organisation.pk, ([], []))
        organisation.card_networks = sorted(  # type: ignore[attr-defined]
            (CardLink(slug, labels.network_labels.get(slug, slug)) for slug in sorted(networks)),
            key=lambda link: fold(link.label),
        )
        organisation.card_domains = sorted(  # type: ignore[attr-defined]
            pick_label(labels.domain_labels.get(code, (code,)), language) for code in domains
        )


def label_kinds(organisations: Iterable[Organisation]) -> None:
    """Set ``kind_label`` on each organisation: ``get_kind_display`` re-hashes the lazy choice
    labels on every call, which dominates the rendering of long lists."""
    labels = {kind: str(label) for kind, label in Organisation.Kind.choices}
    for organisation in organisations:
        organisation.kind_label = labels.get(organisation.kind, organisation.kind)  # type: ignore[attr-defined]


def networks_of_matching(filters: DirectoryFilters) -> dict[int, frozenset[str]]:
    """Organisation id -> slugs of the clusters and poles it is a member of now, for each
    organisation matching ``filters`` that is a member of one at least (what the map draws)."""
    if in_database():
        return DatabaseDirectory().networks_of_matching(filters)
    return {
        entry.id: entry.networks
        for entry in _matching(directory_index(), filters)
        if entry.networks
    }
