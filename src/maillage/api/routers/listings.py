"""``/listings``: the marketplace's offers and needs, and writes through its services."""

from datetime import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

from maillage.accounts.models import User
from maillage.api.auth import actor, authorised
from maillage.api.pagination import paginate
from maillage.api.schemas import OrganisationRef, Page, PageParams, ProblemOut, RecordId, named_enum
from maillage.ecosystem.models import Organisation
from maillage.marketplace import permissions, queries, services
from maillage.marketplace.models import Listing

router = Router(tags=["listings"])

ListingKind = Annotated[Listing.Direction, named_enum(Listing.Direction, "ListingKind")]
ListingType = Annotated[Listing.Category, named_enum(Listing.Category, "ListingType")]
ListingStatus = Annotated[Listing.Status, named_enum(Listing.Status, "ListingStatus")]

#: A slug's characters: anything else (a NUL, which PostgreSQL refuses in a query) is a 422.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"
_READ_ERRORS = {404: ProblemOut, 422: ProblemOut}
_WRITE_ERRORS = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    413: ProblemOut,
    422: ProblemOut,
}


class ListingOut(Schema):
    id: int
    organisation: OrganisationRef
    kind: ListingKind = Field(description="offer or need.")
    type: ListingType
    title: str
    description: str
    language: str = Field(description="ISO 639-1 code of the text.")
    domains: list[str] = Field(description="Domain codes (see /domains).")
    expires_at: datetime
    status: ListingStatus = Field(
        description="active (shown and matched until its expiry), withdrawn or expired."
    )
    synthetic: bool = Field(description="Generated demo data.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_kind(obj: Listing) -> str:
        return obj.direction

    @staticmethod
    def resolve_type(obj: Listing) -> str:
        return obj.category

    @staticmethod
    def resolve_domains(obj: Listing) -> list[str]:
        return [domain.code for domain in obj.domains.all()]


class ListingParams(Schema):
    kind: ListingKind | None = None
    type: ListingType | None = None
    domain: str = Field(
        "", max_length=120, description="Domain code; a strategic axis includes its sub-domains."
    )
    organisation: str = Field(
        "", max_length=120, pattern=SLUG_PATTERN, description="Slug of the organisation."
    )
    search: str = Field(
        "", max_length=200, description="Words to find in titles, descriptions and names."
    )
    mine: bool = Field(
        False,
        description="Every listing (whatever its status) of the organisations you publish for.",
    )


class _ListingFields(Schema):
    model_config = ConfigDict(extra="forbid")


class ListingCreate(_ListingFields):
    organisation: str = Field(
        max_length=120, pattern=SLUG_PATTERN, description="Slug of the organisation publishing it."
    )
    kind: ListingKind
    type: ListingType
    title: str
    description: str = ""
    language: str = "fr"
    domains: list[str] = []
    expires_at: datetime = Field(description="With its time zone; in the future, within 2 years.")


class ListingPatch(_ListingFields):
    """Only the fields sent are changed; ``null`` is refused."""

    kind: ListingKind | SkipJsonSchema[None] = None
    type: ListingType | SkipJsonSchema[None] = None
    title: str | SkipJsonSchema[None] = None
    description: str | SkipJsonSchema[None] = None
    language: str | SkipJsonSchema[None] = None
    domains: list[str] | SkipJsonSchema[None] = None
    expires_at: datetime | SkipJsonSchema[None] = None


#: API field -> service field, where they differ.
_SERVICE_NAMES = {"kind": "direction", "type": "category"}


def _service_data(payload: Schema, *, partial: bool) -> dict[str, object]:
    data = payload.model_dump(exclude_unset=partial, exclude={"organisation"})
    return {_SERVICE_NAMES.get(name, name): value for name, value in data.items()}


def _may_publish(request: HttpRequest, user: User) -> None:
    """Someone who may publish for no organisation is refused before the body is read."""
    if not (user.is_platform_admin or permissions.publisher_organisation_ids(user)):
        raise PermissionDenied(permissions.PUBLISH_REFUSED)


def _listing_id(request: HttpRequest) -> int:
    match = request.resolver_match
    raw = str(match.kwargs.get("listing_id", "")) if match is not None else ""
    if not raw.isdigit():
        raise Http404(_("No listing has this number."))
    return int(raw)


def _may_edit(request: HttpRequest, user: User) -> None:
    queries.listing_for_edit(user, _listing_id(request))


@router.get("", response={200: Page[ListingOut], **_READ_ERRORS})
def list_listings(
    request: HttpRequest, filters: Query[ListingParams], page: Query[PageParams]
) -> dict[str, object]:
    """Active offers and needs, newest first, filtered like the marketplace page (``mine``:
    your organisations' listings of every status)."""
    params = filters.model_dump()
    params["q"] = params.pop("search")
    selected = queries.ListingFilters.from_params(params)
    return paginate(queries.browse(actor(request), selected), page)


@router.get("/{listing_id}", response={200: ListingOut, **_READ_ERRORS})
def get_listing(request: HttpRequest, listing_id: RecordId) -> Listing:
    """One listing (withdrawn and expired ones only for their organisation's representatives)."""
    return queries.listing_for(actor(request), listing_id)


@router.post("", response={201: ListingOut, **_WRITE_ERRORS}, auth=authorised(_may_publish))
def create_listing(request: HttpRequest, payload: ListingCreate) -> Status[Listing]:
    """Publish an offer or a need in the name of an organisation you represent."""
    organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        raise Http404(
            _("No organisation has the slug or id %(ref)s.") % {"ref": payload.organisation}
        )
    listing = services.publish_listing(
        actor=actor(request), organisation=organisation, data=_service_data(payload, partial=False)
    )
    return Status(201, queries.listing_for(actor(request), listing.pk))


@router.patch(
    "/{listing_id}", response={200: ListingOut, **_WRITE_ERRORS}, auth=authorised(_may_edit)
)
def patch_listing(request: HttpRequest, listing_id: RecordId, payload: ListingPatch) -> Listing:
    """Change some fields; a new expiry publishes an expired listing again."""
    listing = queries.listing_for_edit(actor(request), listing_id)
    services.update_listing(
        actor=actor(request), listing=listing, data=_service_data(payload, partial=True)
    )
    return queries.listing_for(actor(request), listing_id)


@router.post(
    "/{listing_id}/withdraw",
    response={200: ListingOut, **_WRITE_ERRORS},
    auth=authorised(_may_edit),
)
def withdraw_listing(request: HttpRequest, listing_id: RecordId) -> Listing:
    """Take the listing down for good (it leaves browsing and matching at once)."""
    listing = queries.listing_for_edit(actor(request), listing_id)
    services.withdraw_listing(actor=actor(request), listing=listing)
    return queries.listing_for(actor(request), listing_id)
