"""Pages of the requests to join an organisation (``claims``): ask, and answer."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import Affiliation, AffiliationClaim, User
from maillage.core.errors import ValidationFailed
from maillage.core.flash import flash_errors
from maillage.core.forms import add_service_errors
from maillage.ecosystem.claims import claim_organisation, claims_to_decide, decide_claim
from maillage.ecosystem.models import Organisation


class ClaimForm(forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("I am"),
        choices=[
            (Affiliation.Role.MEMBER, gettext_lazy("a member of its staff")),
            (Affiliation.Role.REPRESENTATIVE, gettext_lazy("its representative (I edit its page)")),
        ],
        widget=forms.RadioSelect,
        initial=Affiliation.Role.MEMBER,
    )
    message = forms.CharField(
        label=gettext_lazy("Message to whoever approves (your job, how they know you)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_organisation(user=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request to join %(name)s was sent to those who may approve it.")
                % {"name": organisation.display_name},
            )
            return redirect("ecosystem:claims")
    status = 400 if form.errors else 200
    return render(
        request,
        "ecosystem/claim_form.html",
        {"organisation": organisation, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def claim_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    own = (
        AffiliationClaim.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-created_at")
    )
    return render(
        request,
        "ecosystem/claims.html",
        {"to_decide": claims_to_decide(user), "own": own},
    )


@login_required
@require_POST
def claim_answer(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(
        AffiliationClaim.objects.select_related("user", "organisation"), pk=claim_id
    )
    approve = request.POST.get("answer") == "approve"
    try:
        decide_claim(actor=request.user, claim=claim, approve=approve)
    except ValidationFailed as error:
        flash_errors(request, error)
    else:
        template = (
            _("%(person)s joined %(organisation)s.")
            if approve
            else _("You declined %(person)s's request to join %(organisation)s.")
        )
        messages.success(
            request,
            template
            % {
                "person": claim.user.full_name or claim.user.email,
                "organisation": claim.organisation.display_name,
            },
        )
    return redirect("ecosystem:claims")
