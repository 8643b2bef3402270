"""``/calls``: funding calls, expressions of interest, and consortium invitations."""

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from maillage.api.auth import actor
from maillage.api.pagination import paginate
from maillage.api.schemas import OrganisationRef, Page, PageParams, ProblemOut, RecordId
from maillage.calls import queries
from maillage.calls.models import Call, CallStatus, ExpressionOfInterest, Partner
from maillage.calls.services.consortia import answer_invitation
from maillage.calls.services.interest import express_interest, withdraw_interest
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Organisation

router = Router(tags=["calls"])

_ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class CallFiltersIn(Schema):
    status: CallStatus | None = Field(None, description="Today's status; every call if absent.")
    search: str = Field("", max_length=200, description="Words to find (accents, case ignored).")
    country: str = Field(
        "", max_length=2, description="ISO code: calls open to organisations established there."
    )
    applicant: str = Field("", description="Applicant type: calls that fund it (sme, research...).")
    programme: str = Field("", max_length=200)
    relayed_by: str = Field("", description="Slug of the relaying cluster or pole.")


class CallOut(Schema):
    reference: str
    identifier: str
    title: str
    programme: str
    funder: str
    deadlines: list[date] = Field(description="Every cut-off date, earliest first.")
    opens_on: date | None
    status: CallStatus = Field(description="Forthcoming, open or closed, from today's date.")
    url: str = Field(description="The call's own page (at its funder, or else on Maillage).")
    page: str = Field(description="The call's page on Maillage.")
    relayed_by: str | None = Field(description="Slug of the cluster relaying it, or null.")
    synthetic: bool = Field(description="Demonstration record with made-up dates.")

    @staticmethod
    def resolve_deadlines(obj: Call) -> list[date]:
        return [deadline.date for deadline in obj.deadlines.all()]

    @staticmethod
    def resolve_page(obj: Call) -> str:
        return reverse("calls:call_detail", args=[obj.slug])

    @staticmethod
    def resolve_url(obj: Call) -> str:
        return obj.link or reverse("calls:call_detail", args=[obj.slug])

    @staticmethod
    def resolve_relayed_by(obj: Call) -> str | None:
        return obj.relayed_by.slug if obj.relayed_by else None


class CallDetailOut(CallOut):
    summary: str
    topics: list[str]
    action_types: list[str]
    eligible_applicants: list[str] = Field(description="Applicant types funded; empty: any.")
    eligible_countries: list[str] = Field(description="ISO codes or EU; empty: any country.")
    eligibility_note: str
    amount_min: float | None
    amount_max: float | None
    budget: float | None

    @staticmethod
    def resolve_eligible_applicants(obj: Call) -> list[str]:
        return obj.applicants

    @staticmethod
    def resolve_eligible_countries(obj: Call) -> list[str]:
        return obj.countries


class InterestIn(Schema):
    model_config = ConfigDict(extra="forbid")

    organisation: str = Field(description="Slug of the organisation you act for.")
    message: str = Field("", max_length=2000)


class InterestOut(Schema):
    organisation: OrganisationRef
    message: str
    created_at: datetime


class PartnerOut(Schema):
    id: int
    organisation: OrganisationRef
    role: str
    status: Partner.Status
    answered_at: datetime | None


def _call(slug: str) -> Call:
    return queries.call_by_slug(slug)


@router.get("", response={200: Page[CallOut], 422: ProblemOut})
def list_calls(
    request: HttpRequest, filters: Query[CallFiltersIn], page: Query[PageParams]
) -> dict[str, object]:
    """Calls, deadline soon first (the browse pages' filters, ``search`` for their ``q``)."""
    found = queries.filter_calls(
        queries.CallFilters(
            status=filters.status or "all",
            q=filters.search,
            country=filters.country.upper(),
            applicant=filters.applicant,
            programme=filters.programme,
            relayed_by=filters.relayed_by,
        )
    )
    return paginate(found, page)


@router.get("/{slug}", response={200: CallDetailOut, 404: ProblemOut})
def get_call(request: HttpRequest, slug: str) -> Call:
    return _call(slug)


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationFailed(
            {"organisation": _("No organisation has the slug %(slug)s.") % {"slug": slug}}
        )
    return organisation


@router.post("/{slug}/interest", response={200: InterestOut, 201: InterestOut, **_ERRORS})
def post_interest(
    request: HttpRequest, slug: str, payload: InterestIn
) -> Status[ExpressionOfInterest]:
    """Tell the relaying cluster your organisation means to apply (201; 200 when it already
    had, the message replaced). Seen only by your organisation and the cluster's managers."""
    interest, created = express_interest(
        actor=actor(request),
        call=_call(slug),
        organisation=_organisation(payload.organisation),
        message=payload.message,
    )
    return Status(201 if created else 200, interest)


@router.delete("/{slug}/interest", response={204: None, **_ERRORS})
def delete_interest(request: HttpRequest, slug: str, organisation: str) -> Status[None]:
    withdraw_interest(
        actor=actor(request), call=_call(slug), organisation=_organisation(organisation)
    )
    return Status(204, None)


@router.get("/{slug}/interests", response={200: Page[InterestOut], 404: ProblemOut})
def list_interests(request: HttpRequest, slug: str, page: Query[PageParams]) -> dict[str, object]:
    """Every expression of interest for the relaying cluster's managers; your organisations'
    for anyone else (none for anonymous callers)."""
    return paginate(queries.interests_visible_to(actor(request), _call(slug)), page)


@router.get(
    "/consortia/{consortium_id}/partners", response={200: list[PartnerOut], 404: ProblemOut}
)
def list_partners(request: HttpRequest, consortium_id: RecordId) -> list[Partner]:
    """The consortium's lead and invited partners (its partners only; 404 for others)."""
    consortium = queries.consortium_for(actor(request), consortium_id)
    return list(consortium.partners.all())


def _answer(
    request: HttpRequest, consortium_id: RecordId, partner_id: RecordId, accept: bool
) -> Partner:
    partner = (
        Partner.objects.select_related("organisation")
        .filter(pk=partner_id, consortium_id=consortium_id)
        .first()
    )
    if partner is None:
        raise Http404(_("No such invitation."))
    return answer_invitation(actor=actor(request), partner=partner, accept=accept)


@router.post(
    "/consortia/{consortium_id}/invitations/{partner_id}/accept",
    response={200: PartnerOut, **_ERRORS},
)
def accept_invitation(
    request: HttpRequest, consortium_id: RecordId, partner_id: RecordId
) -> Partner:
    """Join the consortium: the invited organisation's representatives only."""
    return _answer(request, consortium_id, partner_id, accept=True)


@router.post(
    "/consortia/{consortium_id}/invitations/{partner_id}/decline",
    response={200: PartnerOut, **_ERRORS},
)
def decline_invitation(
    request: HttpRequest, consortium_id: RecordId, partner_id: RecordId
) -> Partner:
    return _answer(request, consortium_id, partner_id, accept=False)
