"""What makes a suggestion fit an "X meets Y" event: complementary roles and the event's sides.

The point of such an event is to cross sectors and roles. The engine already favours
complementary roles (``MatchConfig.complementary_bonus`` with the role as the profile's kind);
here the *sides* are added: at an event co-organised by two networks (the ICT cluster and a
sector pole), a participant belongs to the side(s) of the organising network(s) it is a member
of, and a candidate from the other side gets ``SIDE_BONUS``. The reasons say both in words.
"""

from collections.abc import Iterable

from maillage.ecosystem.models import Membership
from maillage.events.models import Event, Registration

#: Bonus (z-score units) for a candidate from the event's other side.
SIDE_BONUS = 0.5

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
