"""Pitch sessions: the public list in running order (and its PDF for the printed programme),
the organisers' editing, and participants' follow-up marks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.core.forms import add_service_errors
from maillage.events import permissions, queries
from maillage.events.forms import (
    PitchFollowUpForm,
    PitchForm,
    PitchSessionForm,
)
from maillage.events.models import Event, Pitch
from maillage.events.pdf import pitches_pdf
from maillage.events.services import pitches as service


def _back(event: Event) -> HttpResponseRedirect:
    return redirect("events:pitches", slug=event.slug)


@require_http_methods(["GET", "HEAD"])
def pitch_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the pitch sessions with their pitches in running order; participants mark the
    ones to follow up, the pitching team sees who did, organisers edit."""
    event = queries.event_by_slug(slug)
    can_organise = permissions.can_organise_event(request.user, event)
    context = {
        "event": event,
        "sessions": queries.pitch_programme(request.user, event),
        "can_organise": can_organise,
        "can_follow": permissions.is_confirmed_participant(request.user, event),
        "session_form": PitchSessionForm(prefix="session") if can_organise else None,
        "follow_form": PitchFollowUpForm(),
    }
    return render(request, "events/pitches.html", context)


@require_http_methods(["GET", "HEAD"])
def pitch_list_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The pitches for the printed programme (public, like the page)."""
    event = queries.event_by_slug(slug)
    response = HttpResponse(
        pitches_pdf(event, queries.pitch_sessions(event)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{event.slug}-pitches.pdf"'
    return response


@login_required
@require_POST
def pitch_session_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.event_organised_by(request.user, slug, "programme")
    form = PitchSessionForm(request.POST, prefix="session")
    if form.is_valid():
        try:
            service.add_pitch_session(actor=request.user, event=event, **form.cleaned_data)
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pitch session is in the programme."))
            return _back(event)
    context = {
        "event": event,
        "sessions": queries.pitch_programme(request.user, event),
        "can_organise": True,
        "can_follow": permissions.is_confirmed_participant(request.user, event),
        "session_form": form,
        "follow_form": PitchFollowUpForm(),
    }
    return render(request, "events/pitches.html", context, status=400)


def _pitch_form_page(
    request: HttpRequest, event: Event, form: PitchForm, pitch: Pitch | None, status: int
) -> HttpResponse:
    return render(
        request,
        "events/pitch_form.html",
        {"event": event, "form": form, "pitch": pitch},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pitch_add(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Organisers add a pitch at the end of a session's running order."""
    event = queries.event_organised_by(request.user, slug, "programme")
    session = queries.pitch_session_of_event(event, session_id)
    form = PitchForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            service.add_pitch(actor=request.user, session=session, **form.cleaned_data)
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pitch is added to the running order."))
            return _back(event)
    return _pitch_form_page(request, event, form, None, 400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def pitch_edit(request: HttpRequest, slug: str, pitch_id: int) -> HttpResponse:
    event = queries.event_organised_by(request.user, slug, "programme")
    pitch = queries.pitch_of_event(event, pitch_id)
    initial = {
        "title": pitch.title,
        "team": pitch.team,
        "organisation": pitch.organisation.slug if pitch.organisation else "",
        "abstract": pitch.abstract,
        "stand": pitch.stand,
        "slides_url": pitch.slides_url,
        "presenter": pitch.presenter_id,
    }
    form = PitchForm(request.POST or None, initial=initial, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_pitch(actor=request.user, pitch=pitch, **form.cleaned_data)
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pitch is saved."))
            return _back(event)
    return _pitch_form_page(request, event, form, pitch, 400 if request.method == "POST" else 200)


@login_required
@require_POST
def pitch_move(request: HttpRequest, slug: str, pitch_id: int) -> HttpResponse:
    """Organisers move a pitch one place earlier (``direction=up``) or later (``down``)."""
    event = queries.event_organised_by(request.user, slug, "programme")
    pitch = queries.pitch_of_event(event, pitch_id)
    offsets = {"up": -1, "down": 1}
    direction = request.POST.get("direction", "")
    if direction not in offsets:
        messages.error(request, _("Move a pitch up or down."))
        response = _back(event)
        response.status_code = 303
        return response
    service.move_pitch(actor=request.user, pitch=pitch, offset=offsets[direction])
    return _back(event)


@login_required
@require_POST
def pitch_remove(request: HttpRequest, slug: str, pitch_id: int) -> HttpResponse:
    event = queries.event_organised_by(request.user, slug, "programme")
    service.remove_pitch(actor=request.user, pitch=queries.pitch_of_event(event, pitch_id))
    messages.success(request, _("The pitch is removed from the running order."))
    return _back(event)


@login_required
@require_POST
def pitch_follow(request: HttpRequest, slug: str, pitch_id: int) -> HttpResponse:
    """A participant marks a pitch to follow up (``action=mark``, which asks the team for a
    meeting) or withdraws the mark (``action=unmark``)."""
    event = queries.event_by_slug(slug)
    pitch = queries.pitch_of_event(event, pitch_id)
    form = PitchFollowUpForm(request.POST)
    try:
        if request.POST.get("action") == "unmark":
            service.unmark_pitch_follow_up(actor=request.user, pitch=pitch)
            messages.success(request, _("You no longer follow this pitch up."))
        elif not form.is_valid():
            raise ValidationFailed(
                {"message": _("At most %(limit)d characters.") % {"limit": 2000}}
            )
        else:
            mark = service.mark_pitch_follow_up(
                actor=request.user, pitch=pitch, message=form.cleaned_data["message"]
            )
            messages.success(
                request,
                _("Marked: the team is asked for a meeting.")
                if mark.meeting_request_id
                else _("Marked: the team is not registered, so no meeting can be requested."),
            )
    except ValidationFailed as error:
        flash_errors(request, error)
        response = _back(event)
        response.status_code = 303
        return response
    return _back(event)
