"""B2B meeting requests: send, accept, decline, expire, and organiser proposals."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.events.models import BlockedPair, MeetingRequest, Registration


def _live(now: datetime) -> Q:
    """Requests that still stand: accepted ones, and pending ones not yet expired."""
    return Q(status=MeetingRequest.Status.ACCEPTED) | Q(
        status=MeetingRequest.Status.PENDING, expires_at__gt=now
    )


def _between(a: Registration, b: Registration) -> Q:
    return Q(requester=a, recipient=b) | Q(requester=b, recipient=a)


def is_blocked(a: Registration, b: Registration) -> bool:
    """Either participant blocked the other's organisation."""
    return BlockedPair.objects.filter(
        Q(registration=a, organisation_id=b.organisation_id)
        | Q(registration=b, organisation_id=a.organisation_id)
    ).exists()


def _check_message(message: str) -> None:
    length, most = len(message.strip()), MeetingRequest.MESSAGE_MAX_LENGTH
    if length > most:
        raise ValidationFailed(
            {
                "message": _(
                    "Your message has %(length)d characters; shorten it to %(most)d at most."
                )
                % {"length": length, "most": most}
            }
        )


def _check_pair(requester: Registration, recipient: Registration) -> None:
    if requester.pk == recipient.pk or requester.organisation_id == recipient.organisation_id:
        raise ValidationFailed({"recipient": _("You cannot request a meeting with yourself.")})
    if (
        recipient.event_id != requester.event_id
        or recipient.status != Registration.Status.CONFIRMED
    ):
        raise ValidationFailed(
            {"recipient": _("This organisation does not take part in the event.")}
        )
    if requester.status != Registration.Status.CONFIRMED:
        raise ValidationFailed({NON_FIELD: _("Only confirmed participants can request meetings.")})
    if is_blocked(requester, recipient):
        raise ValidationFailed(
            {"recipient": _("A meeting between these participants is not possible.")}
        )


def send_meeting_request(
    *,
    requester: Registration,
    recipient: Registration,
    message: str = "",
    now: datetime | None = None,
) -> MeetingRequest:
    """Ask ``recipient`` for a meeting.

    When the recipient had already asked the requester, that request becomes accepted and mutual
    instead of creating a second one. Refused (nothing written): a request to oneself or to a
    non-participant, a blocked pair, a duplicate, or past the pending-request quota.
    """
    now = now or timezone.now()
    _check_message(message)
    _check_pair(requester, recipient)
    event = requester.event
    with transaction.atomic():
        # Lock both participants, in id order so two requests crossing each other cannot
        # deadlock: the requester's requests are serialised (two at once cannot both pass the
        # quota), and so are the pair's, so A->B and B->A at the same moment end in one mutual
        # request (the second finds the first), never two.
        list(
            Registration.objects.select_for_update()
            .filter(pk__in=[requester.pk, recipient.pk])
            .order_by("pk")
        )
        existing = (
            MeetingRequest.objects.select_for_update()
            .filter(_between(requester, recipient))
            .filter(_live(now))
            .first()
        )
        if existing is not None:
            if (
                existing.requester_id == recipient.pk
                and existing.status == MeetingRequest.Status.PENDING
            ):
                existing.status = MeetingRequest.Status.ACCEPTED
                existing.mutual = True
                existing.answered_at = now
                existing.save(update_fields=["status", "mutual", "answered_at"])
                return existing
            raise ValidationFailed({"recipient": _("A request between you two already exists.")})
        pending = MeetingRequest.objects.filter(
            requester=requester, status=MeetingRequest.Status.PENDING, expires_at__gt=now
        ).count()
        if pending >= event.pending_request_quota:
            raise ValidationFailed(
                {
                    NON_FIELD: _(
                        "You already have %(count)d pending requests, the most this event allows. "
                        "Wait for answers before sending more."
                    )
                    % {"count": pending}
                }
            )
        return MeetingRequest.objects.create(
            event=event,
            requester=requester,
            recipient=recipient,
            message=message.strip(),
            expires_at=now + timedelta(days=event.request_ttl_days),
        )


def _no_longer_pending(status: str) -> str:
    """Why a request in ``status`` cannot be answered: a whole sentence per status (a status
    label set in one sentence frame reads wrong in French and Dutch)."""
    sentences = {
        MeetingRequest.Status.ACCEPTED: _("This request was already accepted."),
        MeetingRequest.Status.DECLINED: _("This request was already declined."),
        MeetingRequest.Status.EXPIRED: _("This request has expired."),
        MeetingRequest.Status.CANCELLED: _("This request was cancelled."),
    }
    return sentences[MeetingRequest.Status(status)]


def _answer(request: MeetingRequest, actor: User, status: str, now: datetime) -> MeetingRequest:
    with transaction.atomic():
        locked = (
            MeetingRequest.objects.select_for_update()
            .select_related("recipient")
            .get(pk=request.pk)
        )
        if locked.recipient.user_id != actor.pk:
            raise PermissionDenied(_("Only the recipient can answer this request."))
        if locked.status == MeetingRequest.Status.PENDING and locked.expires_at <= now:
            # Refused and left as is: ``expire_meeting_requests`` marks overdue requests.
            raise ValidationFailed({NON_FIELD: _("This request has expired.")})
        if locked.status != MeetingRequest.Status.PENDING:
            raise ValidationFailed({NON_FIELD: _no_longer_pending(locked.status)})
        locked.status = status
        locked.answered_at = now
        locked.save(update_fields=["status", "answered_at"])
        return locked


def accept_meeting_request(
    *, request: MeetingRequest, actor: User, now: datetime | None = None
) -> MeetingRequest:
    return _answer(request, actor, MeetingRequest.Status.ACCEPTED, now or timezone.now())


def decline_meeting_request(
    *, request: MeetingRequest, actor: User, now: datetime | None = None
) -> MeetingRequest:
    return _answer(request, actor, MeetingRequest.Status.DECLINED, now or timezone.now())


def expire_meeting_requests(*, now: datetime | None = None) -> int:
    """Mark every pending request past its expiry as expired; returns how many."""
    return MeetingRequest.objects.filter(
        status=MeetingRequest.Status.PENDING, expires_at__lte=now or timezone.now()
    ).update(status=MeetingRequest.Status.EXPIRED)


def propose_meeting(
    *, a: Registration, b: Registration, now: datetime | None = None
) -> MeetingRequest:
    """An organiser's proposal: accepted at once, scheduled with the lowest priority.

    The caller checks that the actor organises the event (``permissions``).
    """
    now = now or timezone.now()
    _check_pair(a, b)
    with transaction.atomic():
        if MeetingRequest.objects.filter(_between(a, b)).filter(_live(now)).exists():
            raise ValidationFailed({"recipient": _("A request between them already exists.")})
        return MeetingRequest.objects.create(
            event=a.event,
            requester=a,
            recipient=b,
            status=MeetingRequest.Status.ACCEPTED,
            proposed_by_organiser=True,
            answered_at=now,
            expires_at=now,
        )
