import datetime as dt

import factory

from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import B2BSession, Event, Registration


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"ICT meets Sector {n}")
    slug = factory.Sequence(lambda n: f"ict-meets-sector-{n}")
    start_date = dt.date(2027, 3, 18)
    end_date = dt.date(2027, 3, 18)
    capacity = 100


class B2BSessionFactory(factory.django.DjangoModelFactory[B2BSession]):
    class Meta:
        model = B2BSession

    event = factory.SubFactory(EventFactory)
    name = "Matin"
    date = dt.date(2027, 3, 18)
    start_time = dt.time(9, 0)
    end_time = dt.time(12, 0)
    slot_minutes = 20
    table_count = 10


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Registration.Role.SUPPLIER
