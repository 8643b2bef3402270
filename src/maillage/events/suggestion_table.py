"""The event's suggestion table: every confirmed participant ranked by the matching engine.

Each confirmed registration becomes a :class:`~maillage.matching.engine.Profile` (its
organisation's description, domains and NACE codes, its organisation's active marketplace
listings as more text and domains, and the offers and needs written for this event, one per
line, its role as the kind) with the collaboration graph as the participant may
see it (``matching.network``). The engine ranks the other participants the participant has not
worked with yet (new only) and explains each suggestion; we drop the participant's own
organisation and every blocked pair (either way), add a cross-sector bonus when the event is
intersectoral (two or more co-organising networks), keep shares of each list for complementary
roles and the event's other side, and say so in the reasons (``suggestion_fit``).

The table is cached per event (``django.core.cache``) under a version bumped by every
registration change (``invalidate_suggestions``), so a stale table is never served; it is kept
in parts of about ``PART_SIZE`` participants, and a page reads its reader's part only. Computing
it is the ``compute_suggestions`` task's work, or done in the request for small events
(``services.suggestions.suggestions_for`` decides); this module queues nothing.
"""

import time

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch

from maillage.ecosystem.models import Domain, NaceCode
from maillage.events.models import BlockedPair, Event, Registration
from maillage.events.suggestion_fit import (
    ROLE_KIND,
    balance,
    event_quotas,
    event_sides,
    fit_reasons,
)
from maillage.marketplace.queries import ListingProfile, listing_profiles
from maillage.marketplace.versions import listings_version
from maillage.matching.domains import engine_domains, with_domain_labels
from maillage.matching.engine import HashingEmbedder, MatchConfig, Matcher, Profile
from maillage.matching.models import Tie
from maillage.matching.network import with_collaborations
from maillage.matching.queries import CollaborationView, collaboration_view, feedback_store

#: Suggestions kept per participant.
TOP = 10
#: Bonus (z-score units) for pairs from different sectors at an intersectoral event.
CROSS_SECTOR_BONUS = 0.5
CACHE_SECONDS = 24 * 3600
#: A queued computation is not queued again for this long (in case its worker died).
QUEUED_SECONDS = 600
#: The table is cached in parts of about this many participants (registration id modulo the
#: number of parts): a 1,000-participant table is 3.5 MB pickled, and reading it whole took
#: most of the time of each participant's suggestions page (about 500 of 600 ms under load).
#: A small event's table stays one entry (the file cache keeps 300).
PART_SIZE = 50


#: A structured reason from the engine: (code, parameters); see ``matching.reasons``.
type Reason = tuple[str, dict[str, str | float]]


def _version_key(event_id: int) -> str:
    return f"events:suggestions:{event_id}:version"


def _table_key(event_id: int) -> tuple[str, int]:
    """The table's key and its number of parts.

    Keyed by an explicit version and by the confirmed registrations (count and last id), so a
    registration or cancellation made by any path is never answered from a stale table; and by
    the marketplace's version, bumped by every listing change."""
    version = cache.get_or_set(_version_key(event_id), 1, None)
    shape = Registration.objects.filter(
        event_id=event_id, status=Registration.Status.CONFIRMED
    ).aggregate(n=Count("pk"), last=Max("pk"))
    # Any new or replayed tie of the collaboration graph (they are rewritten, never updated).
    graph = Tie.objects.aggregate(n=Count("pk"), last=Max("pk"))
    key = (
        f"events:suggestions:{event_id}:v{version}:{shape['n']}:{shape['last']}"
        f":g{graph['n']}:{graph['last']}:l{listings_version()}"
    )
    return key, max(1, shape["n"] // PART_SIZE)


def _part_key(table: tuple[str, int], registration_id: int) -> str:
    key, parts = table
    return f"{key}:part{registration_id % parts}"


def _seconds_key(event_id: int) -> str:
    return f"events:suggestions:{event_id}:seconds"


def claim_computation(event_id: int) -> bool:
    """True once per table version (then for ``QUEUED_SECONDS`` in case its worker died): the
    caller queues the computation, however many participants open the page meanwhile."""
    return bool(cache.add(f"{_table_key(event_id)[0]}:queued", 1, QUEUED_SECONDS))


def table_cached(event_id: int) -> bool:
    """Whether every part of the event's table for its current registrations is in the cache."""
    table = _table_key(event_id)
    return all(cache.has_key(_part_key(table, number)) for number in range(table[1]))


def computation_seconds(event_id: int) -> float:
    """How long the event's last computation took (0 before the first)."""
    return float(cache.get(_seconds_key(event_id)) or 0.0)


def invalidate_suggestions(event_id: int) -> None:
    """Call after any change to the event's registrations or blocked pairs."""
    try:
        cache.incr(_version_key(event_id))
    except ValueError:
        cache.set(_version_key(event_id), 2, None)


def registration_profile(
    registration: Registration, listings: ListingProfile | None = None
) -> Profile:
    """What the engine knows of one participant: its organisation's data and active listings
    (the organisation's standing offers and needs, as text and domains), and this event's own
    offers and needs, which stay the event's."""
    organisation = registration.organisation
    descriptions = organisation.descriptions or {}
    texts = [str(text) for text in descriptions.values() if text]
    if listings is not None:
        texts += listings.texts
    return Profile(
        id=str(registration.pk),
        name=organisation.display_name,
        kind=_engine_kind(registration),
        country=organisation.country,
        description=" ".join(texts),
        offers=tuple(line.strip() for line in registration.offers.splitlines() if line.strip()),
        needs=tuple(line.strip() for line in registration.needs.splitlines() if line.strip()),
        domains=engine_domains(profile_domains(registration, listings)),
        nace=tuple(nace.code for nace in organisation.nace_codes.all()),
    )


def profile_domains(
    registration: Registration, listings: ListingProfile | None = None
) -> list[Domain]:
    """The organisation's domains and its active listings' (each once, by code)."""
    domains = {d.code: d for d in registration.organisation.domains.all()}
    for domain in listings.domains if listings is not None else ():
        domains.setdefault(domain.code, domain)
    return [domains[code] for code in sorted(domains)]


def _engine_kind(registration: Registration) -> str:
    return ROLE_KIND[Registration.Role(registration.role)]


def _participants(event_id: int) -> list[Registration]:
    return list(
        Registration.objects.filter(event_id=event_id, status=Registration.Status.CONFIRMED)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("organisation__domains", queryset=Domain.objects.order_by("code")),
            Prefetch("organisation__nace_codes", queryset=NaceCode.objects.order_by("code")),
        )
        .order_by("pk")
    )


def _blocked(event_id: int, participants: list[Registration]) -> set[tuple[int, int]]:
    """Registration pairs (both orders) that must never be proposed."""
    org_of = {r.pk: r.organisation_id for r in participants}
    regs_of_org: dict[int, list[int]] = {}
    for pk, org in org_of.items():
        regs_of_org.setdefault(org, []).append(pk)
    pairs: set[tuple[int, int]] = set()
    blocks = BlockedPair.objects.filter(registration__event_id=event_id).values_list(
        "registration_id", "organisation_id"
    )
    for registration_id, organisation_id in blocks:
        for other in regs_of_org.get(organisation_id, []):
            pairs.add((registration_id, other))
            pairs.add((other, registration_id))
    return pairs


def compute_event_suggestions(event_id: int) -> dict[int, list[tuple[int, float, list[Reason]]]]:
    """Rank suggestions for every confirmed participant and store them in the cache.

    Returns registration id -> [(suggested registration id, score, reasons)], best first; each
    reason a (code, parameters) pair, rendered in the reader's language by ``suggestions_for``.
    """
    started = time.monotonic()
    table = _table_key(event_id)
    event = Event.objects.get(pk=event_id)
    participants = _participants(event_id)
    result: dict[int, list[tuple[int, float, list[Reason]]]] = {}
    if len(participants) >= 2:
        result = _rank(event, participants)
    parts: dict[str, dict[int, list[tuple[int, float, list[Reason]]]]] = {
        _part_key(table, number): {} for number in range(table[1])
    }
    for pk, rows in result.items():
        parts[_part_key(table, pk)][pk] = rows
    cache.set_many(parts, CACHE_SECONDS)
    cache.set(_seconds_key(event_id), time.monotonic() - started, CACHE_SECONDS)
    return result


def _rank(
    event: Event, participants: list[Registration]
) -> dict[int, list[tuple[int, float, list[Reason]]]]:
    intersectoral = event.organisers.count() >= 2
    config = MatchConfig(
        mutual=True,
        cross_sector_bonus=CROSS_SECTOR_BONUS if intersectoral else 0.0,
        # Introductions: organisations a participant already worked with are not proposed.
        new_only=True,
    )
    organisation_of = {str(r.pk): r.organisation_id for r in participants}
    view = collaboration_view(viewer_ids=set(organisation_of.values()))
    listings = listing_profiles(organisation_of.values())
    profiles, context = with_collaborations(
        [registration_profile(r, listings.get(r.organisation_id)) for r in participants],
        organisation_of=organisation_of,
        view=view,
    )
    domains_of = {r.pk: profile_domains(r, listings.get(r.organisation_id)) for r in participants}
    matcher = Matcher(
        profiles,
        embedder=HashingEmbedder(),
        config=config,
        feedback=feedback_store(organisation_of=organisation_of),
        context=context,
    )
    blocked = _blocked(event.pk, participants)
    by_pk = {r.pk: r for r in participants}
    sides = event_sides(event, participants)
    names = {
        pk: short or name
        for pk, short, name in event.organisers.values_list("pk", "short_name", "name")
    }
    result: dict[int, list[tuple[int, float, list[Reason]]]] = {}
    quotas = {str(pk): shares for pk, shares in event_quotas(participants, sides).items()}
    # Ask for extra candidates (with the event's shares): some are dropped (same organisation,
    # blocked), and the shares are applied again to what is left.
    ranked = matcher.suggest_many([str(r.pk) for r in participants], top=2 * TOP + 5, quotas=quotas)
    for query, matches in ranked.items():
        me = by_pk[int(query)]
        kept = []
        for match in matches:
            other = by_pk[int(match.id)]
            if other.organisation_id == me.organisation_id or (me.pk, other.pk) in blocked:
                continue
            reasons = [
                with_domain_labels(
                    *_with_projects(
                        r.code, dict(r.params), view, me.organisation_id, other.organisation_id
                    ),
                    mine=domains_of[me.pk],
                    theirs=domains_of[other.pk],
                )
                for r in match.explanations
            ]
            reasons = fit_reasons(me, other, reasons, sides=sides, names=names)
            kept.append((other.pk, round(match.score, 4), reasons))
        kept.sort(key=lambda item: -item[1])
        result[me.pk] = balance(kept, quotas[query], TOP)
    return result


def _with_projects(
    code: str, params: dict[str, str | float], view: CollaborationView, mine: int, theirs: int
) -> Reason:
    """A past collaboration names the projects the two organisations share, when it can."""
    projects = view.labels.get((mine, theirs))
    if code == "past_partner" and projects:
        return "same_projects", {"projects": ", ".join(projects[:3])}
    return code, params


def cached_suggestions(
    event_id: int, registration_id: int
) -> list[tuple[int, float, list[Reason]]] | None:
    """The registration's row of the event's table (empty when the table has none for it), or
    None when the table is not in the cache: never computed for the current registrations, or
    the registration's part evicted."""
    part = cache.get(_part_key(_table_key(event_id), registration_id))
    return part.get(registration_id, []) if isinstance(part, dict) else None
