"""Pages of digital maturity: the questionnaire one dimension per step, the results with the
radar chart, peer comparisons and PDF, and the company's timeline.

Views read through ``queries``, decide through ``permissions`` and write through ``services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.maturity import permissions, queries, services
from maillage.maturity.dma import load_questionnaire, localise
from maillage.maturity.forms import DimensionForm
from maillage.maturity.models import AdvisorFollow, Assessment
from maillage.maturity.pdf import results_pdf


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "maturity/home.html", {"home": queries.maturity_home(request.user)})


@login_required
@require_GET
def organisation_maturity(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = queries.organisation_for_maturity(request.user, slug)
    page = queries.organisation_maturity(request.user, organisation)
    return render(request, "maturity/organisation.html", {"page": page})


def _next_step(assessment: Assessment) -> HttpResponse:
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    for dimension in questionnaire.dimension_ids:
        if dimension not in assessment.steps_done:
            return redirect("maturity:step", pk=assessment.pk, dimension=dimension)
    return redirect("maturity:review", pk=assessment.pk)


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start (or resume) the organisation's assessment in progress."""
    organisation = get_object_or_404(Organisation, slug=slug)
    assessment = services.start_assessment(actor=request.user, organisation=organisation)
    return _next_step(assessment)


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, dimension: str) -> HttpResponse:
    """One dimension of the questionnaire; saving it moves to the next one not yet answered."""
    assessment = queries.assessment_for(request.user, pk, fill=True)
    if assessment.completed:
        return redirect("maturity:results", pk=assessment.pk)
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    if dimension not in questionnaire.dimension_ids:
        raise Http404
    form = DimensionForm(
        request.POST if request.method == "POST" else None,
        questionnaire=questionnaire,
        dimension=dimension,
        stored=assessment.answers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_dimension(
                actor=request.user,
                assessment=assessment,
                dimension=dimension,
                answers=form.raw_answers(),
            )
        except ValidationFailed as error:
            form.add_service_errors(error)
        else:
            return _next_step(saved)
    language = get_language()
    steps = [
        {
            "id": d.id,
            "label": localise(d.label, language),
            "done": d.id in assessment.steps_done,
            "current": d.id == dimension,
        }
        for d in questionnaire.dimensions
    ]
    return render(
        request,
        "maturity/step.html",
        {
            "assessment": assessment,
            "form": form,
            "steps": steps,
            "dimension_label": localise(questionnaire.dimension(dimension).label, language),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The last step: what is answered, and the button that scores and closes the assessment."""
    assessment = queries.assessment_for(request.user, pk, fill=True)
    if assessment.completed:
        return redirect("maturity:results", pk=assessment.pk)
    questionnaire = load_questionnaire(assessment.questionnaire_version)
    error = ""
    if request.method == "POST":
        try:
            done = services.complete_assessment(actor=request.user, assessment=assessment)
        except ValidationFailed as failed:
            error = failed.text
        else:
            messages.success(request, _("The assessment is complete."))
            return redirect("maturity:results", pk=done.pk)
    language = get_language()
    missing = [
        localise(d.label, language)
        for d in questionnaire.dimensions
        if d.id not in assessment.steps_done
    ]
    steps = [
        {"id": d.id, "label": localise(d.label, language), "done": d.id in assessment.steps_done}
        for d in questionnaire.dimensions
    ]
    return render(
        request,
        "maturity/review.html",
        {"assessment": assessment, "steps": steps, "missing": missing, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = queries.assessment_for(request.user, pk, fill=True)
    slug = assessment.organisation.slug
    try:
        services.discard_assessment(actor=request.user, assessment=assessment)
    except ValidationFailed as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The assessment in progress was deleted."))
    return redirect("maturity:organisation", slug=slug)


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = queries.assessment_for(request.user, pk)
    if not assessment.completed:
        return redirect("maturity:organisation", slug=assessment.organisation.slug)
    page = queries.results_page(request.user, pk)
    return render(request, "maturity/results.html", {"page": page})


@login_required
@require_GET
def results_download(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.results_page(request.user, pk)
    name = slugify(page.assessment.organisation.display_name) or "assessment"
    response = HttpResponse(results_pdf(page), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="maturity-{name}-{page.assessment.time_point}.pdf"'
    )
    return response


@login_required
@require_POST
def end_follow(request: HttpRequest, pk: int) -> HttpResponse:
    follow = get_object_or_404(AdvisorFollow.objects.select_related("hub", "organisation"), pk=pk)
    if not permissions.can_end_follow(request.user, follow):
        raise PermissionDenied(permissions.END_FOLLOW_REFUSED)
    services.end_follow(actor=request.user, follow=follow)
    messages.success(request, _("The follow has ended."))
    return redirect("maturity:home")
