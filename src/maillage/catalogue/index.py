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
"""

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from numpy.typing import NDArray

from maillage.catalogue.models import Entry, LabelApplication, LabelEvent
from maillage.core.rebuilt import Rebuilt
from maillage.ecosystem.text import search_terms

#: The fingerprint sees every change made through the models (any process), so this only bounds
#: how long a change made behind their back (raw SQL, a deleted row) may go unseen.
MAX_AGE_SECONDS = 600.0
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
    matrix = np.zeros((len(values), len(rows)), dtype=np.float32)
    for column, row in enumerate(rows):
        for value in row:
            if value:
                matrix[position[value], column] = 1
    return values, matrix


def _fingerprint() -> tuple[Any, ...]:
    """The latest entry, entry edit and label event (two index lookups): every save of an
    entry moves ``updated_at``, every step of an application writes a ``LabelEvent``. Today's
    date too, since labels expire."""
    entries = Entry.objects.aggregate(last=Max("id"), edited=Max("updated_at"))
    return (
        *entries.values(),
        LabelEvent.objects.aggregate(last=Max("id"))["last"],
        timezone.localdate(),
    )


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


_index = Rebuilt(build_index, _fingerprint, max_age=MAX_AGE_SECONDS)


def catalogue_index() -> CatalogueIndex:
    """The current index, rebuilt when the tables changed or it is too old."""
    return _index.get()


for _model in (Entry, LabelApplication):
    post_save.connect(_index.invalidate, sender=_model, dispatch_uid=f"catalogue-save-{_model}")
    post_delete.connect(_index.invalidate, sender=_model, dispatch_uid=f"catalogue-del-{_model}")
