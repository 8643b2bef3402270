"""Reads of one organisation and of the ecosystem map, with access checks applied here.

Organisations, memberships, domains and projects are public; contacts go through
``permissions.visible_contacts``. The directory list and its filters are in
``directory``. Each function issues a fixed number of queries, whatever the number of rows (the
organisation and map pages are tested for it).
"""

from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maillage.accounts.permissions import AnyUser
from maillage.core.i18n import label_expression
from maillage.ecosystem import permissions
from maillage.ecosystem.directory import label_kinds, networks_of_matching
from maillage.ecosystem.filters import DirectoryFilters
from maillage.ecosystem.models import (
    Contact,
    Domain,
    Membership,
    Organisation,
    ProjectPartner,
)
from maillage.ecosystem.network_map import MapNode
from maillage.ecosystem.places import country_label, province_label
from maillage.marketplace.models import Listing

#: Members listed per page on a cluster's or pole's page.
MEMBERS_PER_PAGE = 50

_DomainLink = Organisation.domains.through

LANGUAGE_NAMES = {
    "fr": _("French"),
    "en": _("English"),
    "nl": _("Dutch"),
    "de": _("German"),
}


@dataclass
class Description:
    language: str
    language_name: str
    text: str


@dataclass
class KindCount:
    kind: str
    label: str
    count: int


@dataclass
class OrganisationPage:
    organisation: Organisation
    descriptions: list[Description]
    memberships: list[Membership]
    #: The members on the current page of the member list (clusters and poles).
    members: list[Membership]
    member_counts: list[KindCount]
    member_pages: "Page[Membership] | None"
    contacts: list[Contact]
    hidden_contact_count: int
    projects: list[ProjectPartner]
    offers: list[Listing]
    needs: list[Listing]
    can_edit: bool
    can_add_contacts: bool

    @property
    def province_label(self) -> str:
        return province_label(self.organisation.province)

    @property
    def country_label(self) -> str:
        return country_label(self.organisation.country)


def _descriptions(organisation: Organisation) -> list[Description]:
    """The current language first, then the others in a fixed order."""
    current = (get_language() or "fr")[:2]
    order = [current, *(code for code in ("fr", "en", "nl", "de") if code != current)]
    order += sorted(set(organisation.descriptions) - set(order))
    return [
        Description(code, str(LANGUAGE_NAMES.get(code, code)), str(organisation.descriptions[code]))
        for code in order
        if organisation.descriptions.get(code)
    ]


def with_public_relations(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """``queryset`` with what an organisation's page and the API show of each one (cluster of
    origin, domains, NACE codes, current memberships by network name), in a fixed number of
    queries whatever the rows."""
    return queryset.select_related("origin_cluster").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.in_label_order()),
        "nace_codes",
        Prefetch(
            "memberships",
            queryset=Membership.objects.current()
            .select_related("network")
            .order_by("network__name"),
        ),
    )


def organisation_for_edit(user: AnyUser, slug: str) -> Organisation:
    """The organisation to edit: Http404 when unknown, ``PermissionDenied`` (with its reason)
    when ``user`` may not edit it."""
    try:
        organisation = Organisation.objects.prefetch_related("domains", "nace_codes").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    permissions.check_can_edit_organisation(user, organisation)
    return organisation


def organisation_page(
    user: AnyUser, slug: str, *, member_page: int | str | None = 1
) -> OrganisationPage:
    """Everything the organisation page shows, with contacts limited to what ``user`` may see.

    For a cluster or pole, ``member_page`` picks the page of its member list (any bad value
    gives the first or last page, as Django's ``Paginator.get_page`` does)."""
    try:
        organisation = with_public_relations(Organisation.objects.all()).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None

    members: list[Membership] = []
    member_counts: list[KindCount] = []
    member_pages: Page[Membership] | None = None
    if organisation.is_network:
        links = Membership.objects.current().filter(network=organisation)
        counts = dict(links.values_list("organisation__kind").annotate(n=Count("id")).order_by())
        member_counts = [
            KindCount(kind, str(label), counts[kind])
            for kind, label in Organisation.Kind.choices
            if counts.get(kind)
        ]
        # A pole has hundreds of members: show them a page at a time (the total is known from
        # the counts, so the paginator needs no COUNT query of its own).
        paginator = Paginator(
            links.select_related("organisation")
            .only(
                "role",
                "start_date",
                "organisation__name",
                "organisation__short_name",
                "organisation__slug",
                "organisation__kind",
                "organisation__city",
                "organisation__synthetic",
            )
            .order_by("organisation__name", "pk"),
            MEMBERS_PER_PAGE,
        )
        paginator.count = sum(counts.values())
        member_pages = paginator.get_page(member_page)
        members = list(member_pages.object_list)
        label_kinds(link.organisation for link in members)
        roles = {role: str(label) for role, label in Membership.Role.choices}
        for link in members:
            link.role_label = roles.get(link.role, link.role)  # type: ignore[attr-defined]

    all_contacts = Contact.objects.filter(organisation=organisation)
    contacts = list(permissions.visible_contacts(user, all_contacts).order_by("last_name"))
    total_contacts = all_contacts.count()

    listings = list(Listing.objects.active().filter(organisation=organisation))
    can_edit = permissions.can_edit_organisation(user, organisation)
    return OrganisationPage(
        organisation=organisation,
        descriptions=_descriptions(organisation),
        memberships=list(organisation.memberships.all()),
        members=members,
        member_counts=member_counts,
        member_pages=member_pages,
        contacts=contacts,
        hidden_contact_count=max(total_contacts - len(contacts), 0),
        projects=list(
            ProjectPartner.objects.filter(organisation=organisation)
            .select_related("project")
            .order_by("project__name")
        ),
        offers=[item for item in listings if item.direction == Listing.Direction.OFFER],
        needs=[item for item in listings if item.direction == Listing.Direction.NEED],
        can_edit=can_edit,
        can_add_contacts=can_edit,
    )


def contact_for_edit(user: AnyUser, slug: str, contact_id: int) -> Contact:
    """A contact of the organisation ``slug`` to edit: Http404 when unknown,
    ``PermissionDenied`` when ``user`` may not edit it."""
    try:
        contact = Contact.objects.select_related("organisation").get(
            pk=contact_id, organisation__slug=slug
        )
    except Contact.DoesNotExist:
        raise Http404 from None
    permissions.check_can_edit_contact(user, contact)
    return contact


@dataclass
class NetworkMapData:
    nodes: list[MapNode]
    #: (network id, network id) with the lower id first -> number of shared members.
    shared: dict[tuple[int, int], int]


def network_map_data(user: AnyUser, filters: DirectoryFilters | None = None) -> NetworkMapData:
    """Clusters and poles with their member counts, strategic axis, and shared members.

    Members are the organisations matching ``filters`` (the directory's, so the map of
    ``?domain=...`` counts what the directory lists for it), current memberships only. Two
    queries (the networks, their domains) beside the directory index's; the pairs are counted
    in Python (a few thousand for the demo's 2,000 organisations).
    """
    networks = list(
        Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS)
        .only("id", "slug", "name", "short_name", "kind")
        .order_by("name")
    )
    ids = {network.pk for network in networks}
    by_slug = {network.slug: network.pk for network in networks}
    member_count: Counter[int] = Counter()
    shared: Counter[tuple[int, int]] = Counter()
    for slugs in networks_of_matching(filters or DirectoryFilters()).values():
        ordered = sorted(by_slug[slug] for slug in slugs if slug in by_slug)
        member_count.update(ordered)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                shared[first, second] += 1

    label = label_expression("domain__parent__")
    axis_votes: dict[int, Counter[tuple[int, str]]] = {}
    for network_id, axis_id, axis_label in _DomainLink.objects.filter(
        organisation_id__in=ids, domain__parent__isnull=False
    ).values_list("organisation_id", "domain__parent_id", label):
        axis_votes.setdefault(network_id, Counter())[axis_id, axis_label] += 1

    nodes = []
    for network in networks:
        votes = axis_votes.get(network.pk)
        # The axis most of the network's domains belong to; ties go to the lowest axis id.
        axis_id, axis_label = (
            min(votes.items(), key=lambda item: (-item[1], item[0][0]))[0]
            if votes
            else (1 << 30, "")
        )
        nodes.append(
            MapNode(
                key=network.pk,
                slug=network.slug,
                label=network.display_name,
                kind=network.kind,
                group=axis_label or "",
                group_order=axis_id,
                member_count=member_count[network.pk],
            )
        )
    return NetworkMapData(nodes=nodes, shared=dict(shared))
