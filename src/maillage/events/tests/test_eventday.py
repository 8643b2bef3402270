import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.events.models import Event, Registration, ScheduleRun
from maillage.events.queries.schedule import schedule_changes
from maillage.events.services.eventday import (
    check_in_participant,
    mark_no_show,
    publish_replan,
    reset_attendance,
    start_replan,
)
from maillage.events.tests.eventday_fixtures import IMMEDIATE, Day, make_day
from maillage.events.tests.factories import RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_published_schedule_leaves_the_plain_acceptance_out(day: Day) -> None:
    assert day.run.stats["placed"] == 3
    assert day.slot_of("G", "H") is None


def test_check_in_participant_sets_time_and_clears_no_show(day: Day) -> None:
    e = day.people["E"]
    mark_no_show(actor=day.organiser, event=day.event, registration_id=e.pk)

    check_in_participant(actor=day.organiser, event=day.event, registration_id=e.pk)

    e.refresh_from_db()
    assert (e.no_show, e.checked_in_at is not None) == (False, True)


def test_reset_attendance_clears_both_marks(day: Day) -> None:
    e = day.people["E"]
    check_in_participant(actor=day.organiser, event=day.event, registration_id=e.pk)

    reset_attendance(actor=day.organiser, event=day.event, registration_id=e.pk)

    e.refresh_from_db()
    assert (e.no_show, e.checked_in_at) == (False, None)


def test_check_in_non_participant_refused(day: Day) -> None:
    stranger = RegistrationFactory()  # registered for another event
    with pytest.raises(ValidationFailed) as refused:
        check_in_participant(actor=day.organiser, event=day.event, registration_id=stranger.pk)
    assert refused.value.errors == {
        "registration": ["This person is not registered for this event."]
    }
    stranger.refresh_from_db()
    assert stranger.checked_in_at is None


def test_check_in_unknown_id_refused(day: Day) -> None:
    with pytest.raises(ValidationFailed):
        check_in_participant(actor=day.organiser, event=day.event, registration_id="nobody")


def test_no_show_on_cancelled_registration_refused(day: Day) -> None:
    g = day.people["G"]
    Registration.objects.filter(pk=g.pk).update(status=Registration.Status.CANCELLED)
    with pytest.raises(ValidationFailed) as refused:
        mark_no_show(actor=day.organiser, event=day.event, registration_id=g.pk)
    assert refused.value.errors == {
        "registration": ["A cancelled registration cannot be marked as a no-show."]
    }
    g.refresh_from_db()
    assert g.no_show is False


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_attendance_by_non_organiser_refused(day: Day, cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        mark_no_show(actor=getattr(cast, who), event=day.event, registration_id=day.people["E"].pk)
    assert Registration.objects.filter(no_show=True).count() == 0


def test_start_replan_without_published_schedule_refused(cast: Cast, manager) -> None:
    day = make_day(cast, manager, publish=False)
    with pytest.raises(ValidationFailed) as refused:
        start_replan(event=day.event, actor=day.organiser)
    assert refused.value.errors == {
        "__all__": ["There is no published schedule to re-plan; publish one first."]
    }
    assert ScheduleRun.objects.filter(is_replan=True).count() == 0


def test_start_replan_by_outsider_refused(day: Day, cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        start_replan(event=day.event, actor=cast.charlie)
    assert ScheduleRun.objects.filter(is_replan=True).count() == 0


def test_start_replan_while_a_run_is_queued_refused(day: Day) -> None:
    ScheduleRun.objects.create(event=day.event, is_replan=True)
    with pytest.raises(ValidationFailed) as refused:
        start_replan(event=day.event, actor=day.organiser)
    assert refused.value.errors == {
        "__all__": ["A scheduling run is already in progress; wait for it to finish."]
    }


def _replan(day: Day) -> ScheduleRun:
    with override_settings(TASKS=IMMEDIATE):
        run = start_replan(event=day.event, actor=day.organiser)
    run.refresh_from_db()
    return run


def test_replan_after_no_show_refills_the_freed_slot_without_moves(day: Day) -> None:
    freed = day.slot_of("E", "F")
    mark_no_show(actor=day.organiser, event=day.event, registration_id=day.people["E"].pk)

    run = _replan(day)

    assert (run.status, run.is_replan, run.published_at) == ("done", True, None)
    stats = run.stats
    assert (stats["placed"], stats["moved"], stats["cancelled"], stats["added"]) == (3, 0, 1, 1)
    assert day.slot_of("G", "H", run) == freed
    assert day.slot_of("A", "B", run) == day.slot_of("A", "B")
    assert day.slot_of("C", "D", run) == day.slot_of("C", "D")
    assert day.slot_of("E", "F", run) is None


def test_schedule_changes_lists_cancelled_and_added_for_those_present(day: Day) -> None:
    mark_no_show(actor=day.organiser, event=day.event, registration_id=day.people["E"].pk)
    run = _replan(day)

    changes = schedule_changes(day.run, run)

    letters = {r.pk: letter for letter, r in day.people.items()}
    assert sorted((letters[c.registration_id], c.kind, c.partner) for c in changes) == [
        ("F", "cancelled", "Org E SRL"),
        ("G", "added", "Org H SRL"),
        ("H", "added", "Org G SRL"),
    ]


def test_publish_replan_notifies_only_participants_whose_meetings_changed(day: Day) -> None:
    mark_no_show(actor=day.organiser, event=day.event, registration_id=day.people["E"].pk)
    run = _replan(day)
    User.objects.filter(email="g@example.org").update(language="en")
    mail.outbox.clear()

    with override_settings(TASKS=IMMEDIATE):  # tasks queued by the publication run at once
        published = publish_replan(run=run, actor=day.organiser)

    assert published.notified == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "f@example.org",
        "g@example.org",
        "h@example.org",
    ]
    to_g = next(m for m in mail.outbox if m.to == ["g@example.org"])
    assert "Added: a meeting with Org H SRL at 09:" in to_g.body  # in G's own language
    assert ", table 1." in to_g.body
    to_h = next(m for m in mail.outbox if m.to == ["h@example.org"])
    assert "Ajouté : un rendez-vous avec Org G SRL à 09:" in to_h.body  # the site's default
    day.event.refresh_from_db()
    run.refresh_from_db()
    assert day.event.schedule_published_at == run.published_at


def test_publish_replan_of_a_first_run_refused(day: Day) -> None:
    with pytest.raises(ValidationFailed) as refused:
        publish_replan(run=day.run, actor=day.organiser)
    assert refused.value.errors == {"__all__": ["This run is not a re-planning of the event day."]}


def test_publish_replan_twice_refused_and_sends_nothing(day: Day) -> None:
    run = _replan(day)
    publish_replan(run=run, actor=day.organiser)
    mail.outbox.clear()
    with pytest.raises(ValidationFailed):
        publish_replan(run=run, actor=day.organiser)
    assert mail.outbox == []


def test_publish_replan_by_participant_refused(day: Day, cast: Cast) -> None:
    run = _replan(day)
    with pytest.raises(PermissionDenied):
        publish_replan(run=run, actor=cast.alice)
    run.refresh_from_db()
    assert run.published_at is None
    assert Event.objects.get(pk=day.event.pk).schedule_published_at == day.run.published_at


def test_replan_stats_are_described_as_a_first_run_s(day: Day) -> None:
    """A re-plan's statistics come from the same ``run_statistics`` as a first run, plus the
    re-plan's own counts: the run page and the API show a re-plan like any run."""
    mark_no_show(actor=day.organiser, event=day.event, registration_id=day.people["E"].pk)

    stats = _replan(day).stats

    assert {"requested", "placed", "load_min", "load_mean", "load_max", "unplaced"} <= set(stats)
    assert (stats["requested"], stats["placed"], stats["unplaced"]) == (3, 3, [])
    assert (stats["load_min"], stats["load_mean"], stats["load_max"]) == (1, 1.0, 1)
    assert (stats["moved"], stats["cancelled"], stats["added"]) == (0, 1, 1)
