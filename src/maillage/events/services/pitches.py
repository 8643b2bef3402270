"""Pitch sessions: organisers set the pitches and their running order; participants mark the
pitches they want to follow up, which asks the pitching team for a meeting through the B2B
request service (so the meeting is scheduled with the others when the event has B2B sessions).

Every function authorises the actor, validates the whole input, then writes; on refusal it
raises ``PermissionDenied`` or ``ValidationFailed`` and writes nothing.
"""

from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser, active_user
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.events.models import (
    Event,
    MeetingRequest,
    Pitch,
    PitchFollowUp,
    PitchSession,
    Registration,
)
from maillage.events.permissions import check_can_follow_up_pitches, check_organiser
from maillage.events.services.requests import send_meeting_request

#: The fields of a pitch an organiser writes, with their limits.
PITCH_LIMITS = {"title": 200, "team": 300, "stand": 20, "slides_url": 200}


def add_pitch_session(
    *,
    actor: AnyUser,
    event: Event,
    title: str,
    room: str = "",
    starts_at: datetime | None = None,
    description: str = "",
) -> PitchSession:
    check_organiser(actor, event, "programme")
    if not title.strip():
        raise ValidationFailed({"title": _("Give the pitch session a title.")})
    return PitchSession.objects.create(
        event=event,
        title=title.strip()[:200],
        room=room.strip()[:100],
        starts_at=starts_at,
        description=description.strip(),
    )


def _clean_pitch(event: Event, fields: dict[str, object]) -> dict[str, object]:
    """The pitch's fields stripped and checked; every problem at once."""
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    for name in ("title", "team", "abstract", "stand", "slides_url"):
        cleaned[name] = str(fields.get(name) or "").strip()
    if not cleaned["title"]:
        errors["title"] = _("Give the pitch a title.")
    if not cleaned["team"]:
        errors["team"] = _("Name the people who pitch.")
    for name, limit in PITCH_LIMITS.items():
        if len(str(cleaned[name])) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
    if cleaned["slides_url"] and "slides_url" not in errors:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["slides_url"])
        except DjangoValidationError:
            errors["slides_url"] = _("The slides link must be a web address (https://...).")
    presenter = fields.get("presenter")
    if isinstance(presenter, Registration) and presenter.event_id != event.pk:
        errors["presenter"] = _("The presenter must be registered for this event.")
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def add_pitch(
    *,
    actor: AnyUser,
    session: PitchSession,
    title: str,
    team: str,
    organisation: Organisation | None = None,
    abstract: str = "",
    stand: str = "",
    slides_url: str = "",
    presenter: Registration | None = None,
) -> Pitch:
    """Add a pitch at the end of the session's running order."""
    check_organiser(actor, session.event, "programme")
    fields = _clean_pitch(
        session.event,
        {
            "title": title,
            "team": team,
            "organisation": organisation,
            "abstract": abstract,
            "stand": stand,
            "slides_url": slides_url,
            "presenter": presenter,
        },
    )
    with transaction.atomic():
        # Serialise additions to one session so two cannot take the same place.
        PitchSession.objects.select_for_update().get(pk=session.pk)
        last = session.pitches.aggregate(last=Max("position"))["last"] or 0
        return Pitch.objects.create(session=session, position=last + 1, **fields)


def update_pitch(
    *,
    actor: AnyUser,
    pitch: Pitch,
    title: str,
    team: str,
    organisation: Organisation | None = None,
    abstract: str = "",
    stand: str = "",
    slides_url: str = "",
    presenter: Registration | None = None,
) -> Pitch:
    event = pitch.session.event
    check_organiser(actor, event, "programme")
    fields = _clean_pitch(
        event,
        {
            "title": title,
            "team": team,
            "organisation": organisation,
            "abstract": abstract,
            "stand": stand,
            "slides_url": slides_url,
            "presenter": presenter,
        },
    )
    for name, value in fields.items():
        setattr(pitch, name, value)
    pitch.save(update_fields=list(fields))
    return pitch


def _renumber(session: PitchSession, order: list[Pitch]) -> None:
    for position, item in enumerate(order, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def move_pitch(*, actor: AnyUser, pitch: Pitch, offset: int) -> None:
    """Move the pitch ``offset`` places in the running order (-1: one earlier); past either end
    it stops there."""
    session = pitch.session
    check_organiser(actor, session.event, "programme")
    with transaction.atomic():
        PitchSession.objects.select_for_update().get(pk=session.pk)
        order = list(session.pitches.order_by("position", "pk"))
        index = next(i for i, item in enumerate(order) if item.pk == pitch.pk)
        target = min(max(index + offset, 0), len(order) - 1)
        order.insert(target, order.pop(index))
        _renumber(session, order)


def remove_pitch(*, actor: AnyUser, pitch: Pitch) -> None:
    """Remove the pitch (and its follow-up marks; requests already sent stay), closing the gap."""
    session = pitch.session
    check_organiser(actor, session.event, "programme")
    with transaction.atomic():
        PitchSession.objects.select_for_update().get(pk=session.pk)
        pitch.delete()
        _renumber(session, list(session.pitches.order_by("position", "pk")))


def pitching_registration(pitch: Pitch) -> Registration | None:
    """Who follow-up requests go to: the presenter when confirmed, else the first confirmed
    registration of the pitch's organisation at the event."""
    confirmed = Registration.objects.filter(status=Registration.Status.CONFIRMED)
    if pitch.presenter_id is not None:
        presenter = confirmed.filter(pk=pitch.presenter_id).first()
        if presenter is not None:
            return presenter
    if pitch.organisation_id is None:
        return None
    return (
        confirmed.filter(event_id=pitch.session.event_id, organisation_id=pitch.organisation_id)
        .order_by("created_at", "pk")
        .first()
    )


def _marker(actor: AnyUser, event: Event) -> Registration:
    check_can_follow_up_pitches(actor, event)
    user = active_user(actor)
    return Registration.objects.get(event=event, user=user, status=Registration.Status.CONFIRMED)


def mark_pitch_follow_up(
    *, actor: AnyUser, pitch: Pitch, message: str = "", now: datetime | None = None
) -> PitchFollowUp:
    """Mark ``pitch`` to follow up, and ask its team for a meeting (or keep the request that
    already stands between you). Refused, writing nothing: not a confirmed participant, one's
    own team's pitch, a pitch marked already, or a request the B2B rules refuse (a blocked
    pair, the pending-request quota)."""
    event = pitch.session.event
    registration = _marker(actor, event)
    if pitch.organisation_id is not None and pitch.organisation_id == registration.organisation_id:
        raise ValidationFailed({NON_FIELD: _("This is your own organisation's pitch.")})
    if len(message) > 2000:
        raise ValidationFailed({"message": _("At most %(limit)d characters.") % {"limit": 2000}})
    now = now or timezone.now()
    team = pitching_registration(pitch)
    with transaction.atomic():
        # One mark per participant and pitch, even from two requests at once.
        Registration.objects.select_for_update().get(pk=registration.pk)
        if PitchFollowUp.objects.filter(pitch=pitch, registration=registration).exists():
            raise ValidationFailed({NON_FIELD: _("You already follow this pitch up.")})
        request, sent = None, False
        if team is not None and team.organisation_id != registration.organisation_id:
            request = (
                MeetingRequest.objects.filter(
                    Q(requester=registration, recipient=team)
                    | Q(requester=team, recipient=registration)
                )
                .filter(
                    Q(status=MeetingRequest.Status.ACCEPTED)
                    | Q(status=MeetingRequest.Status.PENDING, expires_at__gt=now)
                )
                .first()
            )
            if request is None:
                text = message.strip() or _("I would like to follow up your pitch “%(title)s”.") % {
                    "title": pitch.title
                }
                request = send_meeting_request(
                    requester=registration, recipient=team, message=text, now=now
                )
                sent = True
        return PitchFollowUp.objects.create(
            pitch=pitch,
            registration=registration,
            message=message.strip(),
            meeting_request=request,
            sent_request=sent,
        )


def unmark_pitch_follow_up(*, actor: AnyUser, pitch: Pitch, now: datetime | None = None) -> None:
    """Withdraw one's mark; the meeting request it sent is cancelled while still unanswered."""
    registration = _marker(actor, pitch.session.event)
    with transaction.atomic():
        mark = (
            PitchFollowUp.objects.select_for_update()
            .filter(pitch=pitch, registration=registration)
            .first()
        )
        if mark is None:
            raise ValidationFailed({NON_FIELD: _("You do not follow this pitch up.")})
        if mark.sent_request and mark.meeting_request_id is not None:
            MeetingRequest.objects.filter(
                pk=mark.meeting_request_id,
                requester=registration,
                status=MeetingRequest.Status.PENDING,
            ).update(status=MeetingRequest.Status.CANCELLED, answered_at=now or timezone.now())
        mark.delete()
