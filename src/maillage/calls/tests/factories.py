"""factory_boy factories for calls and consortia."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from maillage.calls.models import Call, CallDeadline, Consortium, Partner, PartnerRole
from maillage.ecosystem.tests.factories import OrganisationFactory


class CallFactory(factory.django.DjangoModelFactory[Call]):
    """An open call, opened a month ago; ``deadlines``: days from today or dates ([30])."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"TEST-CALL-{n:03d}")
    slug = factory.LazyAttribute(lambda o: o.reference.lower())
    title = factory.Sequence(lambda n: f"Call number {n}")
    summary = "Funding for projects."
    programme = "Horizon Europe"
    funder = "European Union"
    source = Call.Source.PORTAL
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))

    @factory.post_generation
    def deadlines(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        today = timezone.localdate()
        days = [
            day if isinstance(day, dt.date) else today + dt.timedelta(days=day)
            for day in (extracted if extracted is not None else [30])
        ]
        CallDeadline.objects.bulk_create(CallDeadline(call=self, date=day) for day in days)


class ConsortiumFactory(factory.django.DjangoModelFactory[Consortium]):
    class Meta:
        model = Consortium
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"CONSORTIUM-{n}")
    lead = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def lead_partner(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Partner.objects.create(
                consortium=self,
                organisation=self.lead,
                role=PartnerRole.COORDINATOR,
                status=Partner.Status.LEAD,
            )
