"""Writes of the collaboration graph: the ties that the platform knows, kept in step on write.

Each source (a project, a meeting request, a brainstorming idea, a reported partnership) owns its
ties; ``sync_source_ties`` replaces them in one transaction, so replaying a source is harmless
and a source that no longer links anybody leaves no tie. The ``sync_*`` functions below read a
source and call it; ``matching.signals`` calls them when a source is saved or deleted, and
``rebuild_ties`` replays every source (after an import, or to repair).

Reported partnerships come from the impact follow-up (``impact.queries.agreement_ties``: one tie
per pair and event, private unless both sides reported it and agreed to show it);
``sync_agreement_ties`` replays them when an outcome is reported. Another source plugs in the
same way: ``sync_source_ties(kind=..., source_id=..., organisation_ids=[...], private=...)``.
"""

from collections.abc import Iterable
from datetime import date
from itertools import combinations

from django.db import transaction
from django.db.models import Q

from maillage.ecosystem.models import Project
from maillage.events.models import Idea, MeetingRequest
from maillage.impact.queries import agreement_ties
from maillage.matching.models import Tie


def sync_source_ties(
    *,
    kind: str,
    source_id: int,
    organisation_ids: Iterable[int],
    label: str = "",
    day: date | None = None,
    private: bool = False,
    weight: float = 1.0,
) -> int:
    """Make the ties of one source exactly every pair of ``organisation_ids``; returns how many.

    Duplicates and repeated organisations are ignored (an organisation is never tied to itself).
    """
    members = sorted(set(organisation_ids))
    with transaction.atomic():
        Tie.objects.filter(kind=kind, source_id=source_id).delete()
        Tie.objects.bulk_create(
            Tie(
                first_id=a,
                second_id=b,
                kind=kind,
                source_id=source_id,
                label=label[:200],
                date=day,
                weight=weight,
                private=private,
            )
            for a, b in combinations(members, 2)
        )
    return len(members) * (len(members) - 1) // 2


def sync_project_ties(*, project_id: int) -> int:
    """A project of the directory links its partners that are directory organisations. Public:
    the directory shows projects and their partners to everyone."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return sync_source_ties(kind=Tie.Kind.PROJECT, source_id=project_id, organisation_ids=[])
    members = project.partners.exclude(organisation=None).values_list("organisation_id", flat=True)
    return sync_source_ties(
        kind=Tie.Kind.PROJECT,
        source_id=project_id,
        organisation_ids=members,
        label=str(project),
        day=project.start_date,
    )


def sync_meeting_tie(*, request_id: int) -> int:
    """An accepted B2B meeting request links the two organisations, unless either side was
    marked absent (the meeting was not held). Private to the two of them."""
    request = (
        MeetingRequest.objects.filter(pk=request_id)
        .select_related("event", "requester", "recipient")
        .first()
    )
    members: list[int] = []
    label, day = "", None
    if request is not None and request.status == MeetingRequest.Status.ACCEPTED:
        sides = (request.requester, request.recipient)
        if not any(side.no_show for side in sides):
            members = [side.organisation_id for side in sides]
            label, day = request.event.name, request.event.start_date
    return sync_source_ties(
        kind=Tie.Kind.MEETING,
        source_id=request_id,
        organisation_ids=members,
        label=label,
        day=day,
        private=True,
    )


def sync_team_ties(*, idea_id: int) -> int:
    """The organisations of one brainstorming team (the idea's author and members) are linked;
    private to each pair, as a team's make-up is not published."""
    idea = Idea.objects.filter(pk=idea_id).select_related("challenge__workshop__event").first()
    if idea is None:
        return sync_source_ties(kind=Tie.Kind.TEAM, source_id=idea_id, organisation_ids=[])
    members = {idea.author.organisation_id}
    members.update(idea.members.values_list("registration__organisation_id", flat=True))
    event = idea.challenge.workshop.event
    return sync_source_ties(
        kind=Tie.Kind.TEAM,
        source_id=idea_id,
        organisation_ids=members,
        label=event.name,
        day=event.start_date,
        private=True,
    )


def sync_registration_ties(*, registration_id: int) -> None:
    """A participant's presence changed (marked absent, or present again): its meetings."""
    accepted = MeetingRequest.objects.filter(status=MeetingRequest.Status.ACCEPTED).filter(
        Q(requester_id=registration_id) | Q(recipient_id=registration_id)
    )
    for request_id in accepted.values_list("pk", flat=True):
        sync_meeting_tie(request_id=request_id)


def sync_agreement_ties() -> int:
    """Partnerships reported in the impact follow-up, one tie per pair and event (the event is
    the source), private unless both sides reported it and agreed to show it. Replays them all:
    an outcome changes which side's latest answer counts for its pair."""
    ties = [
        Tie(
            first_id=tie.organisations[0],
            second_id=tie.organisations[1],
            kind=Tie.Kind.AGREEMENT,
            source_id=tie.event_id,
            date=tie.date,
            private=tie.private,
        )
        for tie in agreement_ties()
        if tie.organisations[0] != tie.organisations[1]
    ]
    with transaction.atomic():
        Tie.objects.filter(kind=Tie.Kind.AGREEMENT).delete()
        Tie.objects.bulk_create(ties)
    return len(ties)


def rebuild_ties() -> int:
    """Replay every source; returns the number of ties."""
    for project_id in Project.objects.values_list("pk", flat=True):
        sync_project_ties(project_id=project_id)
    Tie.objects.filter(kind=Tie.Kind.MEETING).delete()
    accepted = MeetingRequest.objects.filter(status=MeetingRequest.Status.ACCEPTED)
    for request_id in accepted.values_list("pk", flat=True):
        sync_meeting_tie(request_id=request_id)
    for idea_id in Idea.objects.values_list("pk", flat=True):
        sync_team_ties(idea_id=idea_id)
    sync_agreement_ties()
    return Tie.objects.count()
