"""Follow-up plans: created when an event is over, changed by its organisers."""

import calendar
import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser
from maillage.core.errors import ValidationFailed
from maillage.events.models import Event, ScheduleRun
from maillage.impact.models import FollowUpPlan, Wave
from maillage.impact.models.followup import WAVE_OPEN_FOR, default_wave_months
from maillage.impact.permissions import REFUSE_PLAN, can_plan_follow_up

#: Waves open at this local hour (an e-mail that arrives with the working day).
OPENING_HOUR = dt.time(9, 0)
MAX_WAVES = 6
MAX_MONTHS = 36


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def wave_window(held_on: dt.date, months: int) -> tuple[dt.datetime, dt.datetime]:
    """When a wave opens and closes: the rating (0 months) the morning after the event, a
    follow-up wave ``months`` later; each stays open ``WAVE_OPEN_FOR``."""
    day = held_on + dt.timedelta(days=1) if months == 0 else add_months(held_on, months)
    opens = dt.datetime.combine(day, OPENING_HOUR, timezone.get_current_timezone())
    return opens, opens + WAVE_OPEN_FOR


def check_wave_months(months: object) -> list[int]:
    """The follow-up schedule, or ``ValidationFailed`` saying what is wrong with it."""
    if not isinstance(months, Sequence) or isinstance(months, str):
        raise ValidationFailed({"wave_months": _("Give the months as a list of whole numbers.")})
    values = list(months)
    if not all(isinstance(m, int) and not isinstance(m, bool) for m in values):
        raise ValidationFailed({"wave_months": _("Give the months as whole numbers.")})
    if not 1 <= len(values) <= MAX_WAVES:
        raise ValidationFailed(
            {"wave_months": _("Plan between 1 and %(max)d follow-up waves.") % {"max": MAX_WAVES}}
        )
    if any(not 1 <= m <= MAX_MONTHS for m in values):
        raise ValidationFailed(
            {
                "wave_months": _("Each wave comes 1 to %(max)d months after the event.")
                % {"max": MAX_MONTHS}
            }
        )
    if values != sorted(set(values)):
        raise ValidationFailed(
            {"wave_months": _("List the months in increasing order, each once (e.g. 3, 6, 12).")}
        )
    return values


def event_last_day(event: Event) -> dt.date | None:
    return event.end_date or event.start_date


def sync_waves(plan: FollowUpPlan) -> None:
    """Make the plan's waves match its schedule. Waves already opened are kept as they are
    (their answers too); the others are created, moved or removed."""
    wanted = {(Wave.Kind.RATING, 0)} | {(Wave.Kind.FOLLOW_UP, m) for m in plan.wave_months}
    existing = {(w.kind, w.months): w for w in plan.waves.all()}
    for key, wave in existing.items():
        if wave.opened_at is None and key not in wanted:
            wave.delete()
    for kind, months in sorted(wanted):
        opens, closes = wave_window(plan.held_on, months)
        known = existing.get((kind, months))
        if known is None:
            Wave.objects.create(
                plan=plan, kind=kind, months=months, opens_at=opens, closes_at=closes
            )
        elif known.opened_at is None and (known.opens_at, known.closes_at) != (opens, closes):
            known.opens_at, known.closes_at = opens, closes
            known.save(update_fields=["opens_at", "closes_at"])


@transaction.atomic
def create_follow_up_plan(
    *,
    event: Event,
    held_on: dt.date,
    wave_months: Sequence[int] | None = None,
    synthetic: bool = False,
) -> FollowUpPlan:
    """The event's plan and its waves (the rating, then the follow-up waves)."""
    months = check_wave_months(default_wave_months() if wave_months is None else wave_months)
    plan = FollowUpPlan.objects.create(
        event=event, held_on=held_on, wave_months=months, synthetic=synthetic
    )
    sync_waves(plan)
    return plan


def ensure_follow_up_plans(*, today: dt.date | None = None) -> int:
    """A plan for every event that is over and had a published schedule; returns how many were
    created. Events without dates never get one automatically (their organisers set it)."""
    today = today or timezone.localdate()
    published = ScheduleRun.objects.published().values("event_id")
    candidates = Event.objects.filter(pk__in=published, follow_up__isnull=True).only(
        "start_date", "end_date"
    )
    created = 0
    for event in candidates:
        last_day = event_last_day(event)
        if last_day is not None and last_day < today:
            create_follow_up_plan(event=event, held_on=last_day)
            created += 1
    return created


@transaction.atomic
def update_follow_up_plan(
    *, actor: AnyUser, event: Event, held_on: dt.date, wave_months: Sequence[int]
) -> FollowUpPlan:
    """Set when the meetings took place and when to follow them up (organisers).

    The day cannot move once the rating has gone out, nor into the future; waves already opened
    stay, whatever the new schedule says.
    """
    if not can_plan_follow_up(actor, event):
        raise PermissionDenied(REFUSE_PLAN)
    months = check_wave_months(wave_months)
    if held_on > timezone.localdate():
        raise ValidationFailed(
            {"held_on": _("The meetings cannot have taken place in the future.")}
        )
    plan = FollowUpPlan.objects.select_for_update().filter(event=event).first()
    if plan is None:
        plan = FollowUpPlan.objects.create(event=event, held_on=held_on, wave_months=months)
    else:
        rating_sent = plan.waves.filter(kind=Wave.Kind.RATING, opened_at__isnull=False).exists()
        if rating_sent and held_on != plan.held_on:
            raise ValidationFailed(
                {
                    "held_on": _(
                        "The rating has already been sent for the meetings of %(day)s; the day "
                        "can no longer change."
                    )
                    % {"day": plan.held_on.isoformat()}
                }
            )
        plan.held_on, plan.wave_months = held_on, months
        plan.save(update_fields=["held_on", "wave_months"])
    sync_waves(plan)
    return plan
