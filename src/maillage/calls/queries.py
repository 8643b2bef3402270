"""Reads of the calls app, each checking who may see what (views and the API use these).

``CallFilters`` is the one definition of the call list's filters: the browse pages and
``GET /api/v1/calls`` both build one and call :func:`filter_calls`.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser, is_platform_admin
from maillage.calls import permissions
from maillage.calls.eligibility import Applicant, open_to_applicant, open_to_country
from maillage.calls.models import (
    Call,
    CallDeadline,
    CallQuerySet,
    CallStatus,
    Consortium,
    ExpressionOfInterest,
    Partner,
    WantedPartner,
)
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.text import search_terms

FILTER_PARAMETERS = ("status", "q", "programme", "applicant", "country", "relayed_by")


def _value(params: Mapping[str, str] | QueryDict, name: str) -> str:
    return str(params.get(name) or "").strip()


@dataclass(frozen=True)
class CallFilters:
    """``status`` (``open`` by default; ``all`` for every call), ``q`` (words, accents and
    case ignored), ``programme``, ``applicant`` (an ``Applicant`` code: calls that fund it),
    ``country`` (an ISO code: calls open to organisations established there) and
    ``relayed_by`` (a cluster's slug)."""

    status: str = CallStatus.OPEN
    q: str = ""
    programme: str = ""
    applicant: str = ""
    country: str = ""
    relayed_by: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str] | QueryDict) -> "CallFilters":
        status = _value(params, "status") or CallStatus.OPEN
        return cls(
            status=status,
            q=_value(params, "q") or _value(params, "search"),
            programme=_value(params, "programme"),
            applicant=_value(params, "applicant"),
            country=_value(params, "country").upper(),
            relayed_by=_value(params, "relayed_by"),
        )

    @property
    def active(self) -> bool:
        return any((self.q, self.programme, self.applicant, self.country, self.relayed_by))


def calls_with_status(today: dt.date | None = None) -> CallQuerySet:
    return Call.objects.with_status(today).select_related("relayed_by")


def filter_calls(filters: CallFilters, *, today: dt.date | None = None) -> CallQuerySet:
    """Calls matching ``filters``, deadline soon first, deadlines prefetched in date order.

    Unknown values select nothing rather than raising (an unknown status, applicant or
    country), as the directory does.
    """
    calls = calls_with_status(today)
    if filters.status != "all":
        calls = calls.in_statuses(filters.status)
    for term in search_terms(filters.q):
        calls = calls.filter(search_text__contains=term)
    if filters.programme:
        calls = calls.filter(programme=filters.programme)
    if filters.applicant:
        if filters.applicant in Applicant.values:
            calls = calls.filter(open_to_applicant(filters.applicant))
        else:
            calls = calls.none()
    if filters.country:
        calls = calls.filter(open_to_country(filters.country))
    if filters.relayed_by:
        calls = calls.filter(relayed_by__slug=filters.relayed_by)
    return calls.prefetch_related(
        Prefetch("deadlines", queryset=CallDeadline.objects.order_by("date"))
    ).in_status_order()


@dataclass(frozen=True)
class Facets:
    programmes: list[str]
    relaying: list[Organisation]


def call_facets() -> Facets:
    """The choices the browse page offers (two queries)."""
    programmes = (
        Call.objects.exclude(programme="")
        .order_by("programme")
        .values_list("programme", flat=True)
        .distinct()
    )
    relaying = Organisation.objects.filter(
        pk__in=Call.objects.filter(relayed_by__isnull=False).values("relayed_by")
    ).order_by("name")
    return Facets(programmes=list(programmes), relaying=list(relaying))


def call_by_slug(slug: str, *, today: dt.date | None = None) -> Call:
    call = (
        calls_with_status(today)
        .prefetch_related(Prefetch("deadlines", queryset=CallDeadline.objects.order_by("date")))
        .filter(slug=slug)
        .first()
    )
    if call is None:
        raise Http404(_("No call has the address %(slug)s.") % {"slug": slug})
    return call


def status_of(call: Call) -> str:
    """The call's status today (``CallQuerySet.with_status``), read afresh."""
    statuses = Call.objects.with_status().filter(pk=call.pk)
    return str(statuses.values_list("status", flat=True).get())  # type: ignore[misc]  # annotated


def interests_visible_to(user: AnyUser, call: Call) -> QuerySet[ExpressionOfInterest]:
    """Every expression of interest for the relaying cluster's managers; otherwise those of
    the organisations the user acts for; nothing for anyone else."""
    interests = ExpressionOfInterest.objects.filter(call=call).select_related(
        "organisation", "user"
    )
    if permissions.can_see_interests(user, call):
        return interests
    return interests.filter(organisation_id__in=permissions.acting_organisation_ids(user))


def acting_organisations(user: AnyUser) -> list[Organisation]:
    """The organisations the user acts for, by name (networks excluded)."""
    return list(
        Organisation.objects.filter(pk__in=permissions.acting_organisation_ids(user)).order_by(
            "name"
        )
    )


def represented_organisations(user: AnyUser) -> list[Organisation]:
    return list(
        Organisation.objects.filter(pk__in=permissions.represented_organisation_ids(user))
        .exclude(kind__in=Organisation.NETWORK_KINDS)
        .order_by("name")
    )


def consortia_visible_to(user: AnyUser) -> QuerySet[Consortium]:
    """Consortia in which an organisation of the user is the lead or a partner (invited,
    accepted or declined); every one for platform admins."""
    consortia = Consortium.objects.select_related("call", "lead")
    if is_platform_admin(user):
        return consortia
    mine = permissions.acting_organisation_ids(user)
    return consortia.filter(
        pk__in=Partner.objects.filter(organisation_id__in=mine).values("consortium_id")
    )


def consortium_for(user: AnyUser, consortium_id: int) -> Consortium:
    """The consortium with its partners and wanted partners, or 404 (also when the user may
    not see it: its existence is the partners' business)."""
    consortium = (
        consortia_visible_to(user)
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Partner.objects.select_related("organisation").order_by(
                    "invited_at", "pk"
                ),
            ),
            Prefetch("wanted", queryset=WantedPartner.objects.order_by("pk")),
        )
        .filter(pk=consortium_id)
        .first()
    )
    if consortium is None:
        raise Http404(_("No such consortium."))
    return consortium


def invitations_for(user: AnyUser) -> QuerySet[Partner]:
    """Invitations waiting for an answer from an organisation the user represents."""
    return (
        Partner.objects.filter(
            status=Partner.Status.INVITED,
            organisation_id__in=permissions.represented_organisation_ids(user),
        )
        .select_related("consortium__call", "consortium__lead", "organisation")
        .order_by("-invited_at", "-pk")
    )


def call_consortia_of(user: AnyUser, call: Call) -> QuerySet[Consortium]:
    return consortia_visible_to(user).filter(call=call)


@dataclass(frozen=True)
class WantedState:
    wanted: WantedPartner
    #: The accepted partner filling it, if any.
    filled_by: Partner | None
    #: Invitations answering it, still waiting.
    pending: list[Partner]


@dataclass(frozen=True)
class ConsortiumState:
    """Where a consortium stands: who is in, who is invited, which partners are still wanted."""

    partners: list[Partner]
    wanted: list[WantedState]

    def _count(self, status: str) -> int:
        return sum(1 for p in self.partners if p.status == status)

    @property
    def accepted(self) -> int:
        return self._count(Partner.Status.ACCEPTED)

    @property
    def invited(self) -> int:
        return self._count(Partner.Status.INVITED)

    @property
    def declined(self) -> int:
        return self._count(Partner.Status.DECLINED)

    @property
    def missing(self) -> int:
        return sum(1 for w in self.wanted if w.filled_by is None)

    @property
    def complete(self) -> bool:
        """Every wanted partner filled and no invitation waiting."""
        return self.missing == 0 and self.invited == 0

    @property
    def countries(self) -> list[str]:
        """Countries of the lead and the accepted partners."""
        kept = {Partner.Status.LEAD, Partner.Status.ACCEPTED}
        return sorted({p.organisation.country for p in self.partners if p.status in kept})


def consortium_state(consortium: Consortium) -> ConsortiumState:
    """Needs the partners and wanted partners prefetched (``consortium_for``)."""
    partners = list(consortium.partners.all())
    states = []
    for wanted in consortium.wanted.all():
        answering = [p for p in partners if p.wanted_id == wanted.pk]
        filled = next((p for p in answering if p.status == Partner.Status.ACCEPTED), None)
        pending = [p for p in answering if p.status == Partner.Status.INVITED]
        states.append(WantedState(wanted=wanted, filled_by=filled, pending=pending))
    return ConsortiumState(partners=partners, wanted=states)
