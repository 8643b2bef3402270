"""``/events/{slug}/requests``: B2B meeting requests, answers, organiser proposals, blocks."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from maillage.accounts.models import User
from maillage.api.auth import actor
from maillage.api.pagination import paginate
from maillage.api.schemas import (
    MeetingRequestStatus,
    OrganisationRef,
    Page,
    PageParams,
    ProblemOut,
    RecordId,
    RegistrationRole,
)
from maillage.core.errors import ValidationFailed
from maillage.events import queries
from maillage.events.models import MeetingRequest
from maillage.events.services import b2b
from maillage.events.services.requests import accept_meeting_request, decline_meeting_request

router = Router(tags=["meeting requests"])

_ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class ParticipantRef(Schema):
    id: int = Field(description="Registration id.")
    organisation: OrganisationRef
    role: RegistrationRole


class MeetingRequestOut(Schema):
    id: int
    requester: ParticipantRef
    recipient: ParticipantRef
    message: str
    status: MeetingRequestStatus
    mutual: bool
    proposed_by_organiser: bool
    created_at: datetime
    expires_at: datetime
    answered_at: datetime | None


class MeetingRequestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    recipient: int = Field(description="Registration id of the participant to meet.")
    message: str = Field("", max_length=MeetingRequest.MESSAGE_MAX_LENGTH)


class ProposalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    first: int = Field(description="Registration id.")
    second: int = Field(description="Registration id.")


class BlockIn(Schema):
    model_config = ConfigDict(extra="forbid")

    organisation: str = Field(description="Slug of the organisation never to meet.")


class RequestFilters(Schema):
    status: MeetingRequestStatus | None = None


@router.get("/{slug}/requests", response={200: Page[MeetingRequestOut], **_ERRORS})
def list_requests(
    request: HttpRequest, slug: str, filters: Query[RequestFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Requests you sent or received (all of them for the event's organisers)."""
    event = queries.event_by_slug(slug)
    requests = queries.requests_visible_to(actor(request), event)
    if filters.status:
        requests = requests.filter(status=filters.status)
    return paginate(requests, page)


@router.post("/{slug}/requests", response={201: MeetingRequestOut, **_ERRORS})
def send_request(
    request: HttpRequest, slug: str, payload: MeetingRequestIn
) -> Status[MeetingRequest]:
    """Ask a participant for a meeting (or accept theirs, if they asked you first)."""
    event = queries.event_by_slug(slug)
    sent = b2b.request_meeting(
        actor=actor(request), event=event, recipient_id=payload.recipient, message=payload.message
    )
    return Status(201, queries.request_visible_to(actor(request), sent.pk))


def _answer(request: HttpRequest, slug: str, request_id: RecordId, accept: bool) -> MeetingRequest:
    event = queries.event_by_slug(slug)
    found = queries.request_visible_to(actor(request), request_id)
    if found.event_id != event.pk:
        raise ValidationFailed({"request": _("This request belongs to another event.")})
    answer = accept_meeting_request if accept else decline_meeting_request
    user = actor(request)
    if not isinstance(user, User):
        raise PermissionDenied(_("Only the recipient can answer this request."))
    answer(request=found, actor=user)
    return queries.request_visible_to(user, request_id)


@router.post("/{slug}/requests/{request_id}/accept", response={200: MeetingRequestOut, **_ERRORS})
def accept_request(request: HttpRequest, slug: str, request_id: RecordId) -> MeetingRequest:
    """Accept a request you received (refused once it has expired or been answered)."""
    return _answer(request, slug, request_id, accept=True)


@router.post("/{slug}/requests/{request_id}/decline", response={200: MeetingRequestOut, **_ERRORS})
def decline_request(request: HttpRequest, slug: str, request_id: RecordId) -> MeetingRequest:
    return _answer(request, slug, request_id, accept=False)


@router.post("/{slug}/proposals", response={201: MeetingRequestOut, **_ERRORS})
def propose(request: HttpRequest, slug: str, payload: ProposalIn) -> Status[MeetingRequest]:
    """Organisers: propose a meeting between two participants (accepted at once)."""
    event = queries.event_by_slug(slug)
    proposal = b2b.propose_meeting_as_organiser(
        actor=actor(request), event=event, first_id=payload.first, second_id=payload.second
    )
    return Status(201, queries.request_visible_to(actor(request), proposal.pk))


@router.post("/{slug}/blocks", response={204: None, **_ERRORS})
def block(request: HttpRequest, slug: str, payload: BlockIn) -> Status[None]:
    """Never be proposed to (or receive requests from) this organisation."""
    event = queries.event_by_slug(slug)
    organisation = queries.organisation_by_slug(payload.organisation)
    b2b.block_organisation(actor=actor(request), event=event, organisation=organisation)
    return Status(204, None)
