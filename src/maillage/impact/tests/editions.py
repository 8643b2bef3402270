"""Editions with many meetings for the report tests, written straight to the database.

``make_edition`` registers one organisation per side of each pair, accepts their requests and
records a published schedule (one meeting per slot at table 1), then plans the follow-up
(``held_on``) and opens its rating. Answers are then given through the services.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import Event, Meeting, MeetingRequest, MeetingSeat, ScheduleRun
from maillage.events.tests.factories import EventFactory, RegistrationFactory
from maillage.impact.models import Invitation, Wave
from maillage.impact.services.answers import rate_meeting, report_outcome
from maillage.impact.services.plans import create_follow_up_plan
from maillage.impact.services.waves import open_wave


@dataclass
class Edition:
    event: Event
    #: One accepted request per pair, in the order given.
    requests: list[MeetingRequest]

    def invitation(self, organisation: Organisation, months: int = 0) -> Invitation:
        return Invitation.objects.select_related(
            "wave__plan__event", "registration__organisation", "registration__user"
        ).get(
            wave__plan__event=self.event,
            wave__months=months,
            registration__organisation=organisation,
        )

    def open(self, months: int) -> None:
        wave = Wave.objects.get(plan__event=self.event, months=months)
        now = timezone.now()
        Wave.objects.filter(pk=wave.pk).update(
            opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(weeks=4)
        )
        wave.refresh_from_db()
        open_wave(wave=wave, now=now)

    def rate(self, index: int, *, interest: str = "cooperation", both: bool = True) -> None:
        request = self.requests[index]
        sides = [request.requester, request.recipient][: 2 if both else 1]
        for registration in sides:
            rate_meeting(
                invitation=self.invitation(registration.organisation),
                request_id=request.pk,
                took_place=True,
                interest=interest,
            )

    def report(self, index: int, side: int, months: int = 3, **values: object) -> None:
        request = self.requests[index]
        registration = (request.requester, request.recipient)[side]
        report_outcome(  # type: ignore[misc]
            invitation=self.invitation(registration.organisation, months),
            request_id=request.pk,
            **{"status": "agreement", "kind": "supply", **values},
        )


def organisations(count: int, prefix: str) -> list[Organisation]:
    return [OrganisationFactory(name=f"{prefix} {i:02d} SRL") for i in range(count)]


def make_edition(
    *,
    name: str,
    organisers: Sequence[Organisation],
    held_on: dt.date,
    pairs: Sequence[tuple[Organisation, Organisation]],
) -> Edition:
    event = EventFactory(name=name, start_date=held_on, end_date=held_on)
    event.organisers.set(organisers)
    registrations = {}
    for organisation in {o for pair in pairs for o in pair}:
        registrations[organisation.pk] = RegistrationFactory(
            event=event,
            organisation=organisation,
            user=UserFactory(email=f"{organisation.slug}.{event.slug}@example.org"),
        )
    run = ScheduleRun.objects.create(
        event=event, status=ScheduleRun.Status.DONE, published_at=timezone.now()
    )
    requests = []
    for slot, (a, b) in enumerate(pairs, start=1):
        request = MeetingRequest.objects.create(
            event=event,
            requester=registrations[a.pk],
            recipient=registrations[b.pk],
            status=MeetingRequest.Status.ACCEPTED,
            expires_at=timezone.now(),
        )
        meeting = Meeting.objects.create(run=run, request=request, slot=slot, table=1)
        for registration in (registrations[a.pk], registrations[b.pk]):
            MeetingSeat.objects.create(
                meeting=meeting, run=run, registration=registration, slot=slot
            )
        requests.append(request)
    plan = create_follow_up_plan(event=event, held_on=held_on)
    rating = Wave.objects.get(plan=plan, months=0)
    open_wave(wave=rating, now=rating.opens_at)
    return Edition(event, requests)
