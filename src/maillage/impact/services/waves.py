"""Opening the waves and reminding those who have not answered: the periodic follow-up job.

``run_follow_up`` is what the periodic job runs (hourly): it creates the plans of events that
are over, opens the waves that are due (an invitation per participant who had meetings, and an
e-mail to each who did not unsubscribe), and sends the reminders that are due (two at most, to
those who have not answered, while the wave is open). Each step is idempotent: a second run in
the same hour sends nothing twice.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from maillage.events.models import Registration
from maillage.impact.meetings import meetings_of, published_run_ids
from maillage.impact.models import Invitation, OptOut, Wave
from maillage.impact.models.followup import REMINDER_AFTER, REMINDER_GAP
from maillage.impact.services.mail import send_invitation
from maillage.impact.services.plans import ensure_follow_up_plans


@dataclass(frozen=True)
class FollowUpRun:
    plans: int
    waves: int
    invitations: int
    reminders: int


def wave_population(wave: Wave) -> list[Registration]:
    """Who is asked: the confirmed participants, present on the day, with a meeting in the
    published schedule."""
    event_id = wave.plan.event_id
    run_id = published_run_ids([event_id]).get(event_id)
    if run_id is None:
        return []
    return list(
        Registration.objects.filter(
            event_id=event_id,
            status=Registration.Status.CONFIRMED,
            no_show=False,
            seats__run_id=run_id,
        )
        .distinct()
        .order_by("pk")
    )


def _opted_out(user_ids: set[int]) -> set[int]:
    return set(OptOut.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))


def _email(invitations: list[Invitation], *, reminder: bool, now: dt.datetime) -> int:
    """E-mail each invitation whose person did not unsubscribe; returns how many went out."""
    stopped = _opted_out({invitation.registration.user_id for invitation in invitations})
    sent = 0
    for invitation in invitations:
        if invitation.registration.user_id in stopped:
            continue
        meetings = meetings_of(invitation.registration) if invitation.wave.is_rating else []
        send_invitation(invitation, meetings, reminder=reminder)
        if reminder:
            invitation.reminders_sent += 1
            invitation.reminded_at = now
            invitation.save(update_fields=["reminders_sent", "reminded_at"])
        else:
            invitation.sent_at = now
            invitation.save(update_fields=["sent_at"])
        sent += 1
    return sent


def open_wave(*, wave: Wave, now: dt.datetime | None = None) -> int:
    """Invite the wave's population and e-mail them; returns the invitations created (0 when the
    wave was already open). Everyone who had meetings is invited, those who unsubscribed too
    (they stay in the population asked, so response rates are not flattered), but they get no
    e-mail."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Wave.objects.select_for_update().select_related("plan__event").get(pk=wave.pk)
        if locked.opened_at is not None:
            return 0
        Invitation.objects.bulk_create(
            [Invitation(wave=locked, registration=r) for r in wave_population(locked)],
            ignore_conflicts=True,
        )
        locked.opened_at = now
        locked.save(update_fields=["opened_at"])
    invitations = list(
        Invitation.objects.filter(wave=locked, sent_at__isnull=True).select_related(
            "wave__plan__event", "registration__organisation", "registration__user"
        )
    )
    _email(invitations, reminder=False, now=now)
    return len(invitations)


def open_due_waves(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Open every wave whose time has come and that is still open; (waves, invitations)."""
    now = now or timezone.now()
    due = Wave.objects.filter(opened_at__isnull=True, opens_at__lte=now, closes_at__gt=now)
    waves = invitations = 0
    for wave in due.order_by("opens_at", "pk"):
        invitations += open_wave(wave=wave, now=now)
        waves += 1
    return waves, invitations


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind, once per step of ``REMINDER_AFTER``, those who have not answered an open wave;
    never twice within ``REMINDER_GAP``. Returns how many reminders went out."""
    now = now or timezone.now()
    reminded = 0
    # The later step first, so that one pass never sends one person both reminders.
    for step, delay in reversed(list(enumerate(REMINDER_AFTER))):
        due = list(
            Invitation.objects.filter(
                Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_GAP),
                wave__opened_at__isnull=False,
                wave__closes_at__gt=now,
                wave__opens_at__lte=now - delay,
                answered_at__isnull=True,
                sent_at__isnull=False,
                reminders_sent=step,
            ).select_related(
                "wave__plan__event", "registration__organisation", "registration__user"
            )
        )
        reminded += _email(due, reminder=True, now=now)
    return reminded


def run_follow_up(*, now: dt.datetime | None = None) -> FollowUpRun:
    now = now or timezone.now()
    plans = ensure_follow_up_plans(today=timezone.localdate(now))
    waves, invitations = open_due_waves(now=now)
    reminders = send_due_reminders(now=now)
    return FollowUpRun(plans, waves, invitations, reminders)
