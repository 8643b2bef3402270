"""The demo's follow-up: simulated, clearly synthetic answers for the nine past "ICT meets ..."
editions and the live one, so that ``maillage demo`` shows a real InfoPôle report, with measured
outcomes beside the historical estimate and suppressed cells.

Nothing here is measured. The seeds give each past edition's attendance but no date, no
participant and no outcome; the assumptions below (docs/impact.md, "Demo") fill the gaps, and
every plan they create is marked ``synthetic``, which every page and report says. Participants
are the synthetic organisations of the demo population; a past edition's schedule is made by the
scheduling engine's first-fit solver and recorded as published on its day, without e-mails.
Answers are written in bulk (thousands, in seconds), drawn so that they pass the same checks the
services apply.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.ecosystem.models import Organisation
from maillage.events.demo_edition import LIVE_SLUG
from maillage.events.jobs import store_schedule
from maillage.events.models import B2BSession, Event, MeetingRequest, Registration, ScheduleRun
from maillage.events.problem import build_problem
from maillage.impact.meetings import scheduled_meetings
from maillage.impact.models import (
    FollowUpPlan,
    Invitation,
    MeetingRating,
    Outcome,
    ReferenceFigure,
    Wave,
)
from maillage.impact.services.mail import wave_url
from maillage.impact.services.plans import create_follow_up_plan
from maillage.impact.services.waves import wave_population
from maillage.impact.simulation import ASSUMPTIONS, FollowUpSimulator, SimMeeting
from maillage.scheduling import engine

SEED = 20140522
ORGANISER_SLUG = "infopole-cluster-tic"
#: The seeds do not date the editions ("after three years of action", from 2014): spread evenly.
PAST_EDITIONS = (
    ("ict-meets-biowin", dt.date(2014, 5, 22)),
    ("ict-meets-mecatech", dt.date(2014, 10, 16)),
    ("ict-meets-skywin", dt.date(2015, 2, 12)),
    ("ict-meets-logistics-in-wallonia", dt.date(2015, 5, 21)),
    ("ict-meets-tweed", dt.date(2015, 10, 8)),
    ("ict-meets-eco-construction-cap-2020", dt.date(2016, 2, 18)),
    ("ict-meets-wagralim", dt.date(2016, 5, 19)),
    ("ict-meets-plastiwin", dt.date(2016, 10, 13)),
    ("ict-meets-twist-numediart", dt.date(2017, 2, 16)),
)
COMPANY_KINDS = ("sme", "startup", "large_company", "research_centre")


@dataclass
class FollowUpDemo:
    editions: int = 0
    participants: int = 0
    ratings: int = 0
    outcomes: int = 0
    #: The demo representative's rating of the live edition (a link that works now).
    representative_link: str = ""
    skipped: list[str] = field(default_factory=list)


def _candidates(network_slugs: list[str]) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            synthetic=True, kind__in=COMPANY_KINDS, memberships__network__slug__in=network_slugs
        )
        .distinct()
        .order_by("slug")
    )


def _users(organisations: list[Organisation]) -> dict[int, User]:
    """One account per organisation, as the live edition makes them (no password)."""
    emails = {o.pk: f"participant.{o.slug}@maillage.example" for o in organisations}
    found = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    missing = [
        User(email=email, full_name=f"Participant {pk}", password=make_password(None))
        for pk, email in emails.items()
        if email not in found
    ]
    for user in User.objects.bulk_create(missing):
        found[user.email] = user
    return {pk: found[email] for pk, email in emails.items()}


def _stage_edition(
    event: Event,
    day: dt.date,
    rng: random.Random,
    extra: tuple[User, Organisation] | None,
) -> int:
    """Register participants of both sides, accept their requests and record the engine's
    schedule as published on ``day``; returns the participants (0 when too few)."""
    sector = [o.slug for o in event.organisers.all() if o.slug != ORGANISER_SLUG]
    reserved = {extra[1].pk} if extra is not None else set()
    ict = [o for o in _candidates([ORGANISER_SLUG]) if o.pk not in reserved]
    # One set, not one per candidate: with 100,000 organisations both lists run to thousands.
    taken = {o.pk for o in ict} | reserved
    makers = [o for o in _candidates(sector) if o.pk not in taken]
    half = max(1, event.participant_count // 2)
    ict = rng.sample(ict, k=min(half, len(ict)))
    makers = rng.sample(makers, k=min(event.participant_count - len(ict), len(makers)))
    if extra is not None:
        makers = [*makers[: len(makers) - 1], extra[1]]
    if len(ict) < 2 or len(makers) < 2:
        return 0
    users = _users([*ict, *makers])
    if extra is not None:
        users[extra[1].pk] = extra[0]
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            user=users[o.pk],
            organisation=o,
            role=Registration.Role.SUPPLIER if side == 0 else Registration.Role.DEMANDER,
        )
        for side, group in enumerate((ict, makers))
        for o in group
    )
    suppliers, demanders = registrations[: len(ict)], registrations[len(ict) :]
    noon = dt.datetime.combine(day, dt.time(12), timezone.get_current_timezone())
    requests = {
        (d.pk, s.pk): MeetingRequest(
            event=event,
            requester=d,
            recipient=s,
            status=MeetingRequest.Status.ACCEPTED,
            mutual=rng.random() < 0.2,
            expires_at=noon,
            answered_at=noon,
        )
        for d in demanders
        for s in rng.sample(suppliers, k=min(3, len(suppliers)))
        if rng.random() < ASSUMPTIONS.accepted
    }
    MeetingRequest.objects.bulk_create(requests.values())
    B2BSession.objects.bulk_create(
        B2BSession(
            event=event,
            name=name,
            date=day,
            start_time=start,
            end_time=end,
            slot_minutes=20,
            table_count=max(10, len(registrations) // 2),
        )
        for name, start, end in (
            ("B2B (simulé) matin", dt.time(9, 20), dt.time(12, 40)),
            ("B2B (simulé) après-midi", dt.time(14), dt.time(16)),
        )
    )
    built = build_problem(event)
    result = engine.solve_greedy(built.problem)
    run = ScheduleRun.objects.create(event=event)
    store_schedule(
        run=run,
        built=built,
        placements=result.placements,
        locked=(),
        stats={"solver_status": str(result.status), "placed": len(result.placements)},
    )
    # A past edition's schedule was published on its day; nobody is e-mailed about it now.
    published = dt.datetime.combine(day, dt.time(8), timezone.get_current_timezone())
    ScheduleRun.objects.filter(pk=run.pk).update(published_at=published)
    Event.objects.filter(pk=event.pk).update(schedule_published_at=published)
    return len(registrations)


def _invitations(
    wave: Wave, rate: float, rng: random.Random, now: dt.datetime, skip: int | None
) -> dict[int, Invitation]:
    """Invitations of the wave's population, recorded as sent (no e-mail); returns those that
    answer, by registration."""
    closed = wave.closes_at <= now
    rows, answering = [], {}
    for registration in wave_population(wave):
        answers = registration.pk != skip and rng.random() < rate
        answered = wave.opens_at + dt.timedelta(days=rng.uniform(0, 27)) if answers else None
        invitation = Invitation(
            wave=wave,
            registration=registration,
            sent_at=wave.opens_at,
            reminders_sent=2 if closed and not answers else 0,
            answered_at=min(answered, now) if answered else None,
        )
        rows.append(invitation)
        if answers:
            answering[registration.pk] = invitation
    Invitation.objects.bulk_create(rows)
    Wave.objects.filter(pk=wave.pk).update(opened_at=wave.opens_at)
    return answering


def simulate_answers(
    plan: FollowUpPlan, rng: random.Random, now: dt.datetime, *, skip: int | None = None
) -> tuple[int, int]:
    """Simulate every wave of ``plan`` opened by ``now`` (``skip``: a registration left to
    answer by hand); returns the ratings and outcomes written."""
    simulator = FollowUpSimulator(
        (
            SimMeeting(m.request_id, m.registrations, m.organisations)
            for m in scheduled_meetings([plan.event_id])
        ),
        held_on=plan.held_on,
        rng=rng,
    )
    rates = dict(ASSUMPTIONS.response)
    ratings = outcomes = 0
    today = timezone.localdate(now)
    for wave in plan.waves.order_by("months"):
        if wave.opens_at > now:
            break
        answering = _invitations(wave, rates.get(wave.months, rates[12]), rng, now, skip)
        if wave.is_rating:
            rows = simulator.rate(answering)
            MeetingRating.objects.bulk_create(
                MeetingRating(
                    invitation=answering[r.registration],
                    request_id=r.request_id,
                    took_place=r.took_place,
                    interest=r.interest,
                    synthetic=True,
                )
                for r in rows
            )
            ratings += len(rows)
            continue
        drawn, quiet = simulator.follow_up(
            answering, opens_on=timezone.localdate(wave.opens_at), today=today
        )
        Outcome.objects.bulk_create(
            Outcome(
                invitation=answering[o.registration],
                partner_id=o.partner,
                request_id=o.request_id,
                status=o.status,
                kind=o.kind,
                amount=o.amount,
                amount_band=o.band,
                agreed_on=o.agreed_on,
                publishable=o.publishable,
                synthetic=True,
            )
            for o in drawn
        )
        Invitation.objects.filter(pk__in=[answering[r].pk for r in quiet]).update(
            nothing_to_report=True
        )
        outcomes += len(drawn)
    return ratings, outcomes


REFERENCE = {
    "label": 'Turnover generated by the "ICT meets ..." actions over three years (estimate)',
    "amount": Decimal(210_000),
    "source": (
        'InfoPôle Cluster TIC\'s presentation of the programme: "more than EUR 210,000", '
        "an estimate based on the few spontaneous returns of its members (2014–2017)."
    ),
}


@transaction.atomic
def load_follow_up_demo(
    *, representative: User, representative_organisation: Organisation
) -> FollowUpDemo | None:
    """Simulate the follow-up of the past editions and the live one (None when done before).

    The representative takes part in the past "ICT meets MecaTech" with their organisation (so
    their history has answers) and is left to rate the live edition themselves.
    """
    if FollowUpPlan.objects.filter(synthetic=True).exists():
        return None
    rng = random.Random(SEED)
    now = timezone.now()
    done = FollowUpDemo()
    for slug, day in PAST_EDITIONS:
        event = Event.objects.filter(slug=slug).prefetch_related("organisers").first()
        if event is None or FollowUpPlan.objects.filter(event=event).exists():
            continue
        extra = (
            (representative, representative_organisation) if slug == "ict-meets-mecatech" else None
        )
        participants = _stage_edition(event, day, rng, extra)
        if not participants:
            done.skipped.append(slug)
            continue
        plan = create_follow_up_plan(event=event, held_on=day, synthetic=True)
        ratings, outcomes = simulate_answers(plan, rng, now)
        done.editions += 1
        done.participants += participants
        done.ratings += ratings
        done.outcomes += outcomes
    live = Event.objects.filter(slug=LIVE_SLUG).first()
    if live is not None and not FollowUpPlan.objects.filter(event=live).exists():
        plan = create_follow_up_plan(event=live, held_on=timezone.localdate(now), synthetic=True)
        # The demo's edition is today; its rating opens now rather than tomorrow morning, so
        # that the representative can try it. Invitations are recorded, not e-mailed.
        Wave.objects.filter(plan=plan, months=0).update(
            opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(weeks=4)
        )
        own = Registration.objects.filter(event=live, user=representative).first()
        ratings, _outcomes = simulate_answers(plan, rng, now, skip=own.pk if own else None)
        done.editions += 1
        done.ratings += ratings
        if own is not None:
            invitation = Invitation.objects.get(wave__plan=plan, registration=own)
            done.representative_link = wave_url(invitation)
    organiser = Organisation.objects.filter(slug=ORGANISER_SLUG).first()
    if organiser is not None:
        ReferenceFigure.objects.create(
            organiser=organiser,
            start=dt.date(2014, 1, 1),
            end=dt.date(2017, 3, 31),
            **REFERENCE,
        )
    return done
