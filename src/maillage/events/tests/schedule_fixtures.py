"""A small event with accepted requests, ready to schedule, for the scheduling and agenda tests.

On top of ``make_b2b`` (alice: a manufacturer, bob: an ICT provider, ``manager`` organises):
one more participant (Delta Data SA) and three accepted requests (alice–bob, alice–delta,
bob–delta) in one session of three 20-minute slots at two tables.
"""

from dataclasses import dataclass

from django.test import override_settings
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import MeetingRequest, Registration, ScheduleRun
from maillage.events.services.scheduling import publish_schedule, start_schedule_run
from maillage.events.tests.b2b_fixtures import B2B, make_b2b
from maillage.events.tests.factories import RegistrationFactory

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class Scheduled:
    b2b: B2B
    delta_reg: Registration
    requests: list[MeetingRequest]


def accepted(requester: Registration, recipient: Registration) -> MeetingRequest:
    return MeetingRequest.objects.create(
        event=requester.event,
        requester=requester,
        recipient=recipient,
        status=MeetingRequest.Status.ACCEPTED,
        expires_at=timezone.now(),
    )


def make_scheduled(cast: Cast) -> Scheduled:
    b2b = make_b2b(cast)
    b2b.session.table_count = 2
    b2b.session.save(update_fields=["table_count"])
    delta = RegistrationFactory(
        event=b2b.event,
        user=UserFactory(email="delta@example.org", full_name="Dora Delta"),
        organisation=OrganisationFactory(name="Delta Data SA"),
        role=Registration.Role.SUPPLIER,
    )
    requests = [
        accepted(b2b.alice_reg, b2b.bob_reg),
        accepted(b2b.alice_reg, delta),
        accepted(b2b.bob_reg, delta),
    ]
    return Scheduled(b2b, delta, requests)


def run_now(event: object, organiser: User) -> ScheduleRun:
    """Start a run and solve it in this process (the immediate backend)."""
    with override_settings(TASKS=IMMEDIATE):
        run = start_schedule_run(event=event, actor=organiser)  # type: ignore[arg-type]
    run.refresh_from_db()
    return run


def publish_now(run: ScheduleRun, organiser: User) -> ScheduleRun:
    with override_settings(TASKS=IMMEDIATE):
        return publish_schedule(run=run, actor=organiser)
