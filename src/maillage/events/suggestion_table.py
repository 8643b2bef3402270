"""The event's suggestion table: every confirmed participant ranked by the matching engine.

Each confirmed registration becomes a :class:`~maillage.matching.engine.Profile` (its
organisation's description, domains and NACE codes, and the offers and needs written for this
event, one per line). The engine ranks the other participants and explains each suggestion; we
drop the participant's own organisation and every blocked pair (either way), and add a
cross-sector bonus when the event is intersectoral (two or more co-organising networks).

The table is cached per event (``django.core.cache``) under a version bumped by every
registration change (``invalidate_suggestions``), so a stale table is never served. Computing
it is the ``compute_suggestions`` task's work, or done in the request for small events
(``services.suggestions.suggestions_for`` decides); this module queues nothing.
"""

import time

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch

from maillage.ecosystem.models import Domain, NaceCode
from maillage.events.models import BlockedPair, Event, Registration
from maillage.matching.engine import HashingEmbedder, MatchConfig, Matcher, Profile
from maillage.matching.queries import feedback_store

#: Suggestions kept per participant.
TOP = 10
#: Bonus (z-score units) for pairs from different sectors at an intersectoral event.
CROSS_SECTOR_BONUS = 0.5
CACHE_SECONDS = 24 * 3600
#: A queued computation is not queued again for this long (in case its worker died).
QUEUED_SECONDS = 600


#: A structured reason from the engine: (code, parameters); see ``matching.reasons``.
type Reason = tuple[str, dict[str, str | float]]


def _version_key(event_id: int) -> str:
    return f"events:suggestions:{event_id}:version"


def _table_key(event_id: int) -> str:
    """Keyed by an explicit version and by the confirmed registrations (count and last id), so a
    registration or cancellation made by any path is never answered from a stale table."""
    version = cache.get_or_set(_version_key(event_id), 1, None)
    shape = Registration.objects.filter(
        event_id=event_id, status=Registration.Status.CONFIRMED
    ).aggregate(n=Count("pk"), last=Max("pk"))
    return f"events:suggestions:{event_id}:v{version}:{shape['n']}:{shape['last']}"


def _seconds_key(event_id: int) -> str:
    return f"events:suggestions:{event_id}:seconds"


def claim_computation(event_id: int) -> bool:
    """True once per table version (then for ``QUEUED_SECONDS`` in case its worker died): the
    caller queues the computation, however many participants open the page meanwhile."""
    return bool(cache.add(f"{_table_key(event_id)}:queued", 1, QUEUED_SECONDS))


def computation_seconds(event_id: int) -> float:
    """How long the event's last computation took (0 before the first)."""
    return float(cache.get(_seconds_key(event_id)) or 0.0)


def invalidate_suggestions(event_id: int) -> None:
    """Call after any change to the event's registrations or blocked pairs."""
    try:
        cache.incr(_version_key(event_id))
    except ValueError:
        cache.set(_version_key(event_id), 2, None)


def registration_profile(registration: Registration) -> Profile:
    """What the engine knows of one participant (organisation data + this event's answers)."""
    organisation = registration.organisation
    descriptions = organisation.descriptions or {}
    description = " ".join(str(text) for text in descriptions.values() if text)
    return Profile(
        id=str(registration.pk),
        name=organisation.display_name,
        kind=_engine_kind(registration),
        country=organisation.country,
        description=description,
        offers=tuple(line.strip() for line in registration.offers.splitlines() if line.strip()),
        needs=tuple(line.strip() for line in registration.needs.splitlines() if line.strip()),
        domains=tuple(domain.label_en for domain in organisation.domains.all()),
        nace=tuple(nace.code for nace in organisation.nace_codes.all()),
    )


def _engine_kind(registration: Registration) -> str:
    if registration.role == Registration.Role.RESEARCH:
        return "research centre"
    return "company"


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
    key = _table_key(event_id)
    event = Event.objects.get(pk=event_id)
    participants = _participants(event_id)
    result: dict[int, list[tuple[int, float, list[Reason]]]] = {}
    if len(participants) >= 2:
        intersectoral = event.organisers.count() >= 2
        config = MatchConfig(
            mutual=True, cross_sector_bonus=CROSS_SECTOR_BONUS if intersectoral else 0.0
        )
        matcher = Matcher(
            [registration_profile(r) for r in participants],
            embedder=HashingEmbedder(),
            config=config,
            feedback=feedback_store(
                organisation_of={str(r.pk): r.organisation_id for r in participants}
            ),
        )
        blocked = _blocked(event_id, participants)
        org_of = {r.pk: r.organisation_id for r in participants}
        # Ask for extra candidates: some are dropped below (same organisation, blocked).
        ranked = matcher.suggest_many([str(r.pk) for r in participants], top=TOP + 5)
        for query, matches in ranked.items():
            me = int(query)
            kept = []
            for match in matches:
                other = int(match.id)
                if org_of[other] == org_of[me] or (me, other) in blocked:
                    continue
                reasons = [(r.code, dict(r.params)) for r in match.explanations]
                kept.append((other, match.score, reasons))
            result[me] = kept[:TOP]
    cache.set(key, result, CACHE_SECONDS)
    cache.set(_seconds_key(event_id), time.monotonic() - started, CACHE_SECONDS)
    return result


def cached_event_suggestions(
    event_id: int,
) -> dict[int, list[tuple[int, float, list[Reason]]]] | None:
    value = cache.get(_table_key(event_id))
    return value if isinstance(value, dict) else None
