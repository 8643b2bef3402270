"""``/catalogue``: the public catalogue of digital providers and initiatives, and its labels."""

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from maillage.api.schemas import Page, PageParams, ProblemOut
from maillage.catalogue import queries
from maillage.catalogue.models import Entry, Label, LabelApplication

router = Router(tags=["catalogue"])


class CatalogueParams(Schema):
    q: str = Field("", max_length=200, description="Words to find (accents and case ignored).")
    technology: str = Field("", description="ai, hpc, cybersecurity, iot, cloud or data.")
    dimension: str = Field("", description="DMA dimension, D1 to D6.")
    sector: str = Field("", description="Sector code (a strategic axis).")
    province: str = Field("", description="Province of the organisation, e.g. WLG.")
    label: str = Field("", description="Slug of a label valid today.")
    language: str = Field("", description="fr, en, nl or de.")
    kind: str = Field("", description="provider, programme, call, living_lab, hub, initiative.")


class LabelGrantOut(Schema):
    label: str = Field(description="The label's slug.")
    name: str
    body: str | None = Field(description="Slug of the labelling body (null: recorded only).")
    valid_from: date | None
    valid_until: date | None

    @staticmethod
    def resolve_label(obj: LabelApplication) -> str:
        return obj.label.slug

    @staticmethod
    def resolve_name(obj: LabelApplication) -> str:
        return obj.label.name

    @staticmethod
    def resolve_body(obj: LabelApplication) -> str | None:
        return obj.label.body.slug if obj.label.body else None


class EntryOut(Schema):
    slug: str
    name: str
    kind: Entry.Kind
    organisation: str | None = Field(description="Slug of the provider or of who runs it.")
    summary: dict[str, str]
    offers: list[str]
    technologies: list[str]
    dimensions: list[str]
    sectors: list[str]
    sizes: list[str]
    languages: list[str]
    references: list[str]
    website: str
    synthetic: bool = Field(description="Generated demo data.")
    labels: list[LabelGrantOut] = Field(description="Labels valid today, with their dates.")

    @staticmethod
    def resolve_organisation(obj: Entry) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_labels(obj: Entry) -> list[LabelApplication]:
        return list(obj.current_labels)  # type: ignore[attr-defined]


class LabelOut(Schema):
    slug: str
    name: str
    body: str | None
    criteria: dict[str, str]
    validity_months: int
    active: bool = Field(description="Open to applications.")

    @staticmethod
    def resolve_body(obj: Label) -> str | None:
        return obj.body.slug if obj.body else None


@router.get("", response={200: Page[EntryOut], 422: ProblemOut})
def list_entries(
    request: HttpRequest, filters: Query[CatalogueParams], page: Query[PageParams]
) -> dict[str, object]:
    """Published entries matching every filter (the catalogue page's filters), by name."""
    params = filters.dict()
    selected = queries.CatalogueFilters.from_params(params)
    ids, _counts = queries.matching_ids(selected)
    window = ids[page.offset : page.offset + page.limit]
    return {
        "count": len(ids),
        "limit": page.limit,
        "offset": page.offset,
        "items": queries.entries_by_id(window),
    }


@router.get("/labels", response={200: list[LabelOut]})
def list_labels(request: HttpRequest) -> list[Label]:
    """Every label, with its body, criteria and validity."""
    return list(queries.labels())


@router.get("/entries/{slug}", response={200: EntryOut, 404: ProblemOut})
def get_entry(request: HttpRequest, slug: str) -> Entry:
    found = queries.entries_by_id(
        Entry.objects.filter(slug=slug, published=True).values_list("pk", flat=True)
    )
    if not found:
        raise Http404
    return found[0]
