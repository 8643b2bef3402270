"""Everything an impact report counts, read from the database in a fixed number of queries and
handed over as plain records (``indicators`` computes on them without touching the database).

The period selects events by the day their meetings took place (the follow-up plan's day, else
the event's last day); their outcomes are those known when the report is made.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.sectors import sector_by_organisation, sector_codes_by_organisation
from maillage.events.models import (
    Event,
    Idea,
    IdeaMember,
    IdeaVote,
    Meeting,
    Registration,
    ScheduleRun,
)
from maillage.impact.maturity import MaturityChange, maturity_change
from maillage.impact.meetings import published_run_ids, scheduled_meetings
from maillage.impact.models import FollowUpPlan, Invitation, MeetingRating, Outcome
from maillage.impact.models.answers import BAND_VALUES

type OrgPair = frozenset[int]


@dataclass(frozen=True)
class EventFact:
    pk: int
    name: str
    held_on: dt.date
    #: The co-organising clusters and poles (ids).
    organisers: tuple[int, ...]


@dataclass(frozen=True)
class MeetingFact:
    request_id: int
    event_id: int
    organisations: tuple[int, int]


@dataclass(frozen=True)
class InvitationFact:
    event_id: int
    rating: bool
    organisation_id: int
    answered: bool


@dataclass(frozen=True)
class RatingFact:
    event_id: int
    request_id: int
    organisation_id: int
    took_place: bool
    interest: str


@dataclass(frozen=True)
class OutcomeFact:
    event_id: int
    months: int
    organisation_id: int
    partner_id: int
    status: str
    kind: str
    value: float | None
    agreed_on: dt.date | None
    created_at: dt.datetime


@dataclass(frozen=True)
class ParticipantFact:
    """An organisation served by the body's events (the European hub indicators)."""

    organisation_id: int
    kind: str
    province: str
    b2b: bool
    brainstorming: bool


@dataclass
class Facts:
    organiser: Organisation
    start: dt.date
    end: dt.date
    events: dict[int, EventFact]
    meetings: list[MeetingFact]
    invitations: list[InvitationFact]
    ratings: list[RatingFact]
    outcomes: list[OutcomeFact]
    #: Sector label (in the report's language) and a stable code, per organisation.
    sector_of: dict[int, str]
    sector_code_of: dict[int, str]
    #: The clusters and poles each organisation belongs to.
    clusters_of: dict[int, frozenset[int]]
    #: When each pair of organisations first met at a published meeting, anywhere.
    first_met: dict[OrgPair, dt.date]
    participants: list[ParticipantFact]
    network_names: dict[int, str]
    synthetic: bool
    #: The change in digital maturity of the companies the body supported in the period.
    maturity: MaturityChange
    references: list[tuple[str, Decimal, str]] = field(default_factory=list)


def held_on_of(event: Event) -> dt.date | None:
    plan = getattr(event, "follow_up", None)
    if plan is not None:
        return plan.held_on  # type: ignore[no-any-return]
    return event.end_date or event.start_date


def _events(organiser: Organisation, start: dt.date, end: dt.date) -> dict[int, EventFact]:
    in_period = Q(follow_up__held_on__range=(start, end)) | Q(
        follow_up__isnull=True,
    ) & (Q(end_date__range=(start, end)) | Q(end_date__isnull=True, start_date__range=(start, end)))
    events = (
        Event.objects.filter(in_period, organisers=organiser)
        .select_related("follow_up")
        .prefetch_related("organisers")
        .order_by("pk")
    )
    facts = {}
    for event in events:
        held_on = held_on_of(event)
        assert held_on is not None  # the period filter requires a day
        networks = tuple(sorted(o.pk for o in event.organisers.all() if o.is_network))
        facts[event.pk] = EventFact(event.pk, event.name, held_on, networks)
    return facts


def _first_met(organisation_ids: set[int], up_to: dt.date) -> dict[OrgPair, dt.date]:
    """The day each pair of these organisations first met, over every event of the platform."""
    dated = {
        event.pk: day
        for event in Event.objects.select_related("follow_up").filter(
            pk__in=ScheduleRun.objects.published().values("event_id")
        )
        if (day := held_on_of(event)) is not None and day <= up_to
    }
    runs = published_run_ids(dated)
    first: dict[OrgPair, dt.date] = {}
    for a, b, event_id in Meeting.objects.filter(
        run_id__in=runs.values(),
        request__requester__organisation_id__in=organisation_ids,
        request__recipient__organisation_id__in=organisation_ids,
    ).values_list(
        "request__requester__organisation_id",
        "request__recipient__organisation_id",
        "run__event_id",
    ):
        pair = frozenset((a, b))
        day = dated[event_id]
        if pair not in first or day < first[pair]:
            first[pair] = day
    return first


def _participants(event_ids: list[int], b2b_organisations: set[int]) -> list[ParticipantFact]:
    confirmed = Registration.objects.filter(
        event_id__in=event_ids, status=Registration.Status.CONFIRMED
    ).exclude(organisation__kind__in=Organisation.NETWORK_KINDS)
    rows = confirmed.values_list("organisation_id", "organisation__kind", "organisation__province")
    thinkers = (
        set(
            IdeaMember.objects.filter(
                idea__challenge__workshop__event_id__in=event_ids
            ).values_list("registration__organisation_id", flat=True)
        )
        | set(
            Idea.objects.filter(challenge__workshop__event_id__in=event_ids).values_list(
                "author__organisation_id", flat=True
            )
        )
        | set(
            IdeaVote.objects.filter(idea__challenge__workshop__event_id__in=event_ids).values_list(
                "registration__organisation_id", flat=True
            )
        )
    )
    seen: dict[int, ParticipantFact] = {}
    for organisation_id, kind, province in rows:
        seen.setdefault(
            organisation_id,
            ParticipantFact(
                organisation_id,
                kind,
                province,
                b2b=organisation_id in b2b_organisations,
                brainstorming=organisation_id in thinkers,
            ),
        )
    return [seen[pk] for pk in sorted(seen)]


def _value(amount: Decimal | None, band: str) -> float | None:
    if amount is not None:
        return float(amount)
    value = BAND_VALUES.get(band)
    return None if value is None else float(value)


def load_facts(*, organiser: Organisation, start: dt.date, end: dt.date) -> Facts:
    """Every record a report on ``organiser``'s events held from ``start`` to ``end`` needs."""
    events = _events(organiser, start, end)
    event_ids = list(events)
    absent = set(
        Registration.objects.filter(event_id__in=event_ids, no_show=True).values_list(
            "pk", flat=True
        )
    )
    meetings = [
        MeetingFact(m.request_id, m.event_id, m.organisations)
        for m in scheduled_meetings(event_ids)
        if not absent.intersection(m.registrations)
    ]
    invitations = [
        InvitationFact(event_id, kind == "rating", organisation_id, answered_at is not None)
        for event_id, kind, organisation_id, answered_at in Invitation.objects.filter(
            wave__plan__event_id__in=event_ids
        ).values_list(
            "wave__plan__event_id", "wave__kind", "registration__organisation_id", "answered_at"
        )
    ]
    ratings = [
        RatingFact(*row)
        for row in MeetingRating.objects.filter(
            invitation__wave__plan__event_id__in=event_ids
        ).values_list(
            "invitation__wave__plan__event_id",
            "request_id",
            "invitation__registration__organisation_id",
            "took_place",
            "interest",
        )
    ]
    outcomes = [
        OutcomeFact(
            event_id,
            months,
            organisation_id,
            partner_id,
            status,
            kind,
            _value(amount, band),
            agreed_on,
            created_at,
        )
        for (
            event_id,
            months,
            organisation_id,
            partner_id,
            status,
            kind,
            amount,
            band,
            agreed_on,
            created_at,
        ) in Outcome.objects.filter(invitation__wave__plan__event_id__in=event_ids).values_list(
            "invitation__wave__plan__event_id",
            "invitation__wave__months",
            "invitation__registration__organisation_id",
            "partner_id",
            "status",
            "kind",
            "amount",
            "amount_band",
            "agreed_on",
            "created_at",
        )
    ]
    b2b = {org for m in meetings for org in m.organisations}
    participants = _participants(event_ids, b2b)
    organisation_ids = (
        b2b
        | {o.partner_id for o in outcomes}
        | {o.organisation_id for o in outcomes}
        | {p.organisation_id for p in participants}
    )
    sector_of = sector_by_organisation(organisation_ids)
    codes = sector_codes_by_organisation(organisation_ids)
    sector_code_of = {pk: codes.get(pk, "other") for pk in organisation_ids}
    clusters: dict[int, set[int]] = defaultdict(set)
    for organisation_id, network_id in (
        Membership.objects.current()
        .filter(organisation_id__in=organisation_ids)
        .values_list("organisation_id", "network_id")
    ):
        clusters[organisation_id].add(network_id)
    network_ids = {pk for event in events.values() for pk in event.organisers}
    synthetic = FollowUpPlan.objects.filter(event_id__in=event_ids, synthetic=True).exists()
    return Facts(
        organiser=organiser,
        start=start,
        end=end,
        events=events,
        meetings=meetings,
        invitations=invitations,
        ratings=ratings,
        outcomes=outcomes,
        sector_of=sector_of,
        sector_code_of=sector_code_of,
        clusters_of={pk: frozenset(clusters.get(pk, ())) for pk in organisation_ids},
        first_met=_first_met(b2b, end),
        participants=participants,
        network_names=dict(
            Organisation.objects.filter(pk__in=network_ids).values_list("pk", "name")
        ),
        synthetic=synthetic,
        maturity=maturity_change(organiser=organiser, start=start, end=end),
        references=[
            (label, amount, source)
            for label, amount, source in organiser.impact_reference_figures.order_by(
                "pk"
            ).values_list("label", "amount", "source")
        ],
    )
