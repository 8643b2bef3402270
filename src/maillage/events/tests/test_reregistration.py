"""A cancelled registrant may register again (issue 16: they could not)."""

import pytest
from django.test import Client

from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import Registration
from maillage.events.services.registration import cancel_registration, register_participant
from maillage.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_register_again_after_cancelling(cast: Cast) -> None:
    event = EventFactory(capacity=10)
    first = register_participant(
        event=event, user=cast.alice, organisation=cast.alice_org, role="supplier"
    )
    cancel_registration(registration=first)
    again = register_participant(
        event=event, user=cast.alice, organisation=cast.alice_org, role="demander", needs="AI"
    )
    assert again.pk == first.pk
    assert (again.status, again.role, again.needs) == ("confirmed", "demander", "AI")
    assert Registration.objects.filter(event=event, user=cast.alice).count() == 1


def test_register_again_goes_to_the_end_of_the_waiting_list(cast: Cast) -> None:
    event = EventFactory(capacity=1)
    alice = register_participant(
        event=event, user=cast.alice, organisation=cast.alice_org, role="supplier"
    )
    waiting = register_participant(
        event=event, user=UserFactory(), organisation=OrganisationFactory(), role="supplier"
    )
    cancel_registration(registration=alice)  # the waiting registrant takes the place
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    again = register_participant(
        event=event, user=cast.alice, organisation=cast.alice_org, role="supplier"
    )
    assert again.status == "waitlisted"


def test_still_registered_is_refused(cast: Cast) -> None:
    event = EventFactory()
    register_participant(event=event, user=cast.alice, organisation=cast.alice_org, role="supplier")
    with pytest.raises(ValidationFailed):
        register_participant(
            event=event, user=cast.alice, organisation=cast.alice_org, role="supplier"
        )


def test_register_again_through_the_page(client: Client, cast: Cast) -> None:
    event = EventFactory(capacity=10)
    registration = register_participant(
        event=event, user=cast.alice, organisation=cast.alice_org, role="supplier"
    )
    cancel_registration(registration=registration)
    client.force_login(cast.alice)
    response = client.post(
        f"/events/{event.slug}/register/",
        {
            "organisation_mode": "mine",
            "organisation": cast.alice_org.pk,
            "role": "supplier",
            "offers": "robots",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    registration.refresh_from_db()
    assert (registration.status, registration.offers) == ("confirmed", "robots")
