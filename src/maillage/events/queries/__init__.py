"""Reads of event data that check access: views and the API never filter on roles themselves.

Who sees what:
- the public event page, its programme, organisers and participant count: everyone;
- the participant list and suggestions: confirmed participants of the event and its organisers;
- a meeting request: its requester, its recipient, and the event's organisers;
- the pitches of its pitch sessions: everyone; a follow-up mark: the participant who made it
  and the pitch's team only (not the organisers).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser, organisation_ids_with_role
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Domain, Membership, Organisation
from maillage.events.models import (
    Event,
    MeetingRequest,
    Pitch,
    PitchFollowUp,
    PitchSession,
    Registration,
    ScheduleRun,
)
from maillage.events.permissions import (
    OrganiserAction,
    can_organise_event,
    can_see_participants,
    check_organiser,
    pitching_team_q,
)


def _active(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def event_by_slug(slug: str) -> Event:
    """The event (public), with its organisers prefetched; 404 when unknown."""
    event = (
        Event.objects.prefetch_related(
            Prefetch("organisers", queryset=Organisation.objects.order_by("name"))
        )
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404(_("No event has the slug %(slug)s.") % {"slug": slug})
    return event


def event_organised_by(user: AnyUser, slug: str, action: OrganiserAction) -> Event:
    """The event, for its organisers only: ``PermissionDenied`` saying who may do ``action``
    for anyone else."""
    event = event_by_slug(slug)
    check_organiser(user, event, action)
    return event


def published_run(event: Event | int) -> ScheduleRun | None:
    """The schedule participants see: the run published last (``None`` before the first)."""
    return ScheduleRun.objects.filter(event=event).published().first()


def confirmed_registrations(event: Event) -> QuerySet[Registration]:
    """The event's confirmed registrations with their organisations, unchecked: for counts and
    for organisers (the proposal form's choices); lists for participants use
    ``registrations_visible_to``."""
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)


def registration_of(user: AnyUser, event: Event) -> Registration | None:
    """The user's own registration (any status but cancelled), or None."""
    active = _active(user)
    if active is None:
        return None
    return (
        Registration.objects.select_related("organisation")
        .filter(event=event, user=active)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def registrations_visible_to(user: AnyUser, event: Event) -> QuerySet[Registration]:
    """Confirmed registrations of ``event`` the user may list (none for outsiders).

    Organisation, its domains and networks are loaded up front: no query per row.
    """
    if not can_see_participants(user, event):
        return Registration.objects.none()
    return (
        confirmed_registrations(event)
        .select_related("organisation", "user")
        .prefetch_related(
            Prefetch("organisation__domains", queryset=Domain.objects.in_label_order()),
            Prefetch(
                "organisation__memberships",
                queryset=Membership.objects.current()
                .select_related("network")
                .order_by("network__name"),
            ),
        )
        .order_by("organisation__name", "pk")
    )


@dataclass(frozen=True)
class ParticipantFilters:
    role: str = ""
    kind: str = ""
    #: Slug of a cluster or pole the organisation belongs to now.
    cluster: str = ""
    #: Code of a domain of the taxonomy.
    domain: str = ""

    @classmethod
    def from_params(cls, params: QueryDict | dict[str, str]) -> "ParticipantFilters":
        return cls(
            role=str(params.get("role") or "").strip(),
            kind=str(params.get("kind") or "").strip(),
            # ``sector`` is this parameter's old name, still accepted so bookmarks keep working;
            # a sector is an area of activity (docs/ARCHITECTURE.md), not a cluster.
            cluster=str(params.get("cluster") or params.get("sector") or "").strip(),
            domain=str(params.get("domain") or "").strip(),
        )


def filter_participants(
    registrations: QuerySet[Registration], filters: ParticipantFilters
) -> QuerySet[Registration]:
    if filters.role:
        registrations = registrations.filter(role=filters.role)
    if filters.kind:
        registrations = registrations.filter(organisation__kind=filters.kind)
    # Subqueries rather than joins: no registration repeats, so the list needs no DISTINCT
    # (over every column of 1,000 registrations, then sorted: the page's costliest query).
    if filters.cluster:
        members = Membership.objects.current().filter(network__slug=filters.cluster)
        registrations = registrations.filter(organisation_id__in=members.values("organisation_id"))
    if filters.domain:
        tagged = Organisation.domains.through.objects.filter(domain__code=filters.domain)
        registrations = registrations.filter(organisation_id__in=tagged.values("organisation_id"))
    return registrations


def participant_filter_domains() -> QuerySet[Domain]:
    """The domains the participant filter offers: sub-domains of the taxonomy, by code."""
    return Domain.objects.filter(parent__isnull=False).order_by("code")


def organisation_by_slug(slug: str, *, field: str = "organisation") -> Organisation:
    """A directory organisation (public) named in a form or a payload's ``field``; refused
    with ``ValidationFailed`` on that field when unknown (a form error, or the API's 422)."""
    found = Organisation.objects.filter(slug=slug).first() if slug else None
    if found is None:
        raise ValidationFailed(
            {field: _("No organisation has the slug %(slug)s.") % {"slug": slug}}
        )
    return found


def claimable_organisation(enterprise_number: str) -> Organisation | None:
    """The directory organisation (not a cluster or pole) a registrant claims by its enterprise
    number, written with or without dots and leading zeros; ``None`` when there is none."""
    digits = "".join(ch for ch in enterprise_number if ch.isdigit())
    return (
        Organisation.objects.filter(enterprise_number=digits.zfill(10))
        .exclude(kind__in=Organisation.NETWORK_KINDS)
        .first()
    )


def requests_visible_to(user: AnyUser, event: Event | None = None) -> QuerySet[MeetingRequest]:
    """Meeting requests the user sent or received, and all requests of events they organise."""
    active = _active(user)
    if active is None:
        return MeetingRequest.objects.none()
    condition = Q(requester__user=active) | Q(recipient__user=active)
    requests = MeetingRequest.objects.all()
    if event is not None:
        requests = requests.filter(event=event)
        if can_organise_event(active, event):
            condition = Q()
    return (
        requests.filter(condition)
        .select_related(
            "event", "requester__organisation", "recipient__organisation", "requester", "recipient"
        )
        .order_by("-created_at", "-pk")
    )


def request_visible_to(user: AnyUser, request_id: int) -> MeetingRequest:
    """One request for its requester, recipient or an organiser; 404 otherwise."""
    found = (
        MeetingRequest.objects.select_related(
            "event", "requester__organisation", "recipient__organisation"
        )
        .filter(pk=request_id)
        .first()
    )
    active = _active(user)
    if found is None or active is None:
        raise Http404(_("No such meeting request."))
    mine = active.pk in {found.requester.user_id, found.recipient.user_id}
    if not mine and not can_organise_event(active, found.event):
        raise Http404(_("No such meeting request."))
    return found


def events_with_counts() -> QuerySet[Event]:
    """Events for lists, with their confirmed registrations counted in the same query, and
    ``participants``: that count for an edition run on the platform, the reported attendance
    for a past edition that registered elsewhere (its count is then 0)."""
    confirmed = Count("registrations", filter=Q(registrations__status="confirmed"))
    return Event.objects.annotate(
        confirmed=confirmed,
        participants=Coalesce(
            NullIf(confirmed, Value(0)), F("participant_count"), output_field=IntegerField()
        ),
    )


def participant_count(event: Event) -> int:
    """The participant figure of one event, by the rule of ``events_with_counts``."""
    counted = events_with_counts().get(pk=event.pk)
    return int(counted.participants)  # type: ignore[attr-defined]


def events_in_listing_order(*, today: datetime.date) -> QuerySet[Event]:
    """Upcoming and live editions first, the soonest first; then past editions, the latest
    first. An edition is past once its last day (or its year, when only that is known) is
    over."""
    past = (
        Q(end_date__lt=today)
        | Q(end_date__isnull=True, start_date__lt=today)
        | Q(start_date__isnull=True, end_date__isnull=True, year__lt=today.year)
    )
    return (
        events_with_counts()
        .annotate(
            is_past=Case(When(past, then=Value(True)), default=Value(False)),
            edition_year=Coalesce(
                ExtractYear("start_date"), F("year"), output_field=IntegerField()
            ),
        )
        .order_by(
            "is_past",
            Case(When(is_past=False, then=F("start_date"))).asc(nulls_last=True),
            F("edition_year").desc(nulls_last=True),
            F("start_date").desc(nulls_last=True),
            "name",
        )
    )


def colleague_registrations(user: AnyUser, event: Event) -> QuerySet[Registration]:
    """Confirmed registrations of the user's organisations made by someone else: what a
    colleague sees, read-only (``permissions.can_read_agenda``)."""
    active = _active(user)
    if active is None:
        return Registration.objects.none()
    return (
        Registration.objects.select_related("organisation", "user")
        .filter(
            event=event,
            status=Registration.Status.CONFIRMED,
            organisation_id__in=organisation_ids_with_role(active),
        )
        .exclude(user=active)
        .order_by("pk")
    )


def with_organisers(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` with their organisers by name (one more query in all)."""
    return events.prefetch_related(
        Prefetch("organisers", queryset=Organisation.objects.order_by("name"))
    )


def events_for_list() -> QuerySet[Event]:
    """Events with their counts and organisers (the API's list and detail)."""
    return with_organisers(events_with_counts())


def follow_ups_visible_to(user: AnyUser) -> QuerySet[PitchFollowUp]:
    """Follow-up marks ``user`` may see: their own, and those on their team's pitches."""
    active = _active(user)
    if active is None:
        return PitchFollowUp.objects.none()
    return PitchFollowUp.objects.filter(
        Q(registration__user=active) | pitching_team_q(active, prefix="pitch__")
    ).select_related("registration__organisation", "registration__user")


@dataclass(frozen=True)
class PitchItem:
    pitch: Pitch
    #: The viewer marked it to follow up.
    followed: bool
    #: The viewer is on its team.
    on_team: bool
    #: The marks the viewer may see (all of them for its team, their own for a marker).
    follow_ups: list[PitchFollowUp]


@dataclass(frozen=True)
class PitchSessionItems:
    session: PitchSession
    items: list[PitchItem]


def pitch_sessions(event: Event) -> list[PitchSession]:
    """The event's pitch sessions (public), each with its pitches in running order."""
    pitches = Pitch.objects.select_related("organisation").order_by("position", "pk")
    return list(
        PitchSession.objects.filter(event=event).prefetch_related(
            Prefetch("pitches", queryset=pitches)
        )
    )


def pitch_programme(user: AnyUser, event: Event) -> list[PitchSessionItems]:
    """The pitch sessions as ``user`` sees them: four queries whatever the number of pitches."""
    sessions = pitch_sessions(event)
    active = _active(user)
    marks: dict[int, list[PitchFollowUp]] = {}
    team: set[int] = set()
    if active is not None:
        for mark in follow_ups_visible_to(active).filter(pitch__session__event=event):
            marks.setdefault(mark.pitch_id, []).append(mark)
        team = set(
            Pitch.objects.filter(session__event=event)
            .filter(pitching_team_q(active))
            .values_list("pk", flat=True)
        )
    return [
        PitchSessionItems(
            session=session,
            items=[
                PitchItem(
                    pitch=pitch,
                    followed=any(
                        mark.registration.user_id == getattr(active, "pk", None)
                        for mark in marks.get(pitch.pk, [])
                    ),
                    on_team=pitch.pk in team,
                    follow_ups=marks.get(pitch.pk, []),
                )
                for pitch in session.pitches.all()
            ],
        )
        for session in sessions
    ]


def pitch_of_event(event: Event, pitch_id: int) -> Pitch:
    """A pitch of the event (public); 404 when it is not one."""
    pitch = (
        Pitch.objects.select_related("session__event", "organisation", "presenter")
        .filter(pk=pitch_id, session__event=event)
        .first()
    )
    if pitch is None:
        raise Http404(_("This event has no pitch %(id)d.") % {"id": pitch_id})
    return pitch


def pitch_session_of_event(event: Event, session_id: int) -> PitchSession:
    session = (
        PitchSession.objects.filter(pk=session_id, event=event).select_related("event").first()
    )
    if session is None:
        raise Http404(_("This event has no pitch session %(id)d.") % {"id": session_id})
    return session
