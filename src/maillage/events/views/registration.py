"""Public event pages and registration."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.accounts.signup import ExistingAccountError, create_account
from maillage.accounts.throttling import SIGNUP_ADDRESS, throttle_posts
from maillage.core.errors import DuplicateFound, ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.events import permissions, queries
from maillage.events.forms import RegistrationForm
from maillage.events.models import Event
from maillage.events.queries import programme
from maillage.events.services.registration import cancel_registration, check_registration_open
from maillage.events.services.signup import (
    own_organisations,
    register_for_event,
    send_existing_account_notice,
)
from maillage.events.slots import event_slots
from maillage.events.suggestion_table import invalidate_suggestions


@require_http_methods(["GET", "HEAD"])
def event_list(request: HttpRequest) -> HttpResponse:
    events = queries.with_organisers(queries.events_in_listing_order(today=timezone.localdate()))
    return render(
        request,
        "events/event_list.html",
        {
            "events": events,
            "can_create": permissions.can_create_events(request.user),
        },
    )


@require_http_methods(["GET", "HEAD"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page: programme, organisers, participant count, and the visitor's status."""
    event = queries.event_by_slug(slug)
    registration = queries.registration_of(request.user, event)
    try:
        check_registration_open(event, timezone.now())
    except ValidationFailed as closed:
        registration_notice = closed.text
    else:
        registration_notice = ""
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "participant_count": queries.participant_count(event),
            "conference_sessions": programme.conference_sessions(event),
            "workshops": programme.workshops_with_challenges(event),
            "b2b_sessions": programme.b2b_sessions(event),
            "pitch_sessions": programme.pitch_sessions_with_counts(event),
            "registration": registration,
            "colleague_registrations": (
                queries.colleague_registrations(request.user, event) if registration is None else []
            ),
            "registration_notice": registration_notice,
            "can_organise": permissions.can_organise_event(request.user, event),
        },
    )


def _registration_form(request: HttpRequest, event: Event) -> RegistrationForm:
    user = request.user if isinstance(request.user, User) else None
    return RegistrationForm(
        request.POST or None,
        anonymous=user is None,
        own_organisations=own_organisations(user) if user else [],
        slots=event_slots(programme.b2b_sessions(event)),
    )


def _organisation_choice(form: RegistrationForm) -> dict[str, object]:
    data = form.cleaned_data
    mode = data["organisation_mode"]
    if mode == RegistrationForm.MINE:
        return {"organisation": data["organisation"]}
    if mode == RegistrationForm.CLAIM:
        claimed = queries.claimable_organisation(data["claim_enterprise_number"])
        if claimed is None:
            raise ValidationFailed(
                {"claim_enterprise_number": _("No organisation of the directory has this number.")}
            )
        return {"claim": claimed}
    new: dict[str, object] = {"name": data["new_name"], "kind": data["new_kind"]}
    if data["new_enterprise_number"]:
        new["enterprise_number"] = data["new_enterprise_number"]
    return {"new_organisation": new}


@require_http_methods(["GET", "POST"])
@throttle_posts(SIGNUP_ADDRESS, anonymous_only=True)
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign up (or use the logged-in account), choose/claim/create the organisation, register."""
    event = queries.event_by_slug(slug)
    if queries.registration_of(request.user, event) is not None:
        messages.info(request, _("You are already registered for this event."))
        return redirect("events:event_detail", slug=event.slug)
    try:
        check_registration_open(event, timezone.now())
    except ValidationFailed as closed:
        # Said before anyone fills in a form that could not be sent.
        return render(
            request,
            "events/register_closed.html",
            {"event": event, "notice": closed.text},
            status=400 if request.method == "POST" else 200,
        )
    form = _registration_form(request, event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = (
                    request.user
                    if isinstance(request.user, User)
                    else create_account(
                        email=data["email"], full_name=data["full_name"], password=data["password"]
                    )
                )
                registration = register_for_event(
                    event=event,
                    user=user,
                    role=data["role"],
                    offers=data["offers"],
                    needs=data["needs"],
                    unavailable_slots=data.get("unavailable_slots") or [],
                    **_organisation_choice(form),  # type: ignore[arg-type]
                )
        except ExistingAccountError:
            # The same answer whoever owns the address; its owner learns the rest by e-mail.
            send_existing_account_notice(email=data["email"], event=event)
            return render(
                request,
                "events/register_check_email.html",
                {"event": event, "email": data["email"]},
            )
        except DuplicateFound as error:
            add_service_errors(form, error)
            form.add_error(
                "new_enterprise_number",
                _("Claim this organisation instead, with its enterprise number."),
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if not isinstance(request.user, User):
                login(request, user, backend="maillage.accounts.backends.EmailBackend")
            if registration.status == registration.Status.CONFIRMED:
                messages.success(request, _("You are registered; a confirmation is on its way."))
            else:
                messages.warning(request, _("The event is full: you are on the waiting list."))
            return redirect("events:event_detail", slug=event.slug)
    return render(
        request,
        "events/register_form.html",
        {"event": event, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def register_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Cancel one's registration; the first on the waiting list takes the place."""
    event = queries.event_by_slug(slug)
    registration = queries.registration_of(request.user, event)
    if registration is None:
        raise PermissionDenied(_("You are not registered for this event."))
    cancel_registration(registration=registration)
    invalidate_suggestions(event.pk)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:event_detail", slug=event.slug)
