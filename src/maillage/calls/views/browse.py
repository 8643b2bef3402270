"""Browsing calls: the lists (open, forthcoming, closed), a call's page, and the calls that
fit the visitor's organisation, ranked by the matching engine."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.calls import permissions, queries
from maillage.calls.eligibility import Applicant
from maillage.calls.forms import InterestForm
from maillage.calls.models import Call, CallStatus
from maillage.calls.reasons import render_reasons
from maillage.calls.services.background import call_fits_for
from maillage.core.htmx import is_partial_request, render_page_or_partial
from maillage.core.pagination import query_without_page

#: Calls per page of the lists.
CALLS_PER_PAGE = 20


def with_days_left(calls: list[Call]) -> list[Call]:
    """Set ``days_left`` (to the next cut-off, None when none is left) for the templates."""
    today = timezone.localdate()
    for call in calls:
        upcoming = getattr(call, "next_deadline", None)
        call.days_left = (upcoming - today).days if upcoming else None  # type: ignore[attr-defined]
    return calls


@require_http_methods(["GET", "HEAD"])
def call_list(request: HttpRequest) -> HttpResponse:
    """Calls by status, deadline soon first, with search and filters (``queries.CallFilters``)."""
    filters = queries.CallFilters.from_params(request.GET)
    page = Paginator(queries.filter_calls(filters), CALLS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "filters": filters,
        "page_obj": page,
        "calls": with_days_left(list(page.object_list)),
        "facets": queries.call_facets(),
        "statuses": CallStatus.choices,
        "applicants": Applicant.choices,
        "query_without_page": query_without_page(request),
        "can_publish": bool(permissions.publishing_networks(request.user)),
        "can_import": permissions.can_import_calls(request.user),
    }
    return render_page_or_partial(request, "calls/call_list.html", "calls", context)


@require_http_methods(["GET", "HEAD"])
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = queries.call_by_slug(slug)
    acting = queries.acting_organisations(request.user)
    interested = list(queries.interests_visible_to(request.user, call))
    may_see_all = permissions.can_see_interests(request.user, call)
    open_for_interest = call.relayed_by_id is not None and call.status != CallStatus.CLOSED  # type: ignore[attr-defined]
    context = {
        "call": with_days_left([call])[0],
        "applicant_labels": [
            Applicant(code).label for code in call.applicants if code in Applicant.values
        ],
        "deadlines": list(call.deadlines.all()),
        "today": timezone.localdate(),
        "my_interests": [] if may_see_all else interested,
        "interest_count": len(interested) if may_see_all else None,
        "interest_form": (
            InterestForm(organisations=acting) if acting and open_for_interest else None
        ),
        "can_edit": permissions.can_edit_call(request.user, call),
        "consortia": list(queries.call_consortia_of(request.user, call)),
        "can_start_consortium": call.status != CallStatus.CLOSED  # type: ignore[attr-defined]
        and bool(queries.represented_organisations(request.user)),
    }
    return render(request, "calls/call_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def calls_for_you(request: HttpRequest) -> HttpResponse:
    """The open and forthcoming calls the visitor's organisation may apply to, best first,
    each with the engine's reasons; the ranking runs in the background the first time."""
    organisations = queries.acting_organisations(request.user)
    context: dict[str, object] = {"organisations": organisations, "run": None, "fits": []}
    if not organisations:
        return render(request, "calls/calls_for_you.html", context)
    wanted = request.GET.get("organisation", "")
    organisation = next((o for o in organisations if o.slug == wanted), organisations[0])
    if wanted and organisation.slug != wanted:
        raise Http404(_("You do not act for this organisation."))
    run = call_fits_for(actor=request.user, organisation=organisation)
    poll_url = f"{reverse('calls:calls_for_you')}?{urlencode({'organisation': organisation.slug})}"
    context.update(organisation=organisation, run=run, job=run, poll_url=poll_url)
    if not run.finished:
        if is_partial_request(request):
            return render(request, "calls/_job_progress.html", context)
        return render(request, "calls/calls_for_you.html", context)
    if is_partial_request(request):
        return HttpResponse(headers={"HX-Refresh": "true"})
    fits = run.result.get("fits", [])
    calls = {
        call.pk: call
        for call in queries.calls_with_status()
        .filter(pk__in=[fit["call"] for fit in fits])
        .prefetch_related("deadlines")
    }
    context["fits"] = [
        {
            "call": calls[fit["call"]],
            "score": fit["score"],
            "reasons": render_reasons(fit["reasons"]),
        }
        for fit in fits
        if fit["call"] in calls
    ]
    with_days_left(list(calls.values()))
    return render(request, "calls/calls_for_you.html", context)
