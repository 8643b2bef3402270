"""The demo's live edition: "ICT meets MecaTech" taking place today, with a published schedule.

``create_live_edition`` registers ICT providers (members of InfoPôle Cluster TIC working in
digital technologies) and manufacturers (members of MecaTech working in industrial processes)
from the synthetic population, plus the demo representative's SME; it writes their meeting
requests (most accepted, some mutual, some declined or pending) and a brainstorming workshop
with challenges and ideas (``brainstorm_demo``), then schedules every accepted
request with the engine's deterministic first-fit solver, verifies and publishes it, so two loads
give the same event. It does nothing when the edition exists.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from maillage.accounts.models import User
from maillage.ecosystem.models import Contact, Organisation
from maillage.events.brainstorm_demo import add_live_workshop
from maillage.events.jobs import store_schedule
from maillage.events.models import (
    B2BSession,
    ConferenceSession,
    Event,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from maillage.events.problem import build_problem
from maillage.events.schedule_stats import run_statistics
from maillage.events.services.scheduling import publish_schedule
from maillage.marketplace.models import Listing
from maillage.scheduling import engine

LIVE_SLUG = "ict-meets-mecatech-live"
ORGANISER_SLUGS = ("infopole-cluster-tic", "mecatech")
ICT_AXIS = "digital-technologies"
INDUSTRY_AXIS = "industrial-processes-materials"
COMPANY_KINDS = (Organisation.Kind.SME, Organisation.Kind.STARTUP, Organisation.Kind.LARGE_COMPANY)
SEED = 20270318


@dataclass(frozen=True)
class LiveEdition:
    event: Event
    participants: int
    requests: int
    accepted: int
    meetings: int


def _candidates(axis: str, network: str, other_axis: str) -> list[Organisation]:
    chosen: QuerySet[Organisation] = (
        Organisation.objects.filter(
            synthetic=True,
            kind__in=COMPANY_KINDS,
            domains__parent__code=axis,
            memberships__network__slug=network,
        )
        .exclude(domains__parent__code=other_axis)
        .distinct()
        .order_by("slug")
    )
    return list(chosen)


def _texts(organisations: list[Organisation]) -> dict[tuple[int, str], str]:
    """Offers and needs of each organisation, from its marketplace listings."""
    texts: dict[tuple[int, str], list[str]] = {}
    for organisation_id, direction, title in (
        Listing.objects.filter(organisation__in=organisations)
        .order_by("pk")
        .values_list("organisation_id", "direction", "title")
    ):
        texts.setdefault((organisation_id, direction), []).append(title)
    return {key: "\n".join(titles) for key, titles in texts.items()}


def _participants(organisations: list[Organisation]) -> list[User]:
    """One account per registered organisation, named after its first contact (no password)."""
    names: dict[int, str] = {}
    for organisation_id, first, last in (
        Contact.objects.filter(organisation__in=organisations)
        .order_by("pk")
        .values_list("organisation_id", "first_name", "last_name")
    ):
        names.setdefault(organisation_id, f"{first} {last}")
    unusable = make_password(None)
    return User.objects.bulk_create(
        User(
            email=f"participant.{organisation.slug}@maillage.example",
            full_name=names.get(organisation.pk, organisation.display_name),
            password=unusable,
        )
        for organisation in organisations
    )


def _sessions(event: Event, day: dt.date) -> None:
    B2BSession.objects.bulk_create(
        [
            B2BSession(
                event=event,
                name="Matin",
                date=day,
                start_time=dt.time(9, 30),
                end_time=dt.time(12, 30),
                slot_minutes=20,
                table_count=24,
            ),
            B2BSession(
                event=event,
                name="Après-midi",
                date=day,
                start_time=dt.time(14, 0),
                end_time=dt.time(16, 0),
                slot_minutes=20,
                table_count=24,
            ),
        ]
    )
    zone = timezone.get_current_timezone()
    ConferenceSession.objects.bulk_create(
        [
            ConferenceSession(
                event=event,
                title="Maintenance prédictive : retours d'expérience",
                speakers="InfoPôle Cluster TIC, MecaTech",
                room="Auditorium",
                starts_at=dt.datetime.combine(day, dt.time(8, 45), zone),
                ends_at=dt.datetime.combine(day, dt.time(9, 25), zone),
            ),
            ConferenceSession(
                event=event,
                title="Vision industrielle et IA sur la ligne de production",
                room="Auditorium",
                starts_at=dt.datetime.combine(day, dt.time(13, 15), zone),
                ends_at=dt.datetime.combine(day, dt.time(13, 55), zone),
            ),
        ]
    )


def _requests(
    event: Event,
    suppliers: list[Registration],
    demanders: list[Registration],
    rng: random.Random,
    now: dt.datetime,
) -> list[MeetingRequest]:
    """Demanders ask four suppliers each, suppliers one demander; answered as in real editions."""
    asked: dict[tuple[int, int], MeetingRequest] = {}
    pairs = [(d, s) for d in demanders for s in rng.sample(suppliers, k=4)]
    pairs += [(s, rng.choice(demanders)) for s in suppliers]
    for requester, recipient in pairs:
        key = (requester.pk, recipient.pk)
        if key in asked:
            continue
        reverse = asked.get((recipient.pk, requester.pk))
        if reverse is not None:
            # Both asked: the platform turns the second request into a mutual acceptance.
            reverse.status, reverse.mutual, reverse.answered_at = "accepted", True, now
            continue
        draw = rng.random()
        status = (
            MeetingRequest.Status.ACCEPTED
            if draw < 0.75
            else MeetingRequest.Status.DECLINED
            if draw < 0.87
            else MeetingRequest.Status.PENDING
        )
        asked[key] = MeetingRequest(
            event=event,
            requester=requester,
            recipient=recipient,
            status=status,
            expires_at=now + dt.timedelta(days=2),
            answered_at=None if status == MeetingRequest.Status.PENDING else now,
        )
    return MeetingRequest.objects.bulk_create(asked.values(), batch_size=500)


@transaction.atomic
def create_live_edition(
    *,
    organiser: User,
    representative: User | None = None,
    representative_organisation: Organisation | None = None,
    suppliers: int = 80,
    demanders: int = 80,
) -> LiveEdition | None:
    """Create the live edition (None when it already exists: running the demo twice is a no-op).

    ``organiser`` must organise it (a manager of InfoPôle or MecaTech): it publishes the schedule.
    The representative, when given, takes part as a manufacturer with their organisation.
    """
    if Event.objects.filter(slug=LIVE_SLUG).exists():
        return None
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    event = Event.objects.create(
        # Distinct from the past edition of the seed data, "ICT meets MecaTech".
        name="ICT meets MecaTech — live edition",
        slug=LIVE_SLUG,
        description=(
            "Édition en cours de la rencontre intersectorielle entre le secteur TIC et la "
            "mécatronique : conférence, brainstorming et rendez-vous B2B "
            "(données de démonstration)."
        ),
        start_date=today,
        end_date=today,
        venue="Liège Expo",
        capacity=200,
        registration_opens_at=now - dt.timedelta(days=45),
        registration_closes_at=now - dt.timedelta(days=2),
    )
    event.organisers.set(Organisation.objects.filter(slug__in=ORGANISER_SLUGS))
    _sessions(event, today)
    ict = _candidates(ICT_AXIS, "infopole-cluster-tic", INDUSTRY_AXIS)
    industry = _candidates(INDUSTRY_AXIS, "mecatech", ICT_AXIS)
    chosen_ict = sorted(rng.sample(ict, k=min(suppliers, len(ict))), key=lambda o: o.slug)
    chosen_industry = sorted(
        rng.sample(industry, k=min(demanders, len(industry))), key=lambda o: o.slug
    )
    if representative is not None and representative_organisation is not None:
        chosen_industry = [o for o in chosen_industry if o.pk != representative_organisation.pk]
    organisations = chosen_ict + chosen_industry
    users = _participants(organisations)
    texts = _texts(organisations)
    rows = [
        Registration(
            event=event,
            user=user,
            organisation=organisation,
            role=Registration.Role.SUPPLIER
            if index < len(chosen_ict)
            else Registration.Role.DEMANDER,
            offers=texts.get((organisation.pk, Listing.Direction.OFFER), ""),
            needs=texts.get((organisation.pk, Listing.Direction.NEED), ""),
        )
        for index, (user, organisation) in enumerate(zip(users, organisations, strict=True))
    ]
    if representative is not None and representative_organisation is not None:
        rows.append(
            Registration(
                event=event,
                user=representative,
                organisation=representative_organisation,
                role=Registration.Role.DEMANDER,
                needs="Maintenance prédictive de cellules robotisées\nVision pour le contrôle "
                "qualité",
            )
        )
    registrations = Registration.objects.bulk_create(rows)
    supplier_rows = [r for r in registrations if r.role == Registration.Role.SUPPLIER]
    demander_rows = [r for r in registrations if r.role == Registration.Role.DEMANDER]
    requests = _requests(event, supplier_rows, demander_rows, rng, now)
    # The representative (last row) posts the first challenge, so the demo login sees it.
    add_live_workshop(event, demander_rows[::-1], supplier_rows, rng, day=today)
    built = build_problem(event)
    # The engine's first-fit schedule: instant and deterministic. CP-SAT under a deterministic
    # work budget took 16 s on the loaded 2-core machine to return the same 181 breaks for the
    # default edition (294 meetings), so the demo does not wait for it; organisers can re-run the
    # full solver in the background from the scheduling page.
    result = engine.solve_greedy(built.problem)
    verdict = engine.verify(built.problem, result.placements)
    if result.unscheduled or not verdict.ok:
        raise RuntimeError(f"the demo schedule is incomplete or invalid: {verdict}")
    run = ScheduleRun.objects.create(event=event, created_by=organiser)
    store_schedule(
        run=run,
        built=built,
        placements=result.placements,
        locked=(),
        # The same figures as a run of the scheduling page (its run page showed " / / " when
        # the demo stored fewer).
        stats=run_statistics(built, result),
    )
    publish_schedule(run=run, actor=organiser)
    return LiveEdition(
        event=event,
        participants=len(registrations),
        requests=len(requests),
        accepted=sum(r.status == MeetingRequest.Status.ACCEPTED for r in requests),
        meetings=len(result.placements),
    )
