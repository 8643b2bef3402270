import datetime as dt

import pytest

from maillage.core.errors import ValidationFailed
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import Registration
from maillage.events.services.registration import cancel_registration, register_participant
from maillage.events.tests.factories import B2BSessionFactory, EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def _register(event, **extra):
    return register_participant(
        event=event,
        user=extra.pop("user", None) or UserFactory(),
        organisation=OrganisationFactory(),
        role=extra.pop("role", Registration.Role.SUPPLIER),
        now=extra.pop("now", NOW),
        **extra,
    )


def test_register_participant_over_capacity_waitlisted():
    event = EventFactory(capacity=1)
    first = _register(event)
    second = _register(event)
    assert (first.status, second.status) == ("confirmed", "waitlisted")


def test_cancel_registration_promotes_first_waitlisted():
    event = EventFactory(capacity=1)
    first = _register(event)
    second = _register(event)
    third = _register(event)
    promoted = cancel_registration(registration=first)
    assert promoted == second
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waitlisted")


def test_register_participant_after_closing_refused():
    event = EventFactory(registration_closes_at=NOW - dt.timedelta(hours=1))
    with pytest.raises(ValidationFailed) as excinfo:
        _register(event)
    assert list(excinfo.value.errors) == ["__all__"]
    assert excinfo.value.errors["__all__"][0].startswith("Registration closed on")
    assert Registration.objects.count() == 0


def test_register_participant_twice_refused():
    event = EventFactory()
    user = UserFactory()
    _register(event, user=user)
    with pytest.raises(ValidationFailed) as excinfo:
        _register(event, user=user)
    assert excinfo.value.errors == {"__all__": ["You are already registered for this event."]}
    assert Registration.objects.count() == 1


def test_register_participant_unknown_slot_refused():
    event = EventFactory()
    B2BSessionFactory(event=event)  # 9 slots of 20 minutes
    with pytest.raises(ValidationFailed) as excinfo:
        _register(event, unavailable_slots=[2, 10, 0])
    assert excinfo.value.errors == {
        "unavailable_slots": ["Slots 0, 10 do not exist: this event has slots 1 to 9."]
    }
    assert Registration.objects.count() == 0


def test_register_participant_unknown_role_refused():
    with pytest.raises(ValidationFailed) as excinfo:
        _register(EventFactory(), role="spectator")
    assert excinfo.value.errors == {"role": ["Choose supplier, demander or research."]}
