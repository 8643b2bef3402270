"""B2B meeting actions that wrap ``requests`` with the actor's checks: who may send as which
registration, organiser proposals, and blocking organisations."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.events.models import BlockedPair, Event, MeetingRequest, Registration
from maillage.events.permissions import check_organiser
from maillage.events.services.requests import propose_meeting, send_meeting_request
from maillage.events.suggestion_table import invalidate_suggestions


def actor_registration(actor: AnyUser, event: Event) -> Registration:
    """The actor's confirmed registration; refuses anyone else."""
    if not isinstance(actor, User):
        raise PermissionDenied(_("Log in to take part in the B2B meetings."))
    registration = (
        Registration.objects.select_related("event", "organisation")
        .filter(event=event, user=actor)
        .first()
    )
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        raise PermissionDenied(_("Only confirmed participants of this event can do this."))
    return registration


def _recipient(event: Event, recipient_id: object) -> Registration:
    pk = recipient_id if isinstance(recipient_id, int) else None
    if isinstance(recipient_id, str) and recipient_id.isdigit():
        pk = int(recipient_id)
    found = (
        Registration.objects.select_related("organisation").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if found is None or found.event_id != event.pk:
        raise ValidationFailed(
            {"recipient": _("This organisation does not take part in the event.")}
        )
    return found


def request_meeting(
    *, actor: AnyUser, event: Event, recipient_id: object, message: str = ""
) -> MeetingRequest:
    """Send a request from the actor's registration to registration ``recipient_id``."""
    requester = actor_registration(actor, event)
    recipient = _recipient(event, recipient_id)
    return send_meeting_request(requester=requester, recipient=recipient, message=message)


def propose_meeting_as_organiser(
    *, actor: AnyUser, event: Event, first_id: object, second_id: object
) -> MeetingRequest:
    check_organiser(actor, event, "propose")
    return propose_meeting(a=_recipient(event, first_id), b=_recipient(event, second_id))


def block_organisation(
    *, actor: AnyUser, event: Event, organisation: Organisation | None
) -> BlockedPair:
    """Never propose ``organisation`` to the actor, and refuse requests between them.

    Pending requests between the two are cancelled; accepted ones stay (decline them first).
    """
    registration = actor_registration(actor, event)
    if organisation is None:
        raise ValidationFailed({"organisation": _("Choose an organisation to block.")})
    if organisation.pk == registration.organisation_id:
        raise ValidationFailed({"organisation": _("You cannot block your own organisation.")})
    with transaction.atomic():
        blocked, created = BlockedPair.objects.get_or_create(
            registration=registration, organisation=organisation
        )
        if not created:
            raise ValidationFailed(
                {NON_FIELD: _("You already blocked %(org)s.") % {"org": organisation.display_name}}
            )
        MeetingRequest.objects.filter(
            Q(requester=registration, recipient__organisation=organisation)
            | Q(recipient=registration, requester__organisation=organisation),
            event=event,
            status=MeetingRequest.Status.PENDING,
        ).update(status=MeetingRequest.Status.CANCELLED, answered_at=timezone.now())
    invalidate_suggestions(event.pk)
    return blocked
