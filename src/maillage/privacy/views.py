"""A person's own data: see it, download it, withdraw consents, change password, delete."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.audit.services import record_event
from maillage.ecosystem.models import Contact
from maillage.privacy.export import personal_data_of
from maillage.privacy.forms import DeleteAccountForm
from maillage.privacy.services import delete_account, withdraw_consent


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


@login_required
@require_http_methods(["GET", "HEAD"])
def my_data(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "privacy/my_data.html",
        {
            "contacts": Contact.objects.filter(user=user).select_related("organisation"),
            "delete_form": DeleteAccountForm(user=user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def export_json(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the person, as a JSON file to download."""
    user = _user(request)
    data = personal_data_of(user)
    record_event(actor=user, action="personal_data.exported", target=user, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="maillage-my-data.json"'
    return response


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=contact_id, user=_user(request))
    withdraw_consent(user=_user(request), contact=contact)
    messages.success(request, _("Your contact details are no longer shown to the public."))
    return redirect("privacy:my_data")


@login_required
@require_POST
def account_delete(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = DeleteAccountForm(request.POST, user=user)
    if not form.is_valid():
        return render(
            request,
            "privacy/my_data.html",
            {
                "contacts": Contact.objects.filter(user=user).select_related("organisation"),
                "delete_form": form,
            },
            status=400,
        )
    delete_account(user=user)
    logout(request)
    messages.success(request, _("Your account is deleted."))
    return redirect("home")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page (old password, new one twice, the validators), recorded in the audit."""

    form_class = PasswordChangeForm
    template_name = "privacy/password_change.html"
    success_url = "/accounts/me/data/"

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        record_event(
            actor=form.user, action="password.changed", target=form.user, request=self.request
        )
        messages.success(self.request, _("Your password is changed."))
        return response
