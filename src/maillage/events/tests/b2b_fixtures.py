"""A ready B2B event for the B2B pages, registration and API tests.

``alice`` (owner: a demander, e.g. a manufacturer) and ``bob`` (member: a supplier, e.g. an ICT
provider) are confirmed participants; ``charlie`` (outsider) is not registered; ``manager``
organises the event (their cluster is among its organisers).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import B2BSession, Event, Registration
from maillage.events.tests.factories import B2BSessionFactory, EventFactory, RegistrationFactory


@dataclass
class B2B:
    event: Event
    session: B2BSession
    alice_reg: Registration
    bob_reg: Registration


def make_b2b(cast: Cast) -> B2B:
    event = EventFactory(
        name="ICT meets MecaTech",
        slug="ict-meets-mecatech",
        registration_opens_at=timezone.now() - dt.timedelta(days=10),
        registration_closes_at=timezone.now() + dt.timedelta(days=10),
        capacity=50,
    )
    event.organisers.set([cast.cluster, cast.other_cluster])
    session = B2BSessionFactory(
        event=event, start_time=dt.time(9, 0), end_time=dt.time(10, 0), slot_minutes=20
    )
    alice_reg = RegistrationFactory(
        event=event,
        user=cast.alice,
        organisation=cast.alice_org,
        role=Registration.Role.DEMANDER,
        needs="predictive maintenance software for machining lines\nvision quality control",
        offers="machining of metal parts",
    )
    bob_reg = RegistrationFactory(
        event=event,
        user=cast.bob,
        organisation=cast.bob_org,
        role=Registration.Role.SUPPLIER,
        offers="predictive maintenance software with machine learning\nvision quality control",
        needs="industrial pilot sites for machining",
    )
    return B2B(event, session, alice_reg, bob_reg)


def add_participants(event: Event, count: int) -> list[Registration]:
    """``count`` more confirmed participants with their own organisations."""
    return [
        RegistrationFactory(
            event=event,
            user=UserFactory(),
            organisation=OrganisationFactory(),
            role=Registration.Role.SUPPLIER,
            offers=f"cloud services number {n}",
        )
        for n in range(count)
    ]


def user_of(registration: Registration) -> User:
    return registration.user
