"""Brainstorming pages: challenges per workshop, ideas, teams, votes, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from maillage.audit.services import record_event
from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.events import permissions, queries
from maillage.events.forms import ChallengeForm, IdeaForm
from maillage.events.models import Event
from maillage.events.queries import programme
from maillage.events.services import brainstorming


def _check_can_see(request: HttpRequest, event: Event) -> None:
    permissions.check_can_see_participants(request.user, event, "brainstorming")


@login_required
@require_http_methods(["GET", "HEAD"])
def brainstorm_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.event_by_slug(slug)
    _check_can_see(request, event)
    registration = queries.registration_of(request.user, event)
    return render(
        request,
        "events/brainstorm_page.html",
        {
            "event": event,
            "workshops": programme.workshops_with_ideas(event),
            "registration": registration,
            "can_organise": permissions.can_organise_event(request.user, event),
            "challenge_form": ChallengeForm(),
            "idea_form": IdeaForm(),
        },
    )


def _act(request: HttpRequest, event: Event, action: str) -> None:
    registration = queries.registration_of(request.user, event)
    if action == "challenge":
        form = ChallengeForm(request.POST)
        if not form.is_valid():
            raise ValidationFailed({"title": _("Give the challenge a title.")})
        workshop = programme.workshop_of(event, form.cleaned_data["workshop"])
        brainstorming.post_challenge(
            registration=registration,
            workshop=workshop,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Your challenge is posted."))
        return
    if action == "idea":
        idea_form = IdeaForm(request.POST)
        if not idea_form.is_valid():
            raise ValidationFailed({"text": _("Write your idea.")})
        challenge = programme.challenge_of(event, idea_form.cleaned_data["challenge"])
        brainstorming.post_idea(
            registration=registration, challenge=challenge, text=idea_form.cleaned_data["text"]
        )
        messages.success(request, _("Your idea is posted."))
        return
    idea = programme.idea_of(event, request.POST.get("idea", ""))
    if action == "join":
        brainstorming.join_idea(registration=registration, idea=idea)
        messages.success(request, _("You joined the idea's team."))
    elif action == "vote":
        brainstorming.vote_idea(registration=registration, idea=idea)
        messages.success(request, _("Your vote is counted."))
    elif action == "project":
        project = brainstorming.make_project_from_idea(registration=registration, idea=idea)
        partners = project.partners.count()
        messages.success(
            request,
            ngettext(
                "The idea is now a project idea in the directory (%(partners)d partner).",
                "The idea is now a project idea in the directory (%(partners)d partners).",
                partners,
            )
            % {"partners": partners},
        )
    else:
        raise ValidationFailed({"action": _("Unknown action.")})


@login_required
@require_POST
def brainstorm_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    """Post a challenge or an idea, join or vote for an idea, or make it a project idea."""
    event = queries.event_by_slug(slug)
    _check_can_see(request, event)
    try:
        _act(request, event, action)
    except ValidationFailed as error:
        flash_errors(request, error)
        response = redirect("events:brainstorm_page", slug=event.slug)
        response.status_code = 303
        return response
    return redirect("events:brainstorm_page", slug=event.slug)


@login_required
@require_http_methods(["GET", "HEAD"])
def brainstorm_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """Ideas with their team members, for the organisers (CSV or XLSX)."""
    event = queries.event_organised_by(request.user, slug, "export_ideas")
    ideas = programme.ideas_of(event)
    if file_format == "xlsx":
        content = brainstorming.export_ideas_xlsx(ideas)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = brainstorming.export_ideas_csv(ideas)
        content_type = "text/csv; charset=utf-8"
    record_event(actor=request.user, action="event.ideas_exported", target=event, request=request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-ideas.{file_format}"'
    return response
