"""``/organisations``: the directory, its search, and writes through the ecosystem services."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from maillage.accounts.models import User
from maillage.api.auth import actor, authorised
from maillage.api.pagination import paginate
from maillage.api.schemas import (
    ContactOut,
    OrganisationCreate,
    OrganisationKind,
    OrganisationOut,
    OrganisationPatch,
    OrganisationPut,
    Page,
    PageParams,
    ProblemOut,
    write_data,
)
from maillage.ecosystem import permissions, services
from maillage.ecosystem.directory import in_order, matching_page
from maillage.ecosystem.filters import DirectoryFilters
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.queries import with_public_relations

router = Router(tags=["organisations"])

_READ_ERRORS = {404: ProblemOut, 422: ProblemOut}
_WRITE_ERRORS = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    413: ProblemOut,
    422: ProblemOut,
}


class OrganisationFilters(Schema):
    """The directory's filters (``ecosystem.filters``); each may be repeated to mean "any of
    these"."""

    search: str = Field(
        "",
        max_length=200,
        description="Words to find in names, descriptions, cities and domain labels (accents "
        "and case ignored; all must match). Organisations whose name holds them come first.",
    )
    kind: list[OrganisationKind] = []
    cluster: list[str] = Field(
        [],
        description="Slug of a cluster or pole it is a member of now (ended memberships "
        "do not count).",
    )
    network: list[str] = Field(
        [],
        description="Old name of ``cluster``, still accepted.",
        json_schema_extra={"deprecated": True},
    )
    domain: list[str] = Field(
        [], description="Domain code (see /domains); a strategic axis includes its sub-domains."
    )
    nace: list[str] = Field([], description="NACE code or its prefix (62 selects 62.01...).")
    country: list[str] = Field([], description="ISO 3166-1 alpha-2 code.")
    partner_cluster: list[str] = Field(
        [],
        description="Slug of the cluster or pole abroad a foreign organisation comes from "
        "(its cluster of origin).",
    )
    province: list[str] = Field([], description="Belgian province code, e.g. WLG.")
    size: list[Organisation.SizeBand] = []


def get_organisation(ref: str, queryset: QuerySet[Organisation] | None = None) -> Organisation:
    """By slug, or by numeric id."""
    organisations = Organisation.objects.all() if queryset is None else queryset
    found = None
    # ASCII digits only ("¹" is a digit to str.isdigit), within the database's 64-bit ids.
    if ref.isascii() and ref.isdigit() and int(ref) < 2**63:
        found = organisations.filter(pk=int(ref)).first()
    if found is None:
        found = organisations.filter(slug=ref).first()
    if found is None:
        raise Http404(_("No organisation has the slug or id %(ref)s.") % {"ref": ref})
    return found


def _may_create(request: HttpRequest, user: User) -> None:
    permissions.check_can_create_organisation(user)


def _may_edit(request: HttpRequest, user: User) -> None:
    match = request.resolver_match
    ref = str(match.kwargs.get("ref", "")) if match is not None else ""
    permissions.check_can_edit_organisation(user, get_organisation(ref))


@router.get("", response={200: Page[OrganisationOut], **_READ_ERRORS})
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Organisations of the directory, filtered like the directory page, and paginated."""
    count, ids = matching_page(
        DirectoryFilters.from_params(filters.model_dump()), page.offset, page.limit
    )
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": in_order(with_public_relations(Organisation.objects.all()), ids),
    }


@router.get("/{ref}", response={200: OrganisationOut, **_READ_ERRORS})
def get_organisation_detail(request: HttpRequest, ref: str) -> Organisation:
    """One organisation, by slug or id."""
    return get_organisation(ref, with_public_relations(Organisation.objects.all()))


@router.post("", response={201: OrganisationOut, **_WRITE_ERRORS}, auth=authorised(_may_create))
def create_organisation(request: HttpRequest, payload: OrganisationCreate) -> Status[Organisation]:
    """Add an organisation (platform admins and cluster managers).

    409 when the enterprise number is already in the directory (``existing`` names it).
    """
    organisation = services.create_organisation(
        actor=actor(request), data=write_data(payload, partial=False)
    )
    return Status(
        201,
        get_organisation(str(organisation.pk), with_public_relations(Organisation.objects.all())),
    )


@router.patch(
    "/{ref}", response={200: OrganisationOut, **_WRITE_ERRORS}, auth=authorised(_may_edit)
)
def patch_organisation(request: HttpRequest, ref: str, payload: OrganisationPatch) -> Organisation:
    """Change some fields (the organisation's representatives, its clusters' managers)."""
    organisation = get_organisation(ref)
    services.update_organisation(
        actor=actor(request), organisation=organisation, data=write_data(payload, partial=True)
    )
    return get_organisation(str(organisation.pk), with_public_relations(Organisation.objects.all()))


@router.put("/{ref}", response={200: OrganisationOut, **_WRITE_ERRORS}, auth=authorised(_may_edit))
def put_organisation(request: HttpRequest, ref: str, payload: OrganisationPut) -> Organisation:
    """Replace every writable field (fields left out get their defaults)."""
    organisation = get_organisation(ref)
    services.update_organisation(
        actor=actor(request), organisation=organisation, data=write_data(payload, partial=False)
    )
    return get_organisation(str(organisation.pk), with_public_relations(Organisation.objects.all()))


@router.get("/{ref}/contacts", response={200: Page[ContactOut], **_READ_ERRORS})
def list_contacts(request: HttpRequest, ref: str, page: Query[PageParams]) -> dict[str, object]:
    """The organisation's contacts the caller may see: those who consented to be public, and
    for members sharing a cluster with the organisation, all of them."""
    organisation = get_organisation(ref)
    contacts = permissions.visible_contacts(actor(request), organisation.contacts.all())
    return paginate(contacts.order_by("last_name", "first_name", "pk"), page)
