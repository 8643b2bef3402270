import datetime as dt

import pytest

from maillage.core.errors import ValidationFailed
from maillage.events.slots import check_session_shape, event_slots
from maillage.events.tests.factories import B2BSessionFactory, EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_event_slots_numbered_across_sessions_in_time_order():
    event = EventFactory()
    afternoon = B2BSessionFactory(
        event=event, name="PM", start_time=dt.time(14), end_time=dt.time(15)
    )
    morning = B2BSessionFactory(event=event, name="AM", start_time=dt.time(9), end_time=dt.time(10))
    slots = event_slots([afternoon, morning])
    assert [(s.number, s.session.name, s.starts.time()) for s in slots] == [
        (1, "AM", dt.time(9, 0)),
        (2, "AM", dt.time(9, 20)),
        (3, "AM", dt.time(9, 40)),
        (4, "PM", dt.time(14, 0)),
        (5, "PM", dt.time(14, 20)),
        (6, "PM", dt.time(14, 40)),
    ]


def test_check_session_shape_slot_not_dividing_refused():
    session = B2BSessionFactory.build(start_time=dt.time(9), end_time=dt.time(10), slot_minutes=25)
    with pytest.raises(ValidationFailed) as excinfo:
        check_session_shape(session)
    assert excinfo.value.errors == {
        "slot_minutes": ["A 25-minute slot does not divide the 60 minutes of the session."]
    }
