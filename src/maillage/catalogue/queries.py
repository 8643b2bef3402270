"""Reads of the catalogue for pages and the API, with access applied here (the catalogue is
public; applications under review and refusals are seen by the entry's people and the body)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser
from maillage.catalogue import permissions
from maillage.catalogue.index import FACETS, catalogue_index, select
from maillage.catalogue.models import Entry, Label, LabelApplication, LabelEvent, Technology
from maillage.catalogue.vocabulary import dimension_labels
from maillage.core.i18n import label_expression
from maillage.ecosystem.models import Domain
from maillage.ecosystem.places import province_label

PAGE_SIZE = 25
MAX_QUERY_LENGTH = 200
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "nl": "Nederlands", "de": "Deutsch"}


@dataclass(frozen=True)
class CatalogueFilters:
    """The list's filters: a value per facet ("" for any) and the search words."""

    values: Mapping[str, str]
    q: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> "CatalogueFilters":
        def value(name: str) -> str:
            return str(params.get(name) or "").strip()[:120]

        values = {facet: value(facet) for facet in FACETS}
        values["province"] = values["province"].upper()
        values["dimension"] = values["dimension"].upper()
        return cls(values=values, q=str(params.get("q") or "").strip()[:MAX_QUERY_LENGTH])

    @property
    def active(self) -> bool:
        return bool(self.q) or any(self.values.values())


def current_labels() -> Prefetch[Any]:
    return Prefetch(
        "label_applications",
        queryset=LabelApplication.objects.current().select_related("label", "label__body"),
        to_attr="current_labels",
    )


def matching_ids(filters: CatalogueFilters) -> tuple[list[int], dict[str, dict[str, int]]]:
    """The ids of the published entries matching ``filters`` (name order), and facet counts.
    The page and the API both select through here."""
    selection = select(catalogue_index(), filters.values, filters.q)
    return selection.ids, selection.counts


def entries_by_id(ids: Iterable[int]) -> list[Entry]:
    """The entries ``ids`` in that order, with organisation and current labels (3 queries)."""
    wanted = list(ids)
    rows = {
        entry.pk: entry
        for entry in Entry.objects.filter(pk__in=wanted)
        .select_related("organisation")
        .prefetch_related(current_labels())
    }
    return [rows[pk] for pk in wanted if pk in rows]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    options: list[FacetOption]


@dataclass
class CataloguePage:
    filters: CatalogueFilters
    page: Page[Entry]
    facets: list[Facet] = field(default_factory=list)


def _facet_labels(counts: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, str]]:
    sectors = dict(
        Domain.objects.filter(code__in=list(counts.get("sector", {}))).values_list(
            "code", label_expression()
        )
    )
    labels = dict(
        Label.objects.filter(slug__in=list(counts.get("label", {}))).values_list("slug", "name")
    )
    return {
        "technology": {k: str(v) for k, v in Technology.choices},
        "dimension": {k: f"{k} {v}" for k, v in dimension_labels().items()},
        "sector": sectors,
        "province": {code: province_label(code) for code in counts.get("province", {})},
        "label": labels,
        "language": LANGUAGE_NAMES,
        "kind": {k: str(v) for k, v in Entry.Kind.choices},
    }


def catalogue_page(filters: CatalogueFilters, page_number: Any = 1) -> CataloguePage:
    """One page of the catalogue with its facets: the index's few fingerprint queries, three for
    the page's rows, two for the facets' names, whatever the catalogue's size."""
    ids, counts = matching_ids(filters)
    id_page = Paginator(ids, PAGE_SIZE).get_page(page_number)
    entries = entries_by_id(id_page.object_list)
    names = _facet_labels(counts)
    facets = [
        Facet(
            name=facet,
            options=sorted(
                (
                    FacetOption(
                        value=value,
                        label=names[facet].get(value, value),
                        count=count,
                        selected=filters.values.get(facet) == value,
                    )
                    for value, count in counts[facet].items()
                ),
                key=lambda option: option.label,
            ),
        )
        for facet in FACETS
    ]
    _prepare_cards(entries)
    page: Page[Entry] = Page(entries, id_page.number, id_page.paginator)  # type: ignore[arg-type]
    return CataloguePage(filters=filters, page=page, facets=facets)


@dataclass(frozen=True)
class Badge:
    slug: str
    name: str
    #: "valid 01/02/2026–31/01/2028", or "since ..." without expiry.
    dates: str


def badges(applications: Iterable[LabelApplication]) -> list[Badge]:
    """Labels valid today (``valid_from`` set) with their dates in words, formatted once here
    rather than per template tag."""
    result = []
    for application in applications:
        start = (
            formats.date_format(application.valid_from, "SHORT_DATE_FORMAT")
            if application.valid_from
            else ""
        )
        if application.valid_until:
            end = formats.date_format(application.valid_until, "SHORT_DATE_FORMAT")
            dates = _("valid %(start)s–%(end)s") % {"start": start, "end": end}
        else:
            dates = _("since %(start)s") % {"start": start}
        result.append(Badge(application.label.slug, application.label.name, dates))
    return result


def _prepare_cards(entries: list[Entry]) -> None:
    """Set ``kind_label`` and ``badges`` on each entry: the list renders 25 cards, and lazy
    choice labels and per-label includes dominate its rendering otherwise."""
    kinds = {kind: str(label) for kind, label in Entry.Kind.choices}
    for entry in entries:
        entry.kind_label = kinds.get(entry.kind, entry.kind)  # type: ignore[attr-defined]
        entry.badges = badges(entry.current_labels)  # type: ignore[attr-defined]


@dataclass
class EntryPage:
    entry: Entry
    labels: list[LabelApplication]
    #: Granted, withdrawn and expired labels, with their history (public).
    history: list[LabelEvent]
    #: Applications under review or refused: for the entry's people and the reviewers only.
    private_applications: list[LabelApplication]
    open_labels: list[Label]
    can_edit: bool
    dimension_names: dict[str, str]
    sector_names: dict[str, str]


def entry_page(user: AnyUser, slug: str) -> EntryPage:
    entry = (
        Entry.objects.select_related("organisation", "initiative")
        .prefetch_related(current_labels())
        .filter(slug=slug, published=True)
        .first()
    )
    if entry is None:
        raise Http404
    can_edit = permissions.can_edit_entry(user, entry)
    applications = list(
        LabelApplication.objects.filter(entry=entry).select_related("label", "label__body")
    )
    private = [
        application
        for application in applications
        if application.status in {LabelApplication.Status.PENDING, LabelApplication.Status.REFUSED}
        and (can_edit or permissions.can_review(user, application.label))
    ]
    public_events = list(
        LabelEvent.objects.filter(
            application__entry=entry,
            action__in=[LabelEvent.Action.APPROVED, LabelEvent.Action.WITHDRAWN],
        ).select_related("application__label")
    )
    held = {a.label_id for a in applications if a.status in {"pending", "approved"}}
    return EntryPage(
        entry=entry,
        labels=entry.current_labels,  # type: ignore[attr-defined]
        history=public_events,
        private_applications=private,
        open_labels=list(Label.objects.filter(active=True, body__isnull=False).exclude(pk__in=held))
        if can_edit
        else [],
        can_edit=can_edit,
        dimension_names=dimension_labels(),
        sector_names=dict(
            Domain.objects.filter(code__in=entry.sectors).values_list("code", label_expression())
        ),
    )


@dataclass
class LabelPage:
    label: Label
    holders: list[LabelApplication]
    to_review: list[LabelApplication]
    can_review: bool


def label_page(user: AnyUser, slug: str) -> LabelPage:
    label = Label.objects.select_related("body").filter(slug=slug).first()
    if label is None:
        raise Http404
    reviewer = permissions.can_review(user, label)
    holders = list(
        LabelApplication.objects.current()
        .filter(label=label, entry__published=True)
        .select_related("entry")
        .order_by("entry__name")
    )
    to_review = (
        list(
            LabelApplication.objects.filter(
                label=label,
                status__in=[LabelApplication.Status.PENDING, LabelApplication.Status.APPROVED],
            )
            .select_related("entry", "applied_by")
            .order_by("status", "applied_at")
        )
        if reviewer
        else []
    )
    return LabelPage(label=label, holders=holders, to_review=to_review, can_review=reviewer)


def labels() -> QuerySet[Label]:
    return Label.objects.select_related("body").order_by("name")


def application_for(pk: int) -> LabelApplication:
    found = LabelApplication.objects.select_related("label", "label__body", "entry").filter(pk=pk)
    application = found.first()
    if application is None:
        raise Http404
    return application


def organisation_labels(organisation_ids: Iterable[int]) -> dict[int, list[LabelApplication]]:
    """The labels valid today of each organisation's catalogue entries (one query): what the
    directory shows beside an organisation."""
    result: dict[int, list[LabelApplication]] = {}
    for application in (
        LabelApplication.objects.current()
        .filter(entry__organisation_id__in=list(organisation_ids), entry__published=True)
        .select_related("label", "entry")
        .order_by("label__name")
    ):
        result.setdefault(application.entry.organisation_id or 0, []).append(application)
    return result
