"""Registering participants, with capacity, a waiting list and a registration window."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.events.models import B2BSession, Event, Registration
from maillage.events.slots import event_slot_count


def check_registration_open(event: Event, now: datetime) -> None:
    if event.registration_opens_at and now < event.registration_opens_at:
        when = formats.date_format(
            timezone.localtime(event.registration_opens_at), "DATETIME_FORMAT"
        )
        raise ValidationFailed({NON_FIELD: _("Registration opens on %(when)s.") % {"when": when}})
    if event.registration_closes_at and now >= event.registration_closes_at:
        when = formats.date_format(
            timezone.localtime(event.registration_closes_at), "DATETIME_FORMAT"
        )
        raise ValidationFailed({NON_FIELD: _("Registration closed on %(when)s.") % {"when": when}})


def _checked_slots(event: Event, slots: Iterable[int]) -> list[int]:
    total = event_slot_count(B2BSession.objects.filter(event=event))
    chosen = sorted(set(slots))
    wrong = [slot for slot in chosen if not 1 <= slot <= total]
    if wrong:
        raise ValidationFailed(
            {
                "unavailable_slots": _(
                    "Slots %(slots)s do not exist: this event has slots 1 to %(total)d."
                )
                % {"slots": ", ".join(map(str, wrong)), "total": total}
            }
        )
    return chosen


def register_participant(
    *,
    event: Event,
    user: User,
    organisation: Organisation,
    role: str,
    offers: str = "",
    needs: str = "",
    unavailable_slots: Iterable[int] = (),
    now: datetime | None = None,
) -> Registration:
    """Register ``user`` for ``organisation``; confirmed while places remain, else waitlisted.

    Raises ``ValidationFailed`` (nothing written) when registration is not open, the user is
    already registered, the role is unknown or a slot does not exist.
    """
    now = now or timezone.now()
    check_registration_open(event, now)
    if role not in Registration.Role.values:
        raise ValidationFailed({"role": _("Choose supplier, demander or research.")})
    slots = _checked_slots(event, unavailable_slots)
    with transaction.atomic():
        # Lock the event row so two last-minute registrations cannot both take the last place.
        locked_event = Event.objects.select_for_update().get(pk=event.pk)
        previous = Registration.objects.filter(event=locked_event, user=user).first()
        if previous is not None and previous.status != Registration.Status.CANCELLED:
            raise ValidationFailed({NON_FIELD: _("You are already registered for this event.")})
        confirmed = Registration.objects.filter(
            event=locked_event, status=Registration.Status.CONFIRMED
        ).count()
        full = locked_event.capacity is not None and confirmed >= locked_event.capacity
        # A cancelled registrant registering again takes their row back (one per person and
        # event), as a newcomer: at the end of the waiting list, nothing kept of the day.
        registration = previous or Registration(event=locked_event, user=user)
        registration.organisation = organisation
        registration.role = role
        registration.offers = offers.strip()
        registration.needs = needs.strip()
        registration.unavailable_slots = slots
        registration.status = (
            Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
        )
        if previous is not None:
            registration.created_at = now
            registration.checked_in_at = None
            registration.no_show = False
        registration.save()
        return registration


def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancel a registration; the first waitlisted registrant takes the freed place.

    Returns the promoted registration, if any.
    """
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        if not was_confirmed:
            return None
        promoted = (
            Registration.objects.filter(
                event_id=registration.event_id, status=Registration.Status.WAITLISTED
            )
            .order_by("created_at", "pk")
            .first()
        )
        if promoted is not None:
            promoted.status = Registration.Status.CONFIRMED
            promoted.save(update_fields=["status"])
        return promoted
