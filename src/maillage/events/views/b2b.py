"""B2B meeting pages: participants with filters, suggestions, requests and answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.core.forms import add_service_errors
from maillage.core.htmx import is_partial_request, render_page_or_partial
from maillage.core.pagination import query_without_page
from maillage.ecosystem.models import Organisation
from maillage.events import permissions, queries
from maillage.events.forms import MeetingRequestForm, ProposalForm
from maillage.events.models import Event, Registration
from maillage.events.services import b2b
from maillage.events.services.requests import accept_meeting_request, decline_meeting_request
from maillage.events.services.suggestions import suggestions_for
from maillage.events.suggestion_table import invalidate_suggestions
from maillage.matching.services import record_feedback

#: Participant cards per page: a 1,000-participant event rendered whole took 4 s and 1 MB, and
#: 50 cards (two forms each) 58 ms, most of a loaded page's time (docs/benchmarks.md, Events).
PARTICIPANTS_PER_PAGE = 20


def _check_can_see(request: HttpRequest, event: Event) -> None:
    permissions.check_can_see_participants(request.user, event, "b2b")


@login_required
@require_http_methods(["GET", "HEAD"])
def b2b_participants(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirmed participants with filters by role, kind, cluster (or pole) and domain."""
    event = queries.event_by_slug(slug)
    _check_can_see(request, event)
    filters = queries.ParticipantFilters.from_params(request.GET)
    page = Paginator(
        queries.filter_participants(queries.registrations_visible_to(request.user, event), filters),
        PARTICIPANTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "participants": list(page.object_list),
        "page": page,
        "filter_query": query_without_page(request),
        "filters": filters,
        "roles": Registration.Role.choices,
        "kinds": [c for c in Organisation.Kind.choices if c[0] not in Organisation.NETWORK_KINDS],
        "clusters": event.organisers.all(),
        "domains": queries.participant_filter_domains(),
        "me": queries.registration_of(request.user, event),
    }
    return render_page_or_partial(request, "events/b2b_participants.html", "participants", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def b2b_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """The matching engine's suggestions for the visitor, each with its reasons."""
    event = queries.event_by_slug(slug)
    registration = b2b.actor_registration(request.user, event)
    return render(
        request,
        "events/b2b_suggestions.html",
        {"event": event, "suggestions": suggestions_for(registration)},
    )


@login_required
@require_POST
def b2b_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark a suggestion useful or not; the next rankings for the visitor's organisation use it.

    With htmx, the suggestion's feedback form replaces itself with the recorded judgement.
    """
    event = queries.event_by_slug(slug)
    registration = b2b.actor_registration(request.user, event)
    posted = request.POST.get("suggested", "")
    suggested = (
        queries.registrations_visible_to(request.user, event).filter(pk=int(posted)).first()
        if posted.isdigit()
        else None
    )
    useful = {"yes": True, "no": False}.get(request.POST.get("useful", ""))
    error_text = ""
    try:
        record_feedback(
            user=request.user,
            subject=registration.organisation,
            suggested=suggested.organisation if suggested else None,
            useful=useful,
        )
    except ValidationFailed as error:
        error_text = error.text
        if not is_partial_request(request):
            messages.error(request, error_text)
    else:
        invalidate_suggestions(event.pk)
    if is_partial_request(request):
        return render(
            request,
            "events/b2b_suggestions.html#feedback",
            {
                "event": event,
                "target": suggested,
                "marked": None if error_text else useful,
                "feedback_error": error_text,
            },
            status=422 if error_text else 200,
        )
    return redirect("events:b2b_suggestions", slug=event.slug)


def _requests_context(request: HttpRequest, event: Event) -> dict[str, object]:
    user = request.user
    rows = list(queries.requests_visible_to(user, event))
    context: dict[str, object] = {
        "event": event,
        "received": [r for r in rows if r.recipient.user_id == user.pk],
        "sent": [r for r in rows if r.requester.user_id == user.pk],
        "can_organise": permissions.can_organise_event(user, event),
    }
    if context["can_organise"]:
        context["all_requests"] = rows
        context["proposal_form"] = ProposalForm(
            participants=queries.confirmed_registrations(event).select_related("organisation")
        )
    return context


@login_required
@require_http_methods(["GET", "HEAD"])
def b2b_requests(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.event_by_slug(slug)
    user = request.user
    permissions.check_can_see_own_requests(user, event)
    return render(request, "events/b2b_requests.html", _requests_context(request, event))


@login_required
@require_POST
def b2b_request_send(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.event_by_slug(slug)
    form = MeetingRequestForm(request.POST)
    if not form.is_valid():
        return _request_form_again(request, event, form)
    try:
        sent = b2b.request_meeting(
            actor=request.user,
            event=event,
            recipient_id=form.cleaned_data["recipient"],
            message=form.cleaned_data["message"],
        )
    except ValidationFailed as error:
        add_service_errors(form, error)
        return _request_form_again(request, event, form)
    if sent.mutual:
        messages.success(request, _("They had asked you too: the meeting is accepted."))
    else:
        messages.success(request, _("Your request was sent."))
    return redirect("events:b2b_requests", slug=event.slug)


def _request_form_again(
    request: HttpRequest, event: Event, form: MeetingRequestForm
) -> HttpResponse:
    """The refused request on a page of its own: what was typed stays, each problem is said
    next to its field (a redirect to the list lost the message)."""
    recipient_id = form.cleaned_data.get("recipient") if hasattr(form, "cleaned_data") else None
    recipient = (
        queries.registrations_visible_to(request.user, event).filter(pk=recipient_id).first()
        if isinstance(recipient_id, int)
        else None
    )
    return render(
        request,
        "events/b2b_request_form.html",
        {"event": event, "form": form, "recipient": recipient},
        status=400,
    )


@login_required
@require_POST
def b2b_request_answer(
    request: HttpRequest, slug: str, request_id: int, answer: str
) -> HttpResponse:
    """Accept or decline; with htmx, the answered row replaces itself."""
    event = queries.event_by_slug(slug)
    found = queries.request_visible_to(request.user, request_id)
    if found.event_id != event.pk:
        raise PermissionDenied(_("This request belongs to another event."))
    service = accept_meeting_request if answer == "accept" else decline_meeting_request
    error_text = ""
    assert isinstance(request.user, User)
    try:
        service(request=found, actor=request.user)
    except ValidationFailed as error:
        error_text = error.text
        if not is_partial_request(request):
            messages.error(request, error_text)
    if is_partial_request(request):
        row = queries.request_visible_to(request.user, request_id)
        return render(
            request,
            "events/b2b_requests.html#request-row",
            {"meeting_request": row, "event": event, "row_error": error_text},
            status=422 if error_text else 200,
        )
    return redirect("events:b2b_requests", slug=event.slug)


@login_required
@require_POST
def b2b_propose(request: HttpRequest, slug: str) -> HttpResponse:
    """Organisers propose a meeting between two participants."""
    event = queries.event_organised_by(request.user, slug, "propose")
    try:
        b2b.propose_meeting_as_organiser(
            actor=request.user,
            event=event,
            first_id=request.POST.get("first", ""),
            second_id=request.POST.get("second", ""),
        )
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The meeting is proposed."))
    return redirect("events:b2b_requests", slug=event.slug)


@login_required
@require_POST
def b2b_block(request: HttpRequest, slug: str) -> HttpResponse:
    """Never be proposed to, nor receive requests from, an organisation."""
    event = queries.event_by_slug(slug)
    try:
        organisation = queries.organisation_by_slug(request.POST.get("organisation", ""))
        b2b.block_organisation(actor=request.user, event=event, organisation=organisation)
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(org)s will not be proposed to you.") % {"org": organisation.display_name},
        )
    return redirect("events:b2b_participants", slug=event.slug)
