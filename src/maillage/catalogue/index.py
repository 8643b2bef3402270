"""An in-memory index of the published catalogue: filters, facet counts and search for the public
pages and the API, fast on tens of thousands of entries.

Why: the list shows six facets, each counted over the entries matching the *other* filters.
In SQL that is six grouped queries over JSON lists; here each facet value is a boolean column of
a numpy matrix (entries in name order), so filtering is an AND of a few columns and all the
counts of a facet are one matrix product. Only the page's rows are then read from the table.
Search is a scan of the folded texts (every word must occur), cached per query.

Freshness (``core.rebuilt``): a fingerprint of the tables (row counts, highest ids, latest edits,
and today's date, since labels expire) is compared on every request, and the index is rebuilt at
the latest after ``MAX_AGE_SECONDS``; saves seen by this process drop it at once.

Built once per change, not once per process: reading 20,000 entries and decoding their JSON
lists takes seconds (the load benchmark's long tail was every server process building it on its
first request). So the index is stored in the shared cache under its fingerprint, compactly
(facet columns as bits), and a process whose index is stale loads it from there in
milliseconds. The worker builds it ahead of the pages: after every committed change
(``tasks.prebuild_catalogue_index``, queued by the app's signal receivers) and periodically
(labels expire at midnight). A request builds it only when no one has yet.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone
from numpy.typing import NDArray

from maillage.catalogue.models import Entry, LabelApplication, LabelEvent
from maillage.core.rebuilt import Rebuilt
from maillage.ecosystem.text import search_terms

#: The fingerprint sees every change made through the models (any process), so this only bounds
#: how long a change made behind their back (raw SQL, a deleted row) may go unseen.
MAX_AGE_SECONDS = 600.0
#: How long a stored index stays in the shared cache (a newer fingerprint replaces it sooner).
CACHE_SECONDS = 24 * 3600
#: Searches remembered per index (their matching rows).
SEARCH_CACHE = 256
#: The facets, in display order, and the filter parameter of each.
FACETS = ("technology", "dimension", "sector", "province", "label", "language", "kind")

type Mask = NDArray[np.bool_]


@dataclass
class CatalogueIndex:
    ids: NDArray[np.int64]
    texts: list[str]
    #: Facet -> (values in column order, 0/1 matrix values x entries, float32 so that counting
    #: a facet is one BLAS matrix-vector product).
    facets: dict[str, tuple[list[str], NDArray[np.float32]]]
    searches: OrderedDict[str, Mask] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def column(self, facet: str, value: str) -> Mask:
        values, matrix = self.facets[facet]
        if value not in values:
            return np.zeros(len(self.ids), dtype=bool)
        column: Mask = matrix[values.index(value)] > 0
        return column

    def search(self, query: str) -> Mask:
        terms = search_terms(query)
        key = " ".join(terms)
        with self.lock:
            cached = self.searches.get(key)
            if cached is not None:
                self.searches.move_to_end(key)
                return cached
        found = np.fromiter(
            (all(term in text for term in terms) for text in self.texts),
            dtype=bool,
            count=len(self.texts),
        )
        with self.lock:
            self.searches[key] = found
            if len(self.searches) > SEARCH_CACHE:
                self.searches.popitem(last=False)
        return found


@dataclass(frozen=True)
class Selection:
    """What matched: ids in name order, and per facet the counts over the *other* filters."""

    ids: list[int]
    counts: dict[str, dict[str, int]]


def select(index: CatalogueIndex, filters: Mapping[str, str], query: str = "") -> Selection:
    """Entries matching every filter (facet -> value; "" or absent: any) and every search word."""
    everything = np.ones(len(index.ids), dtype=bool)
    base = index.search(query) if search_terms(query) else everything
    masks = {facet: index.column(facet, filters[facet]) for facet in FACETS if filters.get(facet)}
    matched = base.copy()
    for mask in masks.values():
        matched &= mask
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        others = base.copy()
        for name, mask in masks.items():
            if name != facet:
                others &= mask
        values, matrix = index.facets[facet]
        totals = matrix @ others.astype(np.float32)
        counts[facet] = {
            value: round(n) for value, n in zip(values, totals.tolist(), strict=True) if n
        }
    return Selection(ids=index.ids[matched].tolist(), counts=counts)


def _matrix(rows: Sequence[Sequence[str]]) -> tuple[list[str], NDArray[np.float32]]:
    values = sorted({value for row in rows for value in row if value})
    position = {value: i for i, value in enumerate(values)}
    cells = [(position[value], column) for column, row in enumerate(rows) for value in row if value]
    matrix = np.zeros((len(values), len(rows)), dtype=np.float32)
    if cells:
        value_rows, columns = zip(*cells, strict=True)
        matrix[list(value_rows), list(columns)] = 1
    return values, matrix


GENERATION_KEY = "catalogue:index:generation"


def _fingerprint() -> tuple[Any, ...]:
    """The latest entry, entry edit and label event (three index lookups): every save of an
    entry moves ``updated_at``, every step of an application writes a ``LabelEvent``. Today's
    date too, since labels expire, and the generation every committed change made through the
    models moves in the shared cache (``bump_generation``): deletions, seen by every process."""
    # One aggregate per query: SQLite answers a lone MAX() from the index's end, but scans the
    # whole table for two in one query (18 ms instead of under 1 ms on 20,000 entries).
    return (
        Entry.objects.aggregate(last=Max("id"))["last"],
        Entry.objects.aggregate(edited=Max("updated_at"))["edited"],
        LabelEvent.objects.aggregate(last=Max("id"))["last"],
        timezone.localdate(),
        cache.get(GENERATION_KEY, 0),
    )


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not stored yet, or evicted
        cache.set(GENERATION_KEY, 1, None)


def build_index(fingerprint: object = None) -> CatalogueIndex:
    """Read the published catalogue (two queries)."""
    labels: dict[int, list[str]] = {}
    for entry_id, slug in LabelApplication.objects.current().values_list("entry_id", "label__slug"):
        labels.setdefault(entry_id, []).append(slug)
    rows = list(
        Entry.objects.filter(published=True)
        .order_by("name", "id")
        .values_list(
            "id",
            "search_text",
            "kind",
            "technologies",
            "dimensions",
            "sectors",
            "languages",
            "organisation__province",
        )
    )
    facet_rows: dict[str, list[Sequence[str]]] = {facet: [] for facet in FACETS}
    for pk, _text, kind, technologies, dimensions, sectors, languages, province in rows:
        facet_rows["technology"].append(technologies or [])
        facet_rows["dimension"].append(dimensions or [])
        facet_rows["sector"].append(sectors or [])
        facet_rows["province"].append([province or ""])
        facet_rows["label"].append(labels.get(pk, []))
        facet_rows["language"].append(languages or [])
        facet_rows["kind"].append([kind])
    return CatalogueIndex(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        texts=[row[1] for row in rows],
        facets={facet: _matrix(values) for facet, values in facet_rows.items()},
    )


def _cache_key(fingerprint: object) -> str:
    digest = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:24]
    return f"catalogue:index:{digest}"


def _pack(index: CatalogueIndex) -> dict[str, Any]:
    """What the cache stores: the 0/1 facet matrices as bits (a 32nd of their float size)."""
    return {
        "ids": index.ids,
        "texts": index.texts,
        "facets": {
            facet: (values, np.packbits(matrix > 0, axis=1))
            for facet, (values, matrix) in index.facets.items()
        },
    }


def _unpack(payload: dict[str, Any]) -> CatalogueIndex:
    count = len(payload["ids"])
    return CatalogueIndex(
        ids=payload["ids"],
        texts=payload["texts"],
        facets={
            facet: (values, np.unpackbits(bits, axis=1, count=count).astype(np.float32))
            for facet, (values, bits) in payload["facets"].items()
        },
    )


def load_or_build_index(fingerprint: tuple[Any, ...]) -> CatalogueIndex:
    """The index stored for ``fingerprint`` by the worker or another process; built (and
    stored) here only when none is."""
    payload = cache.get(_cache_key(fingerprint))
    if payload is not None:
        return _unpack(payload)
    index = build_index()
    cache.set(_cache_key(fingerprint), _pack(index), CACHE_SECONDS)
    return index


def prebuild_index(*, force: bool = False) -> bool:
    """Build and store the index of the catalogue as it is now, unless already stored or
    ``force`` (the periodic pass: catches changes made behind the models' back). Returns
    whether it built one."""
    fingerprint = _fingerprint()
    if not force and cache.has_key(_cache_key(fingerprint)):
        return False
    cache.set(_cache_key(fingerprint), _pack(build_index()), CACHE_SECONDS)
    return True


_index = Rebuilt(load_or_build_index, _fingerprint, max_age=MAX_AGE_SECONDS)


def catalogue_index() -> CatalogueIndex:
    """The current index: this process's, or the stored one when the tables changed."""
    return _index.get()


def invalidate_index() -> None:
    """Drop this process's index and the stored one it came from (the catalogue changed: a
    deletion leaves the fingerprint as it was until the change is committed)."""
    seen = _index.seen
    _index.invalidate()
    if seen is not None:
        cache.delete(_cache_key(seen))
