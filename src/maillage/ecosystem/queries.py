"""Reads of the directory that the pages use, with access checks applied here, never in views.

Organisations, memberships, domains and projects are public; contacts go through
``accounts.permissions.visible_contacts``. Each function issues a fixed number of queries,
whatever the number of rows (the list and network pages are tested for it).
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maillage.accounts import permissions
from maillage.accounts.permissions import AnyUser
from maillage.ecosystem.directory_index import FACETS, DirectoryIndex, Entry, directory_index
from maillage.ecosystem.models import (
    Contact,
    Domain,
    Membership,
    Organisation,
    ProjectPartner,
)
from maillage.ecosystem.network_map import MapNode
from maillage.ecosystem.places import PROVINCES, country_label, province_label
from maillage.ecosystem.text import fold, search_terms
from maillage.marketplace.models import Listing

PAGE_SIZE = 25
#: Members listed per page on a cluster's or pole's page.
MEMBERS_PER_PAGE = 50
#: Longest query string kept; a longer one is cut rather than refused.
MAX_QUERY_LENGTH = 200

_DomainLink = Organisation.domains.through
_NaceLink = Organisation.nace_codes.through

LANGUAGE_NAMES = {
    "fr": _("French"),
    "en": _("English"),
    "nl": _("Dutch"),
    "de": _("German"),
}


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


@dataclass(frozen=True)
class DirectoryFilters:
    """What the visitor asked for on the list page; unknown values simply match nothing."""

    q: str = ""
    kind: str = ""
    network: str = ""  # slug of a cluster or pole
    domain: str = ""  # domain code; an axis also matches its sub-domains
    nace: str = ""  # NACE code or prefix ("62" matches "62.01")
    province: str = ""
    country: str = ""
    size: str = ""

    FACETS = FACETS

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> "DirectoryFilters":
        def value(name: str, length: int = 120) -> str:
            raw = params.get(name) or ""
            return str(raw).strip()[:length]

        return cls(
            q=value("q", MAX_QUERY_LENGTH),
            kind=value("kind", 20),
            network=value("network"),
            domain=value("domain"),
            nace=value("nace", 8),
            province=value("province", 3).upper(),
            country=value("country", 2).upper(),
            size=value("size", 10),
        )

    def without(self, name: str) -> "DirectoryFilters":
        return replace(self, **{name: ""})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in ("q", *self.FACETS))

    def as_params(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("q", *self.FACETS) if getattr(self, name)}


def _search_condition(query: str) -> Q:
    """Every folded word must match the organisation's ``search_text`` (name, short name, city,
    descriptions in any language) or the French or English label of one of its domains.

    One query (the domain labels, folded in Python: the taxonomy has a few hundred rows).
    """
    words = search_terms(query)
    if not words:
        return Q()
    labels = [
        (pk, f"{fold(label_fr)} {fold(label_en)}")
        for pk, label_fr, label_en in Domain.objects.values_list("id", "label_fr", "label_en")
    ]
    condition = Q()
    for word in words:
        match = Q(search_text__contains=word)
        domain_ids = [pk for pk, label in labels if word in label]
        if domain_ids:
            match |= Q(
                pk__in=_DomainLink.objects.filter(domain_id__in=domain_ids).values(
                    "organisation_id"
                )
            )
        condition &= match
    return condition


def organisations_for_directory(
    user: AnyUser, filters: DirectoryFilters, *, search: Q | None = None
) -> QuerySet[Organisation]:
    """Organisations matching every filter and every search word (see ``_search_condition``).

    The directory is public: ``user`` is taken for symmetry with the other access functions.
    ``search`` passes an already built search condition, so facets do not rebuild it.
    """
    organisations = Organisation.objects.all()
    if filters.q:
        organisations = organisations.filter(
            _search_condition(filters.q) if search is None else search
        )
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.network:
        organisations = organisations.filter(
            pk__in=Membership.objects.current()
            .filter(network__slug=filters.network)
            .values("organisation_id")
        )
    if filters.domain:
        organisations = organisations.filter(
            pk__in=_DomainLink.objects.filter(
                Q(domain__code=filters.domain) | Q(domain__parent__code=filters.domain)
            ).values("organisation_id")
        )
    if filters.nace:
        organisations = organisations.filter(
            pk__in=_NaceLink.objects.filter(nacecode__code__startswith=filters.nace).values(
                "organisation_id"
            )
        )
    for name in ("province", "country"):
        if getattr(filters, name):
            organisations = organisations.filter(**{name: getattr(filters, name)})
    if filters.size:
        organisations = organisations.filter(size_band=filters.size)
    return organisations


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    def options_html(self) -> SafeString:
        """The ``<option>`` elements, built here rather than in a template loop: with a few
        hundred options per page, this is several times cheaper to render."""
        return format_html_join(
            "",
            '<option value="{}"{}>{} ({})</option>',
            (
                (
                    option.value,
                    mark_safe(" selected") if option.selected else "",
                    option.label,
                    option.count,
                )
                for option in self.options
            ),
        )


@dataclass
class DirectoryPage:
    filters: DirectoryFilters
    page: Page[Organisation]
    facets: list[Facet] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _facet(
    name: str,
    label: Any,
    counts: list[tuple[str, str, int]],
    selected: str,
    *,
    keep_order: bool = False,
) -> Facet:
    options = [
        FacetOption(value=value, label=text, count=count, selected=value == selected)
        for value, text, count in counts
        if value
    ]
    if selected and not any(option.selected for option in options):
        options.insert(0, FacetOption(value=selected, label=selected, count=0, selected=True))
    if not keep_order:
        options.sort(key=lambda option: fold(option.label))
    return Facet(name=name, label=str(label), options=options)


_CHECKS: dict[str, Callable[[Entry, DirectoryFilters], bool]] = {
    "kind": lambda entry, filters: entry.kind == filters.kind,
    "network": lambda entry, filters: filters.network in entry.networks,
    "domain": lambda entry, filters: filters.domain in entry.domains,
    "nace": lambda entry, filters: any(code.startswith(filters.nace) for code in entry.nace),
    "province": lambda entry, filters: entry.province == filters.province,
    "country": lambda entry, filters: entry.country == filters.country,
    "size": lambda entry, filters: entry.size_band == filters.size,
}


def _match_and_count(
    searched: list[Entry], filters: DirectoryFilters
) -> tuple[list[int], dict[str, Counter[str]]]:
    """The ids matching every filter, and the counts per facet value, each facet counted over
    the entries matching the *other* filters (so a visitor sees what choosing another value
    would give). One pass over the index: an entry failing two filters counts nowhere, one
    failing a single filter counts only in that filter's facet."""
    active = [(name, check) for name, check in _CHECKS.items() if getattr(filters, name)]
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    facet_counts = [counts[name] for name in FACETS]
    position = {name: index for index, name in enumerate(FACETS)}
    matched: list[int] = []
    for entry in searched:
        failing = ""
        rejected = False
        for name, check in active:
            if not check(entry, filters):
                if failing:
                    rejected = True
                    break
                failing = name
        if rejected:
            continue
        if failing:
            where = position[failing]
            counter = facet_counts[where]
            for value in entry.facet_values[where]:
                counter[value] += 1
        else:
            matched.append(entry.id)
            for counter, values in zip(facet_counts, entry.facet_values, strict=True):
                for value in values:
                    counter[value] += 1
    return matched, counts


def _directory_facets(
    index: DirectoryIndex, counts: dict[str, Counter[str]], filters: DirectoryFilters
) -> list[Facet]:
    """The facets for the page, labelled in the current language."""
    english = _english()
    kinds = dict(Organisation.Kind.choices)
    sizes = dict(Organisation.SizeBand.choices)
    ordered_provinces = [code for code in PROVINCES if code in counts["province"]]
    ordered_provinces += sorted(set(counts["province"]) - set(ordered_provinces))

    def label(labels: tuple[str, str]) -> str:
        return labels[1] if english else labels[0]

    return [
        _facet(
            "kind",
            _("Kind"),
            [(k, str(kinds[k]), counts["kind"][k]) for k in kinds if k in counts["kind"]],
            filters.kind,
            keep_order=True,
        ),
        _facet(
            "network",
            _("Cluster or pole"),
            [
                (slug, index.network_labels.get(slug, slug), n)
                for slug, n in counts["network"].items()
            ],
            filters.network,
        ),
        _facet(
            "domain",
            _("Domain"),
            [
                (code, label(index.domain_labels.get(code, (code, code))), n)
                for code, n in counts["domain"].items()
            ],
            filters.domain,
        ),
        _facet(
            "nace",
            _("NACE code"),
            [
                (
                    code,
                    f"{code} {label(index.nace_labels.get(code, ('', '')))}",
                    counts["nace"][code],
                )
                for code in sorted(counts["nace"])
            ],
            filters.nace,
            keep_order=True,
        ),
        _facet(
            "province",
            _("Province"),
            [(code, province_label(code), counts["province"][code]) for code in ordered_provinces],
            filters.province,
            keep_order=True,
        ),
        _facet(
            "country",
            _("Country"),
            [(code, country_label(code), n) for code, n in counts["country"].items()],
            filters.country,
        ),
        _facet(
            "size",
            _("Size"),
            [(s, str(sizes[s]), counts["size"][s]) for s in sizes if s in counts["size"]],
            filters.size,
            keep_order=True,
        ),
    ]


def directory_page(
    user: AnyUser, filters: DirectoryFilters, page_number: int | str | None = 1
) -> DirectoryPage:
    """One page of the directory (``PAGE_SIZE`` rows) with its facets.

    Matching, counting and sorting use the in-memory ``directory_index`` (four small
    fingerprint queries per request); only the page's rows are read from the tables, their
    networks and domains coming from the index: five queries in all, whatever the size of the
    directory (eleven when the index is rebuilt).
    """
    index = directory_index()
    searched = index.search(filters.q) if filters.q else list(index.entries)
    matched_ids, counts = _match_and_count(searched, filters)
    id_page = Paginator(matched_ids, PAGE_SIZE).get_page(page_number)
    rows = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(pk__in=list(id_page.object_list)).defer(
            "search_text", "enterprise_number", "vat_number", "address", "website"
        )
    }
    # Keep the index's order; a row deleted since the index was read is simply left out.
    organisations = [rows[pk] for pk in id_page.object_list if pk in rows]
    _label_kinds(organisations)
    _attach_card_links(index, organisations)
    page: Page[Organisation] = Page(organisations, id_page.number, id_page.paginator)  # type: ignore[arg-type]
    return DirectoryPage(
        filters=filters, page=page, facets=_directory_facets(index, counts, filters)
    )


@dataclass(frozen=True)
class CardLink:
    slug: str
    label: str


def _attach_card_links(index: DirectoryIndex, organisations: list[Organisation]) -> None:
    """Set ``card_networks`` and ``card_domains`` (labels in the current language) from the
    index, so the list needs no prefetch queries for them."""
    position = 1 if _english() else 0
    for organisation in organisations:
        entry = index.entry(organisation.pk)
        networks = sorted(entry.networks) if entry else []
        domains = sorted(entry.own_domains) if entry else []
        organisation.card_networks = sorted(  # type: ignore[attr-defined]
            (CardLink(slug, index.network_labels.get(slug, slug)) for slug in networks),
            key=lambda link: fold(link.label),
        )
        organisation.card_domains = sorted(  # type: ignore[attr-defined]
            index.domain_labels.get(code, (code, code))[position] for code in domains
        )


def _label_kinds(organisations: Iterable[Organisation]) -> None:
    """Set ``kind_label`` on each organisation: ``get_kind_display`` re-hashes the lazy choice
    labels on every call, which dominates the rendering of long lists."""
    labels = {kind: str(label) for kind, label in Organisation.Kind.choices}
    for organisation in organisations:
        organisation.kind_label = labels.get(organisation.kind, organisation.kind)  # type: ignore[attr-defined]


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


def organisation_for_edit(user: AnyUser, slug: str) -> Organisation:
    """The organisation to edit; Http404 when unknown. The caller checks the permission."""
    try:
        return Organisation.objects.prefetch_related("domains", "nace_codes").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


def organisation_page(
    user: AnyUser, slug: str, *, member_page: int | str | None = 1
) -> OrganisationPage:
    """Everything the organisation page shows, with contacts limited to what ``user`` may see.

    For a cluster or pole, ``member_page`` picks the page of its member list (any bad value
    gives the first or last page, as Django's ``Paginator.get_page`` does)."""
    try:
        organisation = Organisation.objects.prefetch_related(
            "domains",
            "nace_codes",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("network").order_by("network__name"),
            ),
        ).get(slug=slug)
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
        _label_kinds(link.organisation for link in members)
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
    """A contact of the organisation ``slug``; Http404 when unknown. The caller checks the
    permission (``can_edit_contact``)."""
    try:
        return Contact.objects.select_related("organisation").get(
            pk=contact_id, organisation__slug=slug
        )
    except Contact.DoesNotExist:
        raise Http404 from None


@dataclass
class NetworkMapData:
    nodes: list[MapNode]
    #: (network id, network id) with the lower id first -> number of shared members.
    shared: dict[tuple[int, int], int]


def network_map_data(user: AnyUser) -> NetworkMapData:
    """Clusters and poles with their member counts, strategic axis, and shared members.

    Three queries: the networks, the membership pairs, the networks' domains. The pairs are
    counted in Python (a few thousand rows for the demo's 2,000 organisations).
    """
    networks = list(
        Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS)
        .only("id", "slug", "name", "short_name", "kind")
        .order_by("name")
    )
    ids = {network.pk for network in networks}
    members_of: dict[int, set[int]] = {}
    for organisation_id, network_id in (
        Membership.objects.current()
        .filter(network_id__in=ids)
        .values_list("organisation_id", "network_id")
    ):
        members_of.setdefault(organisation_id, set()).add(network_id)
    member_count: Counter[int] = Counter()
    shared: Counter[tuple[int, int]] = Counter()
    for network_ids in members_of.values():
        ordered = sorted(network_ids)
        member_count.update(ordered)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                shared[first, second] += 1

    label = "domain__parent__label_en" if _english() else "domain__parent__label_fr"
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
