"""Event set-up pages for cluster managers: the event, then its programme."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.events import permissions, queries
from maillage.events.forms import (
    B2BSessionForm,
    ConferenceSessionForm,
    EventForm,
    WorkshopForm,
)
from maillage.events.queries import programme
from maillage.events.services import setup


@login_required
@require_http_methods(["GET", "POST"])
def setup_create(request: HttpRequest) -> HttpResponse:
    """A cluster manager creates an event with its co-organisers."""
    permissions.check_can_create_events(request.user)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = setup.create_event(actor=request.user, **form.cleaned_data)
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event was created; now add its programme."))
            return redirect("events:setup_programme", slug=event.slug)
    return render(
        request,
        "events/setup_event_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


_FORMS: dict[str, Any] = {
    "conference": (ConferenceSessionForm, setup.add_conference_session),
    "workshop": (WorkshopForm, setup.add_workshop),
    "b2b": (B2BSessionForm, setup.add_b2b_session),
}


@login_required
@require_http_methods(["GET", "POST"])
def setup_programme(request: HttpRequest, slug: str) -> HttpResponse:
    """Organisers add conference sessions, brainstorming workshops and B2B sessions."""
    event = queries.event_organised_by(request.user, slug, "programme")
    part = request.POST.get("part", "")
    forms = {name: form_class(prefix=name) for name, (form_class, _s) in _FORMS.items()}
    status = 200
    if request.method == "POST":
        if part not in _FORMS:
            status = 400
            messages.error(request, _("Unknown part of the programme."))
        else:
            form_class, service = _FORMS[part]
            form = form_class(request.POST, prefix=part)
            forms[part] = form
            if form.is_valid():
                try:
                    service(actor=request.user, event=event, **form.cleaned_data)
                except ValidationFailed as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("Added to the programme."))
                    return redirect("events:setup_programme", slug=event.slug)
            status = 400
    context = {
        "event": event,
        "forms": forms,
        "conference_sessions": programme.conference_sessions(event),
        "workshops": programme.workshops(event),
        "b2b_sessions": programme.b2b_sessions(event),
    }
    return render(request, "events/setup_programme.html", context, status=status)
