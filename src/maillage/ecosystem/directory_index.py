"""An in-memory index of the directory for the list page's search and facet counts: the
directory's path on SQLite (the embedded default); PostgreSQL reads the same rules in the
database (``directory_sql``), see ``directory.in_database``.

Why: the list page shows eight facets, each counted over the organisations matching the
*other* filters. Done in SQL that is eight grouped queries, each repeating the text search and
the joins (well over 100 ms with 2,000 organisations on SQLite). The index holds, per
organisation, the few fields the filters use (about 1 KB each, mostly the folded search text),
so matching, counting and sorting happen in Python in a few milliseconds, and the page fetches
only its 25 rows.

Freshness: saves and deletions seen by this process's signals drop the index at once, and
write a new directory version into the shared cache, which every other process (web, worker)
reads; every request compares a fingerprint (that version, the latest organisation edit and the
highest ids: index lookups, whatever the directory's size, where row counts read whole tables:
a third of a second per request with 100,000 organisations on PostgreSQL), which catches
changes made through the models anywhere and rows added in bulk; and the index is rebuilt at the
latest after ``MAX_AGE_SECONDS`` anyway (rows deleted or edited behind the models' back).

The list page, the API, the exports and the map all select through ``directory`` (this index,
or the database), with the filters of ``filters``: one reading of the directory. The
fingerprint also keys what the database path keeps in the shared cache.
"""

import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save

from maillage.core.i18n import label_fields
from maillage.ecosystem.filters import FILTERS
from maillage.ecosystem.models import Domain, Membership, NaceCode, Organisation
from maillage.ecosystem.text import fold, search_terms

#: The fingerprint sees every change made through the models (any process) and rows added in
#: bulk, so this only bounds how long a change made behind their back may go unseen; a rebuild
#: reads the whole directory (seconds with 100,000 organisations), so not every minute.
MAX_AGE_SECONDS = 600.0
#: Shared-cache key of the directory's version, renewed by every change seen by a signal.
VERSION_KEY = "ecosystem:directory-version"

_DomainLink = Organisation.domains.through
_NaceLink = Organisation.nace_codes.through


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    kind: str
    province: str
    country: str
    size_band: str
    #: Slugs of the clusters and poles the organisation belongs to.
    networks: frozenset[str]
    #: Codes of its domains and of their parent axes (an axis filter matches sub-domains).
    domains: frozenset[str]
    #: Codes of its own domains only (for the domain facet counts).
    own_domains: frozenset[str]
    nace: tuple[str, ...]
    #: Slug of its cluster of origin (a foreign organisation's partner cluster), or "".
    origin: str
    #: Folded search text plus the folded labels of its domains, in every language.
    text: str
    #: Folded name and short name: a search matching them ranks the organisation first.
    name_text: str
    #: Values for each filter of ``filters.FILTERS``, in that order, empty values left out.
    facet_values: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Labels:
    """What the directory's facets and cards are labelled with."""

    #: Slug of a cluster or pole -> its short name, else its name.
    network_labels: dict[str, str]
    #: code -> its labels in ``core.i18n.LABEL_LANGUAGES`` order (read with ``pick_label``)
    domain_labels: dict[str, tuple[str, ...]]
    nace_labels: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class DirectoryIndex(Labels):
    #: In directory order (name, then id).
    entries: tuple[Entry, ...]
    fingerprint: tuple[Any, ...]
    built_at: float
    by_id: dict[int, Entry]

    def entry(self, organisation_id: int) -> Entry | None:
        return self.by_id.get(organisation_id)

    def search(self, query: str) -> list[Entry]:
        """Entries where every folded word of ``query`` occurs in the indexed text; those whose
        name (or short name) holds every word first, each group in directory order."""
        words = search_terms(query)
        found = [entry for entry in self.entries if all(word in entry.text for word in words)]
        in_name = [entry for entry in found if all(word in entry.name_text for word in words)]
        if not in_name or len(in_name) == len(found):
            return found
        named = {entry.id for entry in in_name}
        return in_name + [entry for entry in found if entry.id not in named]


def fingerprint() -> tuple[Any, ...]:
    """The shared directory version, the latest organisation edit and the highest ids: lookups
    on indexes, so cheap whatever the tables' size (no row counts)."""
    organisations = Organisation.objects.aggregate(edited=Max("updated_at"), last=Max("id"))
    return (
        cache.get(VERSION_KEY),
        *organisations.values(),
        *(
            model.objects.aggregate(last=Max("id"))["last"]
            for model in (Membership, _DomainLink, _NaceLink)
        ),
    )


def label_text(labels: Iterable[str]) -> str:
    """A domain's labels in every language, folded: what a search word may match."""
    return " ".join(fold(label) for label in labels if label)


def _group(rows: Iterable[tuple[int, str]]) -> dict[int, set[str]]:
    grouped: dict[int, set[str]] = {}
    for organisation_id, value in rows:
        grouped.setdefault(organisation_id, set()).add(value)
    return grouped


def build_index(version: tuple[Any, ...] | None = None) -> DirectoryIndex:
    """Read the directory into a fresh index (six queries)."""
    domains = {
        pk: (code, tuple(labels), parent_id)
        for pk, code, parent_id, *labels in Domain.objects.values_list(
            "id", "code", "parent_id", *label_fields()
        )
    }
    domain_text = {pk: label_text(labels) for pk, (_c, labels, _p) in domains.items()}
    networks = {
        pk: (slug, short or name)
        for pk, slug, short, name in Organisation.objects.filter(
            kind__in=Organisation.NETWORK_KINDS
        ).values_list("id", "slug", "short_name", "name")
    }
    memberships = _group(
        (organisation_id, networks[network_id][0])
        for organisation_id, network_id in Membership.objects.current().values_list(
            "organisation_id", "network_id"
        )
        if network_id in networks
    )
    domain_ids: dict[int, list[int]] = {}
    for organisation_id, domain_id in _DomainLink.objects.values_list(
        "organisation_id", "domain_id"
    ):
        domain_ids.setdefault(organisation_id, []).append(domain_id)
    nace_labels: dict[str, tuple[str, ...]] = {}
    nace_codes: dict[int, list[str]] = {}
    for organisation_id, code, *labels in _NaceLink.objects.values_list(
        "organisation_id", "nacecode__code", *label_fields("nacecode__")
    ):
        nace_labels[code] = tuple(labels)
        nace_codes.setdefault(organisation_id, []).append(code)

    entries = []
    rows = Organisation.objects.order_by("name", "id").values_list(
        "id",
        "kind",
        "province",
        "country",
        "size_band",
        "search_text",
        "name",
        "short_name",
        "origin_cluster_id",
    )
    for pk, kind, province, country, size_band, search_text, name, short_name, origin in rows:
        own = domain_ids.get(pk, [])
        codes = {domains[d][0] for d in own}
        parents = {domains[domains[d][2]][0] for d in own if domains[d][2] in domains}
        entry = Entry(
            id=pk,
            kind=kind,
            province=province,
            country=country,
            size_band=size_band,
            networks=frozenset(memberships.get(pk, ())),
            domains=frozenset(codes | parents),
            own_domains=frozenset(codes),
            nace=tuple(sorted(nace_codes.get(pk, ()))),
            origin=networks[origin][0] if origin in networks else "",
            text=" ".join([search_text, *(domain_text[d] for d in own)]),
            name_text=fold(f"{name} {short_name}"),
            facet_values=(),
        )
        values = tuple(tuple(sorted(v for v in spec.facet_values(entry) if v)) for spec in FILTERS)
        entries.append(replace(entry, facet_values=values))
    return DirectoryIndex(
        entries=tuple(entries),
        network_labels=dict(networks.values()),
        domain_labels={code: labels for code, labels, _parent in domains.values()},
        nace_labels=nace_labels,
        fingerprint=version if version is not None else fingerprint(),
        built_at=time.monotonic(),
        by_id={entry.id: entry for entry in entries},
    )


_lock = threading.Lock()
_current: DirectoryIndex | None = None


def directory_index() -> DirectoryIndex:
    """The current index, rebuilt when the tables changed or it is too old."""
    global _current  # noqa: PLW0603 - one index per process, swapped whole
    version = fingerprint()

    def fresh(index: DirectoryIndex | None) -> bool:
        return (
            index is not None
            and index.fingerprint == version
            and time.monotonic() - index.built_at < MAX_AGE_SECONDS
        )

    index = _current
    if index is not None and fresh(index):
        return index
    with _lock:
        # Another thread may have rebuilt it while this one waited for the lock.
        index = _current
        if index is None or not fresh(index):
            index = build_index(version)
            _current = index
    return index


def invalidate(**_kwargs: Any) -> None:
    """Drop this process's index and tell the others (a signal receiver)."""
    global _current  # noqa: PLW0603
    _current = None
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


for _model in (Organisation, Membership, Domain, NaceCode):
    post_save.connect(invalidate, sender=_model, dispatch_uid=f"directory-index-save-{_model}")
    post_delete.connect(invalidate, sender=_model, dispatch_uid=f"directory-index-del-{_model}")
for _through in (_DomainLink, _NaceLink):
    m2m_changed.connect(invalidate, sender=_through, dispatch_uid=f"directory-index-m2m-{_through}")
