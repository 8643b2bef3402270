"""What makes a suggestion fit an "X meets Y" event: complementary roles and the event's sides.

The point of such an event is to cross roles (supplier and demander, research and company) and
sectors: at an event co-organised by two networks (the ICT cluster and a sector pole), a
participant belongs to the side(s) of the organising network(s) it is a member of. Topical
closeness alone proposes a demander's fellow demanders, who write about the same things, so the
list keeps shares for both (``engine.quota``: every prefix of a participant's list holds at least
``ROLE_SHARE`` of complementary roles and ``SIDE_SHARE`` of the other side while any remain),
the engine's order kept within each. The reasons say both in words, and a candidate put ahead of
a closer one by a share says so.
"""

from collections.abc import Iterable, Sequence
from functools import lru_cache

from maillage.ecosystem.models import Membership
from maillage.events.models import Event, Registration
from maillage.matching.engine import Quota, quota_order

#: Two suggestions in three go to complementary roles (when the event has them): a product rule,
#: not a fitted weight. Crossing roles is what a B2B event is for, so they are the majority of
#: every prefix of the list; one in three stays open to the closest peers of the same role
#: (future consortium partners, or a supplier's subcontractors).
ROLE_SHARE = 2 / 3
#: Half of the suggestions from the event's other side (when the event has two and they have
#: participants): "X meets Y" means each side meets the other, and both sides are its audience.
SIDE_SHARE = 1 / 2

#: The engine's kind for each registration role (``taxonomy.complementary_kinds`` knows them).
ROLE_KIND = {
    Registration.Role.SUPPLIER: "supplier",
    Registration.Role.DEMANDER: "demander",
    Registration.Role.RESEARCH: "research centre",
}

#: (my role, their role) -> the reason that says why the pair complements.
ROLE_REASONS = {
    (Registration.Role.DEMANDER, Registration.Role.SUPPLIER): "role_supplier",
    (Registration.Role.SUPPLIER, Registration.Role.DEMANDER): "role_demander",
    (Registration.Role.SUPPLIER, Registration.Role.RESEARCH): "role_research",
    (Registration.Role.DEMANDER, Registration.Role.RESEARCH): "role_research",
    (Registration.Role.RESEARCH, Registration.Role.SUPPLIER): "role_company",
    (Registration.Role.RESEARCH, Registration.Role.DEMANDER): "role_company",
}

#: The engine's reason for complementary kinds names them in English: the role reasons say it.
REPLACED = frozenset({"complementary_kinds"})

type Reason = tuple[str, dict[str, str | float]]

#: The reason for a candidate put ahead of a closer one by each share (``balance``).
BALANCE_REASONS = ("balance_roles", "balance_sides")


def event_sides(event: Event, participants: Iterable[Registration]) -> dict[int, frozenset[int]]:
    """Registration id -> the organising networks its organisation currently belongs to (empty
    when the event has fewer than two organisers: it has no sides). One or two queries."""
    organisers = set(event.organisers.values_list("pk", flat=True))
    registrations = list(participants)
    if len(organisers) < 2:
        return {r.pk: frozenset() for r in registrations}
    memberships = Membership.objects.current().filter(
        network_id__in=organisers,
        organisation_id__in={r.organisation_id for r in registrations},
    )
    networks_of: dict[int, set[int]] = {}
    for organisation_id, network_id in memberships.values_list("organisation_id", "network_id"):
        networks_of.setdefault(organisation_id, set()).add(network_id)
    # An organiser that registers is on its own side.
    for r in registrations:
        if r.organisation_id in organisers:
            networks_of.setdefault(r.organisation_id, set()).add(r.organisation_id)
    return {r.pk: frozenset(networks_of.get(r.organisation_id, ())) for r in registrations}


def across_sides(mine: frozenset[int], theirs: frozenset[int]) -> bool:
    return bool(mine and theirs and not (mine & theirs))


def complementary(me: Registration, other: Registration) -> bool:
    return (Registration.Role(me.role), Registration.Role(other.role)) in ROLE_REASONS


def event_quotas(
    participants: Sequence[Registration], sides: dict[int, frozenset[int]]
) -> dict[int, list[Quota]]:
    """Each participant's shares of its suggestions at the event (registration id -> quotas in
    ``BALANCE_REASONS``' order, with the candidates' engine ids, registration ids).

    They depend on the participant's role and side only (a participant is never in its own
    groups: no role complements itself, no side crosses itself), so participants of the same
    role and side share the same quotas, built once for them: built for each participant, they
    took a quarter of a 1,000-participant table's computation (a million pairs in Python)."""
    by_class: dict[tuple[str, frozenset[int]], list[Quota]] = {}
    out = {}
    for me in participants:
        mine = sides[me.pk]
        quotas = by_class.get((me.role, mine))
        if quotas is None:
            quotas = by_class[me.role, mine] = [
                Quota(
                    frozenset(str(r.pk) for r in participants if complementary(me, r)),
                    ROLE_SHARE,
                ),
                Quota(
                    frozenset(str(r.pk) for r in participants if across_sides(mine, sides[r.pk])),
                    SIDE_SHARE,
                ),
            ]
        out[me.pk] = quotas
    return out


@lru_cache(maxsize=16)
def _registration_ids(members: frozenset[str]) -> frozenset[int]:
    """A quota's engine ids as registration ids, once per quota (``event_quotas`` shares them
    between the participants of a role and side)."""
    return frozenset(int(m) for m in members)


def balance(
    ranked: Sequence[tuple[int, float, list[Reason]]], quotas: Sequence[Quota], k: int
) -> list[tuple[int, float, list[Reason]]]:
    """The first ``k`` of ``ranked`` ((registration id, score, reasons), best score first) with
    the event's shares applied; a suggestion put ahead of a closer one by a share gets that
    share's reason after the event's own (``fit_reasons``: roles, sides), before the engine's."""
    groups = [(_registration_ids(q.members), q.share) for q in quotas]
    by_pk = {pk: (score, reasons) for pk, score, reasons in ranked}
    out = []
    for pk, forced in quota_order([pk for pk, _s, _r in ranked], groups, k):
        score, reasons = by_pk[pk]
        lead = next(
            (i for i, (code, _p) in enumerate(reasons) if code not in _EVENT_CODES), len(reasons)
        )
        said: list[Reason] = [(BALANCE_REASONS[g], {}) for g in sorted(forced)]
        out.append((pk, score, [*reasons[:lead], *said, *reasons[lead:]]))
    return out


_EVENT_CODES = frozenset({"marked_useful", "event_sides", *ROLE_REASONS.values()})


def fit_reasons(
    me: Registration,
    other: Registration,
    reasons: list[Reason],
    *,
    sides: dict[int, frozenset[int]],
    names: dict[int, str],
) -> list[Reason]:
    """The engine's reasons with the event's own first (after the user's own judgement, which
    leads): complementary roles, the two sides."""
    out: list[Reason] = [(code, params) for code, params in reasons[:1] if code == "marked_useful"]
    reasons = reasons[len(out) :]
    role = ROLE_REASONS.get((Registration.Role(me.role), Registration.Role(other.role)))
    if role:
        out.append((role, {}))
    mine, theirs = sides.get(me.pk, frozenset()), sides.get(other.pk, frozenset())
    if across_sides(mine, theirs):
        out.append(
            (
                "event_sides",
                {
                    "mine": ", ".join(sorted(names[n] for n in mine)),
                    "theirs": ", ".join(sorted(names[n] for n in theirs)),
                },
            )
        )
    # The sides say in names what the engine's "no shared sector" says in general.
    sided = any(code == "event_sides" for code, _params in out)
    replaced = REPLACED | ({"cross_sector"} if sided else set())
    return out + [(code, params) for code, params in reasons if code not in replaced]
