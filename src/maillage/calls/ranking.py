"""The bridge between calls and the matching engine (``matching.engine``, Django-free).

Two questions, both answered by the engine's ``Matcher`` with its reasons:

- *which calls fit this organisation?* The organisation is the query; each eligible call is a
  profile of kind ``call`` whose needs are its topics, so an organisation whose offers meet
  them ranks high ("Your offer ... meets <call>'s need ...").
- *who could fill this consortium's wanted partner?* Each wanted partner is a query profile
  written from the call and the consortium's idea: a technology provider or a research partner
  is wanted for what the call asks (the call's topics are its needs), an end user for what the
  consortium will bring (the topics are its offers). The engine's ``kinds`` and ``countries``
  filters keep the candidates of the wanted role and country.

Eligibility, the relaying cluster and shared clusters are rules, not similarities: they add
reasons of their own (``calls.reasons``) and never change the engine's order.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.calls.eligibility import applicant_is_eligible, applicant_of, country_is_eligible
from maillage.calls.models import Call, Consortium, Partner, WantedPartner
from maillage.calls.roles import ASKING_ROLES, KINDS_OF_ROLE
from maillage.ecosystem.models import Domain, Membership, NaceCode, Organisation
from maillage.marketplace.models import Listing
from maillage.matching.domains import (
    domain_names,
    domains_named,
    engine_domains,
    with_domain_labels,
)
from maillage.matching.engine import (
    Embedder,
    EmbeddingCache,
    Matcher,
    Profile,
    make_embedder,
)

CALL_KIND = "call"
WANTED_KIND = "wanted partner"
#: Partners proposed for each wanted partner.
PROPOSALS_PER_WANTED = 5

#: A structured reason, as the engine gives them: (code, parameters).
type Reason = tuple[str, dict[str, str | float]]
#: The engine's embedding progress: (texts done, texts in all).
type EmbedProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class Ranked:
    """One ranked item (a call, or a proposed organisation) with its reasons."""

    id: int
    score: float
    reasons: list[Reason] = field(default_factory=list)


@cache
def embedder() -> Embedder:
    """multilingual-e5-small (numpy engine), loaded once per process (about a second)."""
    return make_embedder("e5")


def embedding_cache() -> EmbeddingCache:
    """Vectors kept in the data folder: a call or an organisation is embedded once, then read
    back (until its text changes)."""
    return EmbeddingCache(settings.DATA_DIR / "embeddings")


def with_profile_data(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """``organisations`` with what :func:`organisation_profile` reads, in four queries."""
    return organisations.prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("code")),
        Prefetch("nace_codes", queryset=NaceCode.objects.order_by("code")),
        Prefetch(
            "listings",
            queryset=Listing.objects.active().order_by("pk"),
            to_attr="active_listings",
        ),
    )


def organisation_profile(organisation: Organisation) -> Profile:
    """What the engine knows of an organisation: descriptions, domains, NACE codes, and its
    active offers and needs (needs ``with_profile_data``)."""
    descriptions = organisation.descriptions or {}
    listings: list[Listing] = getattr(organisation, "active_listings", [])
    return Profile(
        id=f"org-{organisation.pk}",
        name=organisation.display_name,
        kind=organisation.kind,
        country=organisation.country,
        description=" ".join(str(text) for text in descriptions.values() if text),
        offers=tuple(x.title for x in listings if x.direction == Listing.Direction.OFFER),
        needs=tuple(x.title for x in listings if x.direction == Listing.Direction.NEED),
        domains=engine_domains(organisation.domains.all()),
        nace=tuple(nace.code for nace in organisation.nace_codes.all()),
    )


def call_profile(call: Call, domains: Sequence[Domain] = ()) -> Profile:
    """A call as the engine reads it: its topics are its needs, and ``domains`` (those its
    topics name, ``domains_named``) its domains."""
    return Profile(
        id=f"call-{call.pk}",
        name=call.title,
        kind=CALL_KIND,
        # The engine reads the name with the description: the summary alone, not the title twice.
        description=call.summary or call.title,
        needs=tuple(call.topics),
        domains=engine_domains(domains),
    )


def eligible_calls(organisation: Organisation, calls: Iterable[Call]) -> list[Call]:
    applicant = applicant_of(organisation)
    return [
        call
        for call in calls
        if applicant_is_eligible(call.eligible_applicants, applicant)
        and country_is_eligible(call.eligible_countries, organisation.country)
    ]


def rank_calls(
    organisation: Organisation,
    calls: Sequence[Call],
    *,
    network_ids: set[int],
    today: dt.date | None = None,
    progress: EmbedProgress | None = None,
) -> list[Ranked]:
    """The calls (already eligible) best first for ``organisation`` (``with_profile_data``),
    each with the engine's reasons, then why it is open to it (``calls.reasons``).

    ``network_ids``: the clusters the organisation belongs to (a call they relay says so).
    """
    if not calls:
        return []
    today = today or timezone.localdate()
    query = organisation_profile(organisation)
    mine = list(organisation.domains.all())
    names = domain_names()
    named = {call.pk: domains_named(call.topics, names) for call in calls}
    matcher = Matcher(
        [query, *(call_profile(call, named[call.pk]) for call in calls)],
        embedder=embedder(),
        cache=embedding_cache(),
        progress=progress,
    )
    by_id = {f"call-{call.pk}": call for call in calls}
    ranked = []
    for match in matcher.suggest(query.id, top=len(calls), kinds=[CALL_KIND]):
        call = by_id[match.id]
        reasons: list[Reason] = [
            with_domain_labels(r.code, dict(r.params), mine=mine, theirs=named[call.pk])
            for r in match.explanations
        ]
        reasons.extend(_call_reasons(call, organisation, network_ids, today))
        ranked.append(Ranked(id=call.pk, score=match.score, reasons=reasons))
    return ranked


def _call_reasons(
    call: Call, organisation: Organisation, network_ids: set[int], today: dt.date
) -> list[Reason]:
    out: list[Reason] = []
    if call.eligible_applicants:
        out.append(("call_funds_kind", {"kind": organisation.kind}))
    if call.eligible_countries:
        out.append(("call_open_in_country", {"country": organisation.country}))
    if call.relayed_by_id in network_ids and call.relayed_by is not None:
        out.append(("call_relayed_by_your_cluster", {"cluster": call.relayed_by.display_name}))
    if call.opens_on is not None and call.opens_on > today:
        out.append(("call_opens_in", {"days": float((call.opens_on - today).days)}))
    upcoming = [d.date for d in call.deadlines.all() if d.date >= today]
    if upcoming:
        out.append(("call_next_deadline", {"days": float((upcoming[0] - today).days)}))
    return out


def wanted_profile(
    wanted: WantedPartner, consortium: Consortium, domains: Sequence[Domain] = ()
) -> Profile:
    """A wanted partner as a query: the call and the consortium's idea, with the ``domains``
    the call's topics name."""
    call = consortium.call
    topics = tuple(call.topics)
    asking = wanted.role in ASKING_ROLES
    return Profile(
        id=f"wanted-{wanted.pk}",
        name=consortium.name,
        kind=WANTED_KIND,
        description=" ".join(
            part for part in (call.title, call.summary, consortium.description) if part
        ),
        needs=topics if asking else (),
        offers=() if asking else topics,
        domains=engine_domains(domains),
    )


def candidate_organisations(consortium: Consortium) -> QuerySet[Organisation]:
    """Organisations that could fill one of the consortium's wanted partners (of a kind that
    plays its role, in its country when it names one), not yet in the consortium."""
    wanted = list(consortium.wanted.all())
    if not wanted:
        return Organisation.objects.none()
    fits = Q()
    for w in wanted:
        role = Q(kind__in=KINDS_OF_ROLE.get(w.role, ()))
        fits |= role & Q(country=w.country) if w.country else role
    return (
        Organisation.objects.filter(fits)
        .exclude(pk__in=Partner.objects.filter(consortium=consortium).values("organisation_id"))
        .order_by("pk")
    )


def propose_partners(
    consortium: Consortium, *, progress: EmbedProgress | None = None
) -> dict[int, list[Ranked]]:
    """For each wanted partner still open: the organisations proposed, best first, with the
    engine's reasons and (``calls.reasons``) the role and country they fill and the clusters
    they share with the lead."""
    wanted = [w for w in consortium.wanted.all() if w.pk not in _filled(consortium)]
    if not wanted:
        return {}
    candidates = list(with_profile_data(candidate_organisations(consortium)))
    if not candidates:
        return {w.pk: [] for w in wanted}
    named = domains_named(consortium.call.topics, domain_names())
    queries = [wanted_profile(w, consortium, named) for w in wanted]
    matcher = Matcher(
        [*queries, *(organisation_profile(o) for o in candidates)],
        embedder=embedder(),
        cache=embedding_cache(),
        progress=progress,
    )
    by_id = {f"org-{o.pk}": o for o in candidates}
    shared = _shared_networks(consortium.lead_id, [o.pk for o in candidates])
    proposals: dict[int, list[Ranked]] = {}
    for w, query in zip(wanted, queries, strict=True):
        matches = matcher.suggest(
            query.id,
            top=PROPOSALS_PER_WANTED,
            kinds=KINDS_OF_ROLE.get(w.role, ()),
            countries=[w.country] if w.country else (),
        )
        ranked = []
        for match in matches:
            organisation = by_id[match.id]
            reasons: list[Reason] = [
                with_domain_labels(
                    r.code, dict(r.params), mine=named, theirs=list(organisation.domains.all())
                )
                for r in match.explanations
            ]
            reasons.append(("fills_role", {"role": w.role, "country": organisation.country}))
            for name in shared.get(organisation.pk, []):
                reasons.append(("shares_cluster_with_lead", {"cluster": name}))
            ranked.append(Ranked(id=organisation.pk, score=match.score, reasons=reasons))
        proposals[w.pk] = ranked
    return proposals


def _filled(consortium: Consortium) -> set[int]:
    """Wanted partners an accepted partner fills."""
    return {
        p.wanted_id
        for p in consortium.partners.all()
        if p.wanted_id is not None and p.status == Partner.Status.ACCEPTED
    }


def _shared_networks(lead_id: int, organisation_ids: list[int]) -> dict[int, list[str]]:
    """Candidate id -> names of the clusters it shares with the lead (current memberships)."""
    lead_networks = set(
        Membership.objects.current()
        .filter(organisation_id=lead_id)
        .values_list("network_id", flat=True)
    )
    if not lead_networks:
        return {}
    shared: dict[int, list[str]] = {}
    rows = (
        Membership.objects.current()
        .filter(organisation_id__in=organisation_ids, network_id__in=lead_networks)
        .select_related("network")
        .order_by("network__name")
    )
    for membership in rows:
        shared.setdefault(membership.organisation_id, []).append(membership.network.display_name)
    return shared
