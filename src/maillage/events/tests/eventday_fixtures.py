"""A small event with a published schedule, for the event-day and dashboard tests.

Eight participants A..H (A is ``alice``, B is ``bob``), one B2B session of three slots at one
table, and four accepted requests: A-B, C-D and E-F are mutual (weight 3), G-H is a plain
acceptance (weight 2). Only three meetings fit, so the schedule leaves G-H out; when E does not
show up, re-planning puts G-H in the slot E-F frees and moves nothing else.
"""

import datetime as dt
from dataclasses import dataclass

from django.test import override_settings
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import DomainFactory, OrganisationFactory, UserFactory
from maillage.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun
from maillage.events.services.scheduling import publish_schedule, start_schedule_run
from maillage.events.tests.factories import B2BSessionFactory, EventFactory, RegistrationFactory

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class Day:
    event: Event
    organiser: User
    people: dict[str, Registration]
    run: ScheduleRun

    def slot_of(self, first: str, second: str, run: ScheduleRun | None = None) -> int | None:
        meeting = Meeting.objects.filter(
            run=run or self.run,
            request__requester=self.people[first],
            request__recipient=self.people[second],
        ).first()
        return meeting.slot if meeting else None


def make_day(cast: Cast, organiser: User, *, publish: bool = True) -> Day:
    event = EventFactory(name="ICT meets MecaTech 2027", slug="ict-meets-mecatech-2027")
    event.organisers.set([cast.cluster])
    B2BSessionFactory(
        event=event, start_time=dt.time(9), end_time=dt.time(10), slot_minutes=20, table_count=1
    )
    ict = DomainFactory(code="digital-technologies", label_en="Digital technologies")
    industry = DomainFactory(code="industrial-processes", label_en="Industrial processes")
    vision = DomainFactory(code="computer-vision", label_en="Computer vision", parent=ict)
    robots = DomainFactory(code="robotics", label_en="Robotics", parent=industry)
    people: dict[str, Registration] = {
        "A": RegistrationFactory(event=event, user=cast.alice, organisation=cast.alice_org),
        "B": RegistrationFactory(event=event, user=cast.bob, organisation=cast.bob_org),
    }
    for letter in "CDEFGH":
        people[letter] = RegistrationFactory(
            event=event,
            user=UserFactory(email=f"{letter.lower()}@example.org"),
            organisation=OrganisationFactory(name=f"Org {letter} SRL"),
        )
    for index, letter in enumerate("ABCDEFGH"):
        # Even letters are ICT providers, odd ones manufacturers.
        people[letter].organisation.domains.set([vision if index % 2 == 0 else robots])
    requests = (("A", "B", True), ("C", "D", True), ("E", "F", True), ("G", "H", False))
    for first, second, mutual in requests:
        MeetingRequest.objects.create(
            event=event,
            requester=people[first],
            recipient=people[second],
            status=MeetingRequest.Status.ACCEPTED,
            mutual=mutual,
            expires_at=timezone.now() + dt.timedelta(days=3),
        )
    with override_settings(TASKS=IMMEDIATE):
        run = start_schedule_run(event=event, actor=organiser)
    run.refresh_from_db()
    if publish:
        publish_schedule(run=run, actor=organiser)
    return Day(event, organiser, people, run)
