"""``/organisations``: the directory, its search, and writes through the ecosystem services."""

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from maillage.accounts import permissions
from maillage.accounts.models import User
from maillage.api.auth import actor, authorised
from maillage.api.pagination import paginate
from maillage.api.schemas import (
    ContactOut,
    OrganisationCreate,
    OrganisationOut,
    OrganisationPatch,
    OrganisationPut,
    Page,
    PageParams,
    ProblemOut,
    write_data,
)
from maillage.ecosystem import services
from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.text import search_terms

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
    search: str = Field(
        "", max_length=200, description="Words to find (accents and case ignored; all must match)."
    )
    kind: Organisation.Kind | None = None
    cluster: str = Field("", description="Slug of a cluster or pole it is a member of.")
    domain: str = Field("", description="Domain code.")
    country: str = Field("", description="ISO 3166-1 alpha-2 code.")
    province: str = Field("", description="Belgian province code, e.g. WLG.")


def with_relations(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Everything ``OrganisationOut`` shows, in a fixed number of queries whatever the rows."""
    return queryset.prefetch_related(
        "domains",
        "nace_codes",
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("network").order_by("network__name"),
        ),
    )


def get_organisation(ref: str, queryset: QuerySet[Organisation] | None = None) -> Organisation:
    """By slug, or by numeric id."""
    organisations = Organisation.objects.all() if queryset is None else queryset
    found = None
    if ref.isdigit():
        found = organisations.filter(pk=int(ref)).first()
    if found is None:
        found = organisations.filter(slug=ref).first()
    if found is None:
        raise Http404(_("No organisation has the slug or id %(ref)s.") % {"ref": ref})
    return found


def filter_organisations(filters: OrganisationFilters) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    terms = search_terms(filters.search)
    for term in terms:
        organisations = organisations.filter(search_text__contains=term)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.cluster:
        organisations = organisations.filter(memberships__network__slug=filters.cluster)
    if filters.domain:
        organisations = organisations.filter(domains__code=filters.domain)
    if filters.country:
        organisations = organisations.filter(country=filters.country.strip().upper())
    if filters.province:
        organisations = organisations.filter(province=filters.province.strip().upper())
    if terms:
        # Organisations whose own name holds every word come before those that only mention
        # them (a search for "mecatech" shows the pole before its members' descriptions).
        in_name = Q()
        for term in terms:
            in_name &= Q(name__icontains=term) | Q(short_name__icontains=term)
        rank = Case(When(in_name, then=Value(0)), default=Value(1))
        return organisations.order_by(rank, "name", "pk")
    return organisations.order_by("name", "pk")


def _may_create(request: HttpRequest, user: User) -> None:
    services.authorise_organisation_creation(user)


def _may_edit(request: HttpRequest, user: User) -> None:
    match = request.resolver_match
    ref = str(match.kwargs.get("ref", "")) if match is not None else ""
    services.authorise_organisation_update(user, get_organisation(ref))


@router.get("", response={200: Page[OrganisationOut], **_READ_ERRORS})
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Organisations of the directory, filtered and paginated."""
    return paginate(with_relations(filter_organisations(filters)), page)


@router.get("/{ref}", response={200: OrganisationOut, **_READ_ERRORS})
def get_organisation_detail(request: HttpRequest, ref: str) -> Organisation:
    """One organisation, by slug or id."""
    return get_organisation(ref, with_relations(Organisation.objects.all()))


@router.post("", response={201: OrganisationOut, **_WRITE_ERRORS}, auth=authorised(_may_create))
def create_organisation(request: HttpRequest, payload: OrganisationCreate) -> Status[Organisation]:
    """Add an organisation (platform admins and cluster managers).

    409 when the enterprise number is already in the directory (``existing`` names it).
    """
    organisation = services.create_organisation(
        actor=actor(request), data=write_data(payload, partial=False)
    )
    return Status(
        201, get_organisation(str(organisation.pk), with_relations(Organisation.objects.all()))
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
    return get_organisation(str(organisation.pk), with_relations(Organisation.objects.all()))


@router.put("/{ref}", response={200: OrganisationOut, **_WRITE_ERRORS}, auth=authorised(_may_edit))
def put_organisation(request: HttpRequest, ref: str, payload: OrganisationPut) -> Organisation:
    """Replace every writable field (fields left out get their defaults)."""
    organisation = get_organisation(ref)
    services.update_organisation(
        actor=actor(request), organisation=organisation, data=write_data(payload, partial=False)
    )
    return get_organisation(str(organisation.pk), with_relations(Organisation.objects.all()))


@router.get("/{ref}/contacts", response={200: Page[ContactOut], **_READ_ERRORS})
def list_contacts(request: HttpRequest, ref: str, page: Query[PageParams]) -> dict[str, object]:
    """The organisation's contacts the caller may see: those who consented to be public, and
    for members sharing a cluster with the organisation, all of them."""
    organisation = get_organisation(ref)
    contacts = permissions.visible_contacts(actor(request), organisation.contacts.all())
    return paginate(contacts.order_by("last_name", "first_name", "pk"), page)
