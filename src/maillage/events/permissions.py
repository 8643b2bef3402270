"""Who may see or do what at an event: every "may this user ..." rule of the events app, and
the refusal each one gives (the 403 page shows it).

Views, the API, services and queries ask these; none filters on roles by itself. Built on the
account-level ``accounts.permissions`` and the directory's ``ecosystem.permissions`` (the
managers of a cluster or pole organise its events).
"""

from collections.abc import Iterable
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.accounts.permissions import AnyUser, active_user, organisation_ids_with_role
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.permissions import can_manage_network, managed_network_ids
from maillage.events.models import Event, Pitch, Registration

type OrganiserAction = Literal[
    "dashboard",
    "event_day",
    "export",
    "export_ideas",
    "lock",
    "message",
    "programme",
    "propose",
    "publish",
    "requests",
    "schedule",
]

#: What the organisers alone may do, and the refusal anyone else gets.
ORGANISER_REFUSALS: dict[OrganiserAction, Promise] = {
    "dashboard": _("Only the event's organisers see its dashboard."),
    "event_day": _("Only the event's organisers manage the event day."),
    "export": _("Only the event's organisers export its data."),
    "export_ideas": _("Only the event's organisers can export the ideas."),
    "lock": _("Only the event's organisers can lock meetings."),
    "message": _("Only the event's organisers can write to its participants."),
    "programme": _("Only the event's organisers can change its programme."),
    "propose": _("Only the event's organisers can propose meetings."),
    "publish": _("Only the event's organisers can publish its schedule."),
    "requests": _("Only the event's organisers see all of its meeting requests."),
    "schedule": _("Only the event's organisers can schedule it."),
}


def can_create_events(user: AnyUser) -> bool:
    """Managers of a cluster or pole set up events (co-organised by the networks they manage);
    platform admins may act for any organiser (docs/events.md)."""
    active = active_user(user)
    return active is not None and (active.is_platform_admin or bool(managed_network_ids(active)))


def check_can_create_events(user: AnyUser) -> None:
    if not can_create_events(user):
        raise PermissionDenied(
            str(_("Only cluster and pole managers and platform administrators can set up events."))
        )


def check_can_set_up_event(user: AnyUser, organisers: Iterable[Organisation]) -> None:
    """A new event is set up by a manager of one of its co-organising networks."""
    if not any(can_manage_network(user, organisation) for organisation in organisers):
        raise PermissionDenied(
            str(_("Only a manager of one of the organisers can set up this event."))
        )


def can_organise_event(user: AnyUser, event: Event) -> bool:
    """Platform admins and the managers of one of the event's co-organising networks."""
    active = active_user(user)
    if active is None:
        return False
    if active.is_platform_admin:
        return True
    managed = managed_network_ids(active)
    return bool(managed) and event.organisers.filter(id__in=managed).exists()


def check_organiser(user: AnyUser, event: Event, action: OrganiserAction) -> None:
    """Refuse ``action`` to anyone but the event's organisers, saying who may do it."""
    if not can_organise_event(user, event):
        raise PermissionDenied(str(ORGANISER_REFUSALS[action]))


def is_confirmed_participant(user: AnyUser, event: Event) -> bool:
    active = active_user(user)
    return (
        active is not None
        and Registration.objects.filter(
            event=event, user=active, status=Registration.Status.CONFIRMED
        ).exists()
    )


type ParticipantPlace = Literal["participants", "b2b", "brainstorming"]

#: The places open to the event's confirmed participants and organisers, and the refusal
#: anyone else gets.
PARTICIPANT_REFUSALS: dict[ParticipantPlace, Promise] = {
    "participants": _("Only participants and organisers see the participant list."),
    "b2b": _("Only participants and organisers see the B2B meetings."),
    "brainstorming": _("Only participants and organisers take part in brainstorming."),
}


def can_see_participants(user: AnyUser, event: Event) -> bool:
    """The participant list, the B2B pages and the brainstorming: the event's confirmed
    participants and its organisers."""
    return can_organise_event(user, event) or is_confirmed_participant(user, event)


def check_can_see_participants(user: AnyUser, event: Event, place: ParticipantPlace) -> None:
    if not can_see_participants(user, event):
        raise PermissionDenied(str(PARTICIPANT_REFUSALS[place]))


def can_see_own_requests(user: AnyUser, event: Event) -> bool:
    """The requests page: anyone registered (waiting list included: their past requests stay
    theirs) and the organisers."""
    active = active_user(user)
    registered = (
        active is not None
        and Registration.objects.filter(event=event, user=active)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
    )
    return registered or can_organise_event(user, event)


def check_can_see_own_requests(user: AnyUser, event: Event) -> None:
    if not can_see_own_requests(user, event):
        raise PermissionDenied(
            str(_("Only participants and organisers have meeting requests here."))
        )


def can_read_agenda(user: AnyUser, registration: Registration) -> bool:
    """A participant's agenda: the participant, the event's organisers, and, read-only, the
    colleagues of the participant's organisation (anyone affiliated with it)."""
    active = active_user(user)
    if active is None:
        return False
    return (
        registration.user_id == active.pk
        or registration.organisation_id in organisation_ids_with_role(active)
        or can_organise_event(active, registration.event)
    )


def check_can_follow_up_pitches(user: AnyUser, event: Event) -> None:
    """Marking a pitch to follow up sends a meeting request: confirmed participants only."""
    if not is_confirmed_participant(user, event):
        raise PermissionDenied(
            str(_("Only the event's confirmed participants mark pitches to follow up."))
        )


def pitching_team_q(user: AnyUser, prefix: str = "") -> Q:
    """Pitches whose team ``user`` is on (``prefix`` reaches the pitch through a relation):
    the people affiliated with the pitch's organisation, and its presenter. The team sees who
    wants to follow its pitch up."""
    active = active_user(user)
    if active is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}organisation_id__in": organisation_ids_with_role(active)}) | Q(
        **{f"{prefix}presenter__user": active}
    )


def is_on_pitching_team(user: AnyUser, pitch: Pitch) -> bool:
    return Pitch.objects.filter(pk=pitch.pk).filter(pitching_team_q(user)).exists()
