"""Reads of impact data that check access: views, the API and commands never filter on roles.

- ``answers_visible_to``: a person's own follow-up answers (their participations, and those of
  their organisations); platform admins read any;
- ``report_organiser``: the body whose reports a user may see;
- ``wave_counts``: an event's response figures per wave, for its organisers (counts only);
- ``agreement_ties``: agreements reached between pairs of organisations, for the network graph.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser, active_user
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.permissions import managed_network_ids
from maillage.events.models import Event
from maillage.impact.facts import held_on_of
from maillage.impact.models import Invitation, Outcome, Wave
from maillage.impact.permissions import (
    REFUSE_ADMIN_EDIT,
    REFUSE_ANSWERS,
    can_answer_for,
    check_can_plan_follow_up,
    check_can_view_reports,
    own_organisation_ids,
)


def answers_visible_to(user: AnyUser) -> QuerySet[Invitation]:
    """Invitations (with their answers) of the user's participations and organisations."""
    active = active_user(user)
    if active is None:
        return Invitation.objects.none()
    own = own_organisation_ids(active)
    return (
        Invitation.objects.filter(
            Q(registration__user=active) | Q(registration__organisation_id__in=own)
        )
        .select_related("wave__plan__event", "registration__organisation", "registration__user")
        .order_by("-wave__plan__held_on", "wave__plan__event_id", "wave__months")
    )


def invitation_for(user: AnyUser, invitation_id: int, *, change: bool) -> Invitation:
    """One invitation for someone who may read it (``change``: answer it); 404 for the others,
    so that an outsider cannot even learn that it exists."""
    invitation = (
        Invitation.objects.select_related(
            "wave__plan__event", "registration__organisation", "registration__user"
        )
        .filter(pk=invitation_id)
        .first()
    )
    active = active_user(user)
    if invitation is None or active is None:
        raise Http404(_("No such follow-up."))
    if can_answer_for(active, invitation.registration):
        return invitation
    if active.is_platform_admin:
        if change:
            raise PermissionDenied(REFUSE_ADMIN_EDIT)
        return invitation
    raise Http404(_("No such follow-up."))


def organisation_history(user: AnyUser, slug: str) -> tuple[Organisation, QuerySet[Invitation]]:
    """An organisation's follow-up answers, read-only, for the platform admins."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404(_("No organisation has the slug %(slug)s.") % {"slug": slug})
    active = active_user(user)
    if active is None or not (
        active.is_platform_admin or organisation.pk in own_organisation_ids(active)
    ):
        raise PermissionDenied(REFUSE_ANSWERS)
    invitations = (
        Invitation.objects.filter(registration__organisation=organisation)
        .select_related("wave__plan__event", "registration__organisation", "registration__user")
        .order_by("-wave__plan__held_on", "wave__plan__event_id", "wave__months")
    )
    return organisation, invitations


def report_organisers(user: AnyUser) -> QuerySet[Organisation]:
    """The bodies whose reports the user may see: those they manage (all, for admins) that
    organised at least one event."""
    active = active_user(user)
    if active is None:
        return Organisation.objects.none()
    organisers = Organisation.objects.filter(organised_events__isnull=False).distinct()
    if not active.is_platform_admin:
        organisers = organisers.filter(pk__in=managed_network_ids(active))
    return organisers.order_by("name")


def report_organiser(user: AnyUser, slug: str) -> Organisation:
    """The body, for those who may see its reports; 404 when unknown, 403 for the others."""
    organiser = Organisation.objects.filter(slug=slug).first()
    if organiser is None:
        raise Http404(_("No organisation has the slug %(slug)s.") % {"slug": slug})
    check_can_view_reports(user, organiser)
    return organiser


def default_period(
    organiser: Organisation, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """From the first day the body's events were held (or today) to today."""
    today = today or timezone.localdate()
    days = [
        day
        for event in Event.objects.filter(organisers=organiser).select_related("follow_up")
        if (day := held_on_of(event)) is not None
    ]
    return (min(days, default=today), today)


@dataclass(frozen=True)
class WaveCount:
    wave: Wave
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def wave_counts(user: AnyUser, event: Event) -> list[WaveCount]:
    """Invited and answering participants per wave: counts, never who."""
    check_can_plan_follow_up(user, event)
    waves = (
        Wave.objects.filter(plan__event=event)
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
        )
        .order_by("months")
    )
    return [WaveCount(w, w.invited, w.answered) for w in waves]


@dataclass(frozen=True)
class AgreementTie:
    """Two organisations that reached an agreement after meeting through an event."""

    organisations: tuple[int, int]
    #: The agreement's date when a side gave it, else the day the answer was given.
    date: dt.date
    #: False only when every side that reported the agreement agreed to show it publicly, and
    #: both sides did report it; a private tie may only enter aggregates (counts, densities).
    private: bool
    event_id: int


def agreement_ties(
    *, since: dt.date | None = None, until: dt.date | None = None
) -> list[AgreementTie]:
    """Agreements reached between pairs of organisations, one tie per pair and event, from the
    latest answer of each side (either side's report is enough). For the network graph: no access
    check here, so a caller must show a tie marked ``private`` only inside aggregates."""
    latest: dict[tuple[int, int, int], Outcome] = {}
    for outcome in Outcome.objects.select_related(
        "invitation__wave__plan", "invitation__registration"
    ).order_by("invitation__wave__months", "created_at", "pk"):
        reporter = outcome.invitation.registration.organisation_id
        latest[(outcome.invitation.wave.plan.event_id, reporter, outcome.partner_id)] = outcome
    sides: dict[tuple[int, frozenset[int]], list[Outcome]] = {}
    for (event_id, reporter, partner), outcome in latest.items():
        sides.setdefault((event_id, frozenset((reporter, partner))), []).append(outcome)
    ties = []
    for (event_id, pair), reports in sorted(
        sides.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))
    ):
        agreements = [r for r in reports if r.status == Outcome.Status.AGREEMENT]
        if not agreements:
            continue
        dates = [r.agreed_on for r in agreements if r.agreed_on is not None]
        day = min(dates) if dates else min(timezone.localdate(r.created_at) for r in agreements)
        if (since and day < since) or (until and day > until):
            continue
        public = len(agreements) == 2 and all(r.publishable for r in agreements)
        a, b = sorted(pair)
        ties.append(AgreementTie((a, b), day, not public, event_id))
    return ties
