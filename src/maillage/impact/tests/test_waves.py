"""Follow-up plans, waves, invitations, e-mails and reminders."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.core.periodic import registered_jobs
from maillage.events.tests.eventday_fixtures import make_day
from maillage.impact.models import FollowUpPlan, Invitation, OptOut, Wave
from maillage.impact.services.answers import rate_meeting
from maillage.impact.services.plans import add_months, create_follow_up_plan, wave_window
from maillage.impact.services.waves import run_follow_up, send_due_reminders
from maillage.impact.tests.conftest import Followed

pytestmark = pytest.mark.django_db


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(dt.date(2027, 3, 18), 3) == dt.date(2027, 6, 18)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2027, 3, 18), 12) == dt.date(2028, 3, 18)


def test_wave_window_rating_opens_the_morning_after_for_four_weeks() -> None:
    opens, closes = wave_window(dt.date(2027, 3, 18), 0)

    assert timezone.localtime(opens).isoformat() == "2027-03-19T09:00:00+01:00"
    assert closes - opens == dt.timedelta(weeks=4)


def test_a_plan_has_a_rating_and_waves_at_three_six_and_twelve_months(
    cast: Cast, manager: User
) -> None:
    day = make_day(cast, manager)
    plan = create_follow_up_plan(event=day.event, held_on=dt.date(2027, 3, 18))

    waves = [(w.kind, w.months, timezone.localdate(w.opens_at)) for w in plan.waves.all()]

    assert waves == [
        ("rating", 0, dt.date(2027, 3, 19)),
        ("follow_up", 3, dt.date(2027, 6, 18)),
        ("follow_up", 6, dt.date(2027, 9, 18)),
        ("follow_up", 12, dt.date(2028, 3, 18)),
    ]


def test_opening_the_rating_invites_everyone_who_had_a_meeting(followed: Followed) -> None:
    # G and H had no meeting (the schedule left G-H out).
    assert sorted(followed.invitations) == ["A", "B", "C", "D", "E", "F"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        followed.day.people[letter].user.email for letter in "ABCDEF"
    )


def test_the_rating_email_has_one_signed_link_per_meeting_and_an_unsubscribe_header(
    followed: Followed,
) -> None:
    message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    request = followed.request("A", "B")

    links = re.findall(r"http://\S+/impact/rate/(\d+)/\S+/", message.body)
    assert links == [str(request.pk)]
    assert "Bob Logistics SA" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/impact/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_opening_a_wave_twice_sends_nothing_more(followed: Followed) -> None:
    sent = len(mail.outbox)

    followed.open(3)
    followed.open(3)

    assert len(mail.outbox) == sent + 6


def test_someone_who_unsubscribed_is_asked_but_not_emailed(followed: Followed) -> None:
    OptOut.objects.create(user=followed.day.people["C"].user)
    mail.outbox.clear()

    invitations = followed.open(3)

    assert "C" in invitations
    assert followed.day.people["C"].user.email not in {m.to[0] for m in mail.outbox}
    assert invitations["C"].sent_at is None


def _remind(followed: Followed, days: float) -> list[str]:
    mail.outbox.clear()
    send_due_reminders(now=followed.rating.opens_at + dt.timedelta(days=days))
    return sorted(m.to[0] for m in mail.outbox)


def test_reminders_go_after_one_week_then_eighteen_days_to_those_who_did_not_answer(
    followed: Followed,
) -> None:
    rate_meeting(
        invitation=followed.invitations["A"],
        request_id=followed.request("A", "B").pk,
        took_place=True,
        interest="cooperation",
    )
    others = sorted(followed.day.people[x].user.email for x in "BCDEF")

    assert _remind(followed, 6.9) == []
    assert _remind(followed, 7.1) == others
    assert _remind(followed, 7.2) == []
    assert _remind(followed, 18.1) == others
    assert _remind(followed, 27) == []
    assert all(m.subject.startswith("Reminder") for m in mail.outbox) or not mail.outbox
    assert Invitation.objects.get(pk=followed.invitations["B"].pk).reminders_sent == 2


def test_a_worker_that_was_down_sends_one_reminder_at_a_time(followed: Followed) -> None:
    assert len(_remind(followed, 20)) == 6
    assert _remind(followed, 20.1) == []
    assert len(_remind(followed, 25.1)) == 6


def test_no_reminder_after_the_wave_closed(followed: Followed) -> None:
    assert _remind(followed, 28.5) == []


def test_run_follow_up_plans_events_that_are_over_and_opens_their_rating(
    cast: Cast, manager: User
) -> None:
    day = make_day(cast, manager)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    day.event.start_date = day.event.end_date = yesterday
    day.event.save(update_fields=["start_date", "end_date"])

    done = run_follow_up(now=timezone.now() + dt.timedelta(hours=24))

    plan = FollowUpPlan.objects.get(event=day.event)
    assert (done.plans, done.waves, done.invitations) == (1, 1, 6)
    assert plan.held_on == yesterday
    assert Wave.objects.get(plan=plan, kind="rating").opened_at is not None


def test_run_follow_up_leaves_events_not_over_alone(cast: Cast, manager: User) -> None:
    day = make_day(cast, manager)
    day.event.end_date = timezone.localdate()
    day.event.save(update_fields=["end_date"])

    assert run_follow_up().plans == 0


def test_the_follow_up_is_a_periodic_job() -> None:
    jobs = {job.name: job.interval for job in registered_jobs()}

    assert jobs["maillage.impact.tasks.run_follow_up"] == dt.timedelta(hours=1)
