"""Brainstorming: challenges, ideas, teams, votes, and turning a team's idea into a project.

Only confirmed participants of the event take part; challenges are posted by participants whose
organisation is a company (the "sector companies"), before or during the event.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.core.spreadsheets import csv_bytes, xlsx_bytes
from maillage.ecosystem.models import Project, ProjectPartner
from maillage.events.models import Challenge, Idea, IdeaMember, IdeaVote, Registration, Workshop


def _check_participant(registration: Registration | None, event_id: int) -> Registration:
    if (
        registration is None
        or registration.event_id != event_id
        or registration.status != Registration.Status.CONFIRMED
    ):
        raise PermissionDenied(_("Only confirmed participants of the event can take part."))
    return registration


def post_challenge(
    *, registration: Registration | None, workshop: Workshop, title: str, description: str = ""
) -> Challenge:
    participant = _check_participant(registration, workshop.event_id)
    if participant.role == Registration.Role.RESEARCH:
        raise PermissionDenied(_("Challenges are posted by the sector's companies."))
    if not title.strip():
        raise ValidationFailed({"title": _("Give the challenge a title.")})
    return Challenge.objects.create(
        workshop=workshop,
        organisation_id=participant.organisation_id,
        posted_by=participant,
        title=title.strip(),
        description=description.strip(),
    )


def post_idea(*, registration: Registration | None, challenge: Challenge, text: str) -> Idea:
    """Post an idea; its author is the first member of its team."""
    participant = _check_participant(registration, challenge.workshop.event_id)
    if not text.strip():
        raise ValidationFailed({"text": _("Write your idea.")})
    with transaction.atomic():
        idea = Idea.objects.create(challenge=challenge, author=participant, text=text.strip())
        IdeaMember.objects.create(idea=idea, registration=participant)
    return idea


def join_idea(*, registration: Registration | None, idea: Idea) -> IdeaMember:
    participant = _check_participant(registration, idea.challenge.workshop.event_id)
    try:
        with transaction.atomic():
            return IdeaMember.objects.create(idea=idea, registration=participant)
    except IntegrityError:
        raise ValidationFailed({NON_FIELD: _("You are already in this idea's team.")}) from None


def vote_idea(*, registration: Registration | None, idea: Idea) -> IdeaVote:
    participant = _check_participant(registration, idea.challenge.workshop.event_id)
    try:
        with transaction.atomic():
            return IdeaVote.objects.create(idea=idea, registration=participant)
    except IntegrityError:
        raise ValidationFailed({NON_FIELD: _("You already voted for this idea.")}) from None


def make_project_from_idea(*, registration: Registration | None, idea: Idea) -> Project:
    """Turn an idea with a team (two or more organisations) into a directory project idea.

    Only a team member may do it, once; the author's organisation coordinates.
    """
    participant = _check_participant(registration, idea.challenge.workshop.event_id)
    members = list(
        IdeaMember.objects.filter(idea=idea).select_related(
            "registration__organisation", "registration__user"
        )
    )
    if participant.pk not in {m.registration_id for m in members}:
        raise PermissionDenied(_("Only a member of the idea's team can do this."))
    if idea.became_project_at is not None:
        raise ValidationFailed({NON_FIELD: _("This idea is already a project idea.")})
    organisations = {m.registration.organisation_id: m.registration for m in members}
    if len(organisations) < 2:
        raise ValidationFailed(
            {NON_FIELD: _("A partnership needs members from at least two organisations.")}
        )
    with transaction.atomic():
        project = Project.objects.create(
            name=idea.text[:200],
            kind=Project.Kind.COLLABORATIVE,
            programme=idea.challenge.workshop.event.name[:200],
            description=_("Idea on the challenge “%(challenge)s”: %(idea)s")
            % {"challenge": idea.challenge.title, "idea": idea.text},
        )
        for organisation_id, member in organisations.items():
            ProjectPartner.objects.create(
                project=project,
                organisation_id=organisation_id,
                role=ProjectPartner.Role.COORDINATOR
                if member.pk == idea.author_id or organisation_id == idea.author.organisation_id
                else ProjectPartner.Role.PARTNER,
                people=", ".join(
                    sorted(
                        m.registration.user.display_name or m.registration.user.email
                        for m in members
                        if m.registration.organisation_id == organisation_id
                    )
                )[:300],
            )
        idea.became_project_at = timezone.now()
        idea.save(update_fields=["became_project_at"])
    return project


EXPORT_HEADER = ("challenge", "idea", "votes", "organisation", "member", "email")


def export_rows(ideas: QuerySet[Idea]) -> list[tuple[str, ...]]:
    """One row per team member of each idea (ideas prefetched by the caller's query)."""
    rows: list[tuple[str, ...]] = []
    members = IdeaMember.objects.select_related(
        "registration__organisation", "registration__user"
    ).order_by("pk")
    for idea in ideas.select_related("challenge").prefetch_related(
        Prefetch("members", queryset=members), "votes"
    ):
        for member in idea.members.all():
            rows.append(
                (
                    idea.challenge.title,
                    idea.text,
                    str(len(idea.votes.all())),
                    member.registration.organisation.display_name,
                    member.registration.user.display_name,
                    member.registration.user.email,
                )
            )
    return rows


def export_ideas_csv(ideas: QuerySet[Idea]) -> bytes:
    return csv_bytes(EXPORT_HEADER, export_rows(ideas))


def export_ideas_xlsx(ideas: QuerySet[Idea]) -> bytes:
    return xlsx_bytes("ideas", EXPORT_HEADER, export_rows(ideas))
