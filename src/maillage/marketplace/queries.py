"""Reads of the marketplace for pages, the API and matching, with access applied here.

Browsing shows active listings only (``ListingQuerySet.active``); "mine" shows every listing of
the organisations the user may publish for, whatever its status.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser, active_user
from maillage.ecosystem.models import Domain, Organisation
from maillage.ecosystem.text import search_terms
from maillage.marketplace import permissions
from maillage.marketplace.models import Listing

PAGE_SIZE = 25
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class ListingFilters:
    """The marketplace's filters ("" for any): offer or need, type, domain code (an axis also
    selects its sub-domains), organisation slug, search words, and "mine"."""

    kind: str = ""
    type: str = ""
    domain: str = ""
    organisation: str = ""
    q: str = ""
    mine: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> "ListingFilters":
        def value(name: str, limit: int = 120) -> str:
            return str(params.get(name) or "").strip()[:limit]

        mine = value("mine").lower() in {"1", "true", "yes", "on"}
        return cls(
            kind=value("kind"),
            type=value("type"),
            domain=value("domain"),
            organisation=value("organisation"),
            q=value("q", MAX_QUERY_LENGTH),
            mine=mine,
        )

    @property
    def active(self) -> bool:
        return any((self.kind, self.type, self.domain, self.organisation, self.q, self.mine))


def _with_relations(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    """Everything a card and the API show, in a fixed number of queries whatever the rows."""
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.in_label_order())
    )


def browse(user: AnyUser, filters: ListingFilters) -> QuerySet[Listing]:
    """The listings ``filters`` select that ``user`` may see, newest first. The page and the API
    both select through here."""
    if filters.mine:
        active = active_user(user)
        if active is None:
            listings = Listing.objects.none()
        elif active.is_platform_admin:
            listings = Listing.objects.all()
        else:
            listings = Listing.objects.filter(
                organisation_id__in=permissions.publisher_organisation_ids(active)
            )
    else:
        listings = Listing.objects.active()
    if filters.kind:
        listings = listings.filter(direction=filters.kind)
    if filters.type:
        listings = listings.filter(category=filters.type)
    if filters.domain:
        listings = listings.filter(
            Q(domains__code=filters.domain) | Q(domains__parent__code=filters.domain)
        ).distinct()
    if filters.organisation:
        listings = listings.filter(organisation__slug=filters.organisation)
    for word in search_terms(filters.q):
        listings = listings.filter(
            Q(search_text__contains=word) | Q(organisation__search_text__contains=word)
        )
    return _with_relations(listings).order_by("-created_at", "-pk")


@dataclass
class MarketplacePage:
    filters: ListingFilters
    page: Page[Listing]
    domains: list[Domain]
    #: The organisation the list is restricted to, when it is.
    organisation: Organisation | None
    can_publish: bool


def marketplace_page(
    user: AnyUser, filters: ListingFilters, page_number: Any = 1
) -> MarketplacePage:
    """One page of listings: a count, the page's rows with their organisations, their domains,
    and the domain choices (four queries, five with an organisation filter), whatever the rows."""
    page = Paginator(browse(user, filters), PAGE_SIZE).get_page(page_number)
    organisation = None
    if filters.organisation:
        organisation = Organisation.objects.filter(slug=filters.organisation).first()
    active = active_user(user)
    can_publish = active is not None and (
        active.is_platform_admin or bool(permissions.publisher_organisation_ids(active))
    )
    return MarketplacePage(
        filters=filters,
        page=page,
        domains=list(Domain.objects.select_related("parent").order_by("code")),
        organisation=organisation,
        can_publish=can_publish,
    )


def listing_for(user: AnyUser, pk: int) -> Listing:
    """The listing ``pk`` if ``user`` may see it (404 otherwise, so hidden ones stay hidden)."""
    listing = _with_relations(Listing.objects.filter(pk=pk)).first()
    if listing is None or not permissions.can_see_listing(user, listing):
        raise Http404(_("No listing has this number."))
    return listing


def listing_for_edit(user: AnyUser, pk: int) -> Listing:
    """The listing ``pk`` for someone who may change it; 403 with the reason otherwise (404 when
    they may not even see it)."""
    listing = listing_for(user, pk)
    if not permissions.can_edit_listing(user, listing):
        raise PermissionDenied(permissions.EDIT_REFUSED)
    return listing


def publishable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations in whose name ``user`` may publish, by name."""
    active = active_user(user)
    if active is None:
        return Organisation.objects.none()
    if active.is_platform_admin:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        pk__in=permissions.publisher_organisation_ids(active)
    ).order_by("name")


@dataclass(frozen=True)
class ListingProfile:
    """What an organisation's active listings add to its matching profile."""

    texts: tuple[str, ...]
    #: The listings' domains, as ``Domain`` rows (deduplicated, by code).
    domains: tuple[Domain, ...]


def listing_profiles(organisation_ids: Iterable[int]) -> dict[int, ListingProfile]:
    """Per organisation (those with active listings only), the titles and descriptions of its
    active listings as sentences and their domains. Two queries."""
    by_organisation: dict[int, list[Listing]] = {}
    rows = (
        Listing.objects.active()
        .filter(organisation_id__in=set(organisation_ids))
        .prefetch_related(Prefetch("domains", queryset=Domain.objects.order_by("code")))
        .order_by("created_at", "pk")
    )
    for listing in rows:
        by_organisation.setdefault(listing.organisation_id, []).append(listing)
    profiles = {}
    for organisation_id, listings in by_organisation.items():
        texts = tuple(
            f"{listing.title.rstrip('.')}. {listing.description}".strip() for listing in listings
        )
        domains = {d.code: d for listing in listings for d in listing.domains.all()}
        profiles[organisation_id] = ListingProfile(
            texts=texts, domains=tuple(domains[code] for code in sorted(domains))
        )
    return profiles
