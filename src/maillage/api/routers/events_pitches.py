"""``/events/{slug}/pitches``: pitch sessions in running order (public), and follow-up marks
(the marker and the pitching team only)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from maillage.api.auth import actor
from maillage.api.schemas import OrganisationRef, ProblemOut, RecordId
from maillage.events import queries
from maillage.events.models import PitchFollowUp
from maillage.events.services import pitches as service

router = Router(tags=["pitches"])

_ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class PitchOut(Schema):
    id: int
    position: int = Field(description="Place in the running order, 1 first.")
    title: str
    team: str
    organisation: OrganisationRef | None
    abstract: str
    stand: str = Field(description="Demo stand number, or empty.")
    slides_url: str
    followed: bool = Field(description="Whether the caller marked it to follow up.")
    follow_up_count: int | None = Field(
        description="Marks on it, for its pitching team only (null for anyone else)."
    )


class PitchSessionOut(Schema):
    id: int
    title: str
    room: str
    starts_at: datetime | None
    pitches: list[PitchOut]


class FollowUpIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: str = Field("", max_length=2000, description="To the pitching team.")


class FollowUpOut(Schema):
    pitch: int
    organisation: OrganisationRef = Field(description="The organisation of who marked it.")
    message: str
    meeting_request: int | None = Field(
        description="The meeting request to the pitching team (null when it is not registered)."
    )
    created_at: datetime

    @staticmethod
    def resolve_pitch(obj: PitchFollowUp) -> int:
        return obj.pitch_id

    @staticmethod
    def resolve_organisation(obj: PitchFollowUp) -> object:
        return obj.registration.organisation

    @staticmethod
    def resolve_meeting_request(obj: PitchFollowUp) -> int | None:
        return obj.meeting_request_id


@router.get("/{slug}/pitches", response={200: list[PitchSessionOut], 404: ProblemOut})
def list_pitches(request: HttpRequest, slug: str) -> list[dict[str, object]]:
    """The event's pitch sessions, each with its pitches in running order."""
    event = queries.event_by_slug(slug)
    return [
        {
            "id": block.session.pk,
            "title": block.session.title,
            "room": block.session.room,
            "starts_at": block.session.starts_at,
            "pitches": [
                {
                    "id": item.pitch.pk,
                    "position": item.pitch.position,
                    "title": item.pitch.title,
                    "team": item.pitch.team,
                    "organisation": item.pitch.organisation,
                    "abstract": item.pitch.abstract,
                    "stand": item.pitch.stand,
                    "slides_url": item.pitch.slides_url,
                    "followed": item.followed,
                    "follow_up_count": len(item.follow_ups) if item.on_team else None,
                }
                for item in block.items
            ],
        }
        for block in queries.pitch_programme(actor(request), event)
    ]


@router.get("/{slug}/pitches/{pitch_id}/follow-ups", response={200: list[FollowUpOut], **_ERRORS})
def list_follow_ups(request: HttpRequest, slug: str, pitch_id: RecordId) -> list[PitchFollowUp]:
    """Marks on the pitch: all of them for its team, your own for anyone else."""
    pitch = queries.pitch_of_event(queries.event_by_slug(slug), pitch_id)
    return list(queries.follow_ups_visible_to(actor(request)).filter(pitch=pitch))


@router.post("/{slug}/pitches/{pitch_id}/follow-up", response={201: FollowUpOut, **_ERRORS})
def mark_follow_up(
    request: HttpRequest, slug: str, pitch_id: RecordId, payload: FollowUpIn
) -> Status[PitchFollowUp]:
    """Mark the pitch to follow up: asks its team for a meeting (confirmed participants)."""
    pitch = queries.pitch_of_event(queries.event_by_slug(slug), pitch_id)
    mark = service.mark_pitch_follow_up(actor=actor(request), pitch=pitch, message=payload.message)
    return Status(201, queries.follow_ups_visible_to(actor(request)).get(pk=mark.pk))


@router.delete("/{slug}/pitches/{pitch_id}/follow-up", response={204: None, **_ERRORS})
def unmark_follow_up(request: HttpRequest, slug: str, pitch_id: RecordId) -> Status[None]:
    """Withdraw your mark; the meeting request it sent is cancelled while unanswered."""
    pitch = queries.pitch_of_event(queries.event_by_slug(slug), pitch_id)
    service.unmark_pitch_follow_up(actor=actor(request), pitch=pitch)
    return Status(204, None)
