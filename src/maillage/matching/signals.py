"""Keep the collaboration graph in step with its sources as they are written (``ties.py``).

Receivers, connected in ``MatchingConfig.ready``: saving or deleting a project partner, a
meeting request, a team member, an idea or a follow-up outcome replays the ties of that source,
so suggestions never recompute the graph from scratch at request time.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from maillage.ecosystem.models import Project, ProjectPartner
from maillage.events.models import Idea, IdeaMember, MeetingRequest, Registration
from maillage.impact.models import Outcome
from maillage.matching import ties


def _project(sender: type, instance: Project, **kwargs: Any) -> None:
    ties.sync_project_ties(project_id=instance.pk)


def _project_partner(sender: type, instance: ProjectPartner, **kwargs: Any) -> None:
    ties.sync_project_ties(project_id=instance.project_id)


def _meeting_request(sender: type, instance: MeetingRequest, **kwargs: Any) -> None:
    ties.sync_meeting_tie(request_id=instance.pk)


def _idea(sender: type, instance: Idea, **kwargs: Any) -> None:
    ties.sync_team_ties(idea_id=instance.pk)


def _idea_member(sender: type, instance: IdeaMember, **kwargs: Any) -> None:
    ties.sync_team_ties(idea_id=instance.idea_id)


def _outcome(sender: type, instance: Outcome, **kwargs: Any) -> None:
    ties.sync_agreement_ties()


def _registration(
    sender: type, instance: Registration, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    # Only presence matters here (a meeting with an absent participant was not held).
    if update_fields is None or "no_show" in update_fields:
        ties.sync_registration_ties(registration_id=instance.pk)


def connect() -> None:
    for model, receiver in (
        (Project, _project),
        (ProjectPartner, _project_partner),
        (MeetingRequest, _meeting_request),
        (Idea, _idea),
        (IdeaMember, _idea_member),
        (Outcome, _outcome),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"matching-ties-{model.__name__}")
        post_delete.connect(
            receiver, sender=model, dispatch_uid=f"matching-ties-del-{model.__name__}"
        )
    post_save.connect(_registration, sender=Registration, dispatch_uid="matching-ties-presence")
