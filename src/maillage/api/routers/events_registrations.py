"""``/events/{slug}/registrations``: sign-ups, the participant list and suggestions."""

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
    OrganisationKind,
    OrganisationRef,
    Page,
    PageParams,
    ProblemOut,
    RegistrationRole,
    RegistrationStatus,
)
from maillage.ecosystem.models import Organisation
from maillage.events import permissions, queries
from maillage.events.models import Registration
from maillage.events.services.b2b import actor_registration
from maillage.events.services.registration import cancel_registration
from maillage.events.services.signup import register_for_event
from maillage.events.services.suggestions import suggestions_for
from maillage.events.suggestion_table import invalidate_suggestions

router = Router(tags=["event registrations"])

_ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class RegistrationOut(Schema):
    id: int
    event: str = Field(description="The event's slug.")
    organisation: OrganisationRef
    role: RegistrationRole
    status: RegistrationStatus
    offers: str
    needs: str
    unavailable_slots: list[int] = Field(description="Global B2B slot numbers (1-based).")
    created_at: datetime

    @staticmethod
    def resolve_event(obj: Registration) -> str:
        return obj.event.slug


class NewOrganisationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: OrganisationKind
    enterprise_number: str = ""
    website: str = ""
    postcode: str = ""
    city: str = ""
    domains: list[str] = []


class RegistrationIn(Schema):
    """Exactly one of ``organisation`` (yours), ``claim`` (a directory organisation you work
    for) or ``new_organisation``."""

    model_config = ConfigDict(extra="forbid")

    organisation: str | None = Field(None, description="Slug of an organisation of yours.")
    claim: str | None = Field(None, description="Slug of a directory organisation to claim.")
    new_organisation: NewOrganisationIn | None = None
    role: RegistrationRole
    offers: str = ""
    needs: str = ""
    unavailable_slots: list[int] = []


class ParticipantFilters(Schema):
    role: RegistrationRole | None = None
    kind: OrganisationKind | None = None
    cluster: str = Field("", description="Slug of a cluster or pole the organisation belongs to.")
    # Marked deprecated in the schema only: pydantic's own flag warns on every read.
    sector: str = Field(
        "",
        description="Old name of ``cluster``, still accepted.",
        json_schema_extra={"deprecated": True},
    )
    domain: str = Field("", description="Code of a domain (see /domains).")


class SuggestionOut(Schema):
    registration: RegistrationOut
    score: float
    reasons: list[str] = Field(description="Why the engine suggests this participant.")


class SuggestionsOut(Schema):
    ready: bool = Field(description="False while a background job computes them (retry).")
    items: list[SuggestionOut]


def _organisation(slug: str | None, field: str) -> Organisation | None:
    if slug is None:
        return None
    return queries.organisation_by_slug(slug, field=field)


def _user(request: HttpRequest) -> User:
    user = actor(request)
    if not isinstance(user, User):
        raise PermissionDenied(_("Log in to register."))
    return user


@router.post("/{slug}/registrations", response={201: RegistrationOut, 409: ProblemOut, **_ERRORS})
def register(request: HttpRequest, slug: str, payload: RegistrationIn) -> Status[Registration]:
    """Register the caller: confirmed while places remain, else on the waiting list."""
    event = queries.event_by_slug(slug)
    registration = register_for_event(
        event=event,
        user=_user(request),
        organisation=_organisation(payload.organisation, "organisation"),
        claim=_organisation(payload.claim, "claim"),
        new_organisation=payload.new_organisation.model_dump()
        if payload.new_organisation
        else None,
        role=payload.role,
        offers=payload.offers,
        needs=payload.needs,
        unavailable_slots=payload.unavailable_slots,
    )
    return Status(201, registration)


@router.get("/{slug}/registrations", response={200: Page[RegistrationOut], **_ERRORS})
def list_registrations(
    request: HttpRequest,
    slug: str,
    filters: Query[ParticipantFilters],
    page: Query[PageParams],
) -> dict[str, object]:
    """Confirmed participants, for the event's participants and organisers."""
    event = queries.event_by_slug(slug)
    user = actor(request)
    permissions.check_can_see_participants(user, event, "participants")
    registrations = queries.filter_participants(
        queries.registrations_visible_to(user, event).select_related("event"),
        queries.ParticipantFilters(
            role=filters.role or "",
            kind=filters.kind or "",
            cluster=filters.cluster or filters.sector,
            domain=filters.domain,
        ),
    )
    return paginate(registrations, page)


@router.get("/{slug}/registrations/me", response={200: RegistrationOut, **_ERRORS})
def my_registration(request: HttpRequest, slug: str) -> Registration:
    event = queries.event_by_slug(slug)
    registration = queries.registration_of(_user(request), event)
    if registration is None:
        raise PermissionDenied(_("You are not registered for this event."))
    return registration


@router.delete("/{slug}/registrations/me", response={204: None, **_ERRORS})
def cancel_my_registration(request: HttpRequest, slug: str) -> Status[None]:
    """Cancel; the first registrant on the waiting list takes the place."""
    event = queries.event_by_slug(slug)
    registration = queries.registration_of(_user(request), event)
    if registration is None:
        raise PermissionDenied(_("You are not registered for this event."))
    cancel_registration(registration=registration)
    invalidate_suggestions(event.pk)
    return Status(204, None)


@router.get("/{slug}/suggestions", response={200: SuggestionsOut, **_ERRORS})
def my_suggestions(request: HttpRequest, slug: str) -> dict[str, object]:
    """Participants the matching engine suggests to the caller, best first, with reasons."""
    event = queries.event_by_slug(slug)
    registration = actor_registration(actor(request), event)
    suggestions = suggestions_for(registration)
    if suggestions is None:
        return {"ready": False, "items": []}
    return {
        "ready": True,
        "items": [
            {"registration": s.registration, "score": s.score, "reasons": list(s.reasons)}
            for s in suggestions
        ],
    }
