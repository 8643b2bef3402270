"""Reads of an event's programme: sessions, workshops, challenges and ideas.

The programme itself is public (the event page shows it); challenges and ideas are read by the
brainstorming pages, whose callers have checked ``permissions.check_can_see_participants`` (or
the organiser check, for the export) on the event passed here. Ids are looked up inside that
event only: another event's workshop, challenge or idea is a 404.
"""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from maillage.events.models import (
    B2BSession,
    Challenge,
    ConferenceSession,
    Event,
    Idea,
    IdeaMember,
    PitchSession,
    Workshop,
)


def conference_sessions(event: Event) -> QuerySet[ConferenceSession]:
    return ConferenceSession.objects.filter(event=event)


def b2b_sessions(event: Event) -> QuerySet[B2BSession]:
    return B2BSession.objects.filter(event=event)


def pitch_sessions_with_counts(event: Event) -> QuerySet[PitchSession]:
    """The event's pitch sessions, each with ``pitch_count``."""
    return PitchSession.objects.filter(event=event).annotate(pitch_count=Count("pitches"))


def workshops(event: Event) -> QuerySet[Workshop]:
    """The event's workshops in the order they were added."""
    return Workshop.objects.filter(event=event).order_by("pk")


def workshops_with_challenges(event: Event) -> QuerySet[Workshop]:
    """Workshops with their challenges and the challenges' organisations (three queries)."""
    return workshops(event).prefetch_related(
        Prefetch("challenges", queryset=Challenge.objects.select_related("organisation"))
    )


def workshops_with_ideas(event: Event) -> list[Workshop]:
    """Workshops, their challenges, and each challenge's ideas, most voted first, with their
    authors and team members, in a fixed number of queries."""
    ideas = (
        Idea.objects.select_related("author__organisation")
        .annotate(vote_count=Count("votes", distinct=True))
        .prefetch_related(
            Prefetch(
                "members", queryset=IdeaMember.objects.select_related("registration__organisation")
            )
        )
        .order_by("-vote_count", "created_at")
    )
    challenges = Challenge.objects.select_related("organisation").prefetch_related(
        Prefetch("ideas", queryset=ideas)
    )
    return list(workshops(event).prefetch_related(Prefetch("challenges", queryset=challenges)))


def workshop_of(event: Event, workshop_id: int) -> Workshop:
    return get_object_or_404(Workshop, pk=workshop_id, event=event)


def challenge_of(event: Event, challenge_id: int) -> Challenge:
    return get_object_or_404(Challenge, pk=challenge_id, workshop__event=event)


def idea_of(event: Event, idea_id: int | str) -> Idea:
    """One idea of the event, with its challenge, workshop, event and author."""
    if not str(idea_id).isdigit():
        raise Http404(_("No such idea."))
    return get_object_or_404(
        Idea.objects.select_related("challenge__workshop__event", "author"),
        pk=int(idea_id),
        challenge__workshop__event=event,
    )


def ideas_of(event: Event) -> QuerySet[Idea]:
    """Every idea of the event, oldest first (the organisers' export)."""
    return Idea.objects.filter(challenge__workshop__event=event).order_by("pk")
