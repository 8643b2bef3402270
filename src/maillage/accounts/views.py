"""Account pages beyond Django's own login and password-reset views."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.accounts.forms import (
    EmailAuthenticationForm,
    ThrottledPasswordResetForm,
    throttled_retry_after,
)
from maillage.accounts.models import Affiliation, User


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    """The user's affiliations, and the organisations they may edit (a piece of the directory's,
    ``ecosystem/templatetags/directory.py``)."""
    user = request.user
    assert isinstance(user, User)  # login_required
    affiliations = (
        Affiliation.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    return render(request, "accounts/me.html", {"affiliations": affiliations})


def _with_throttle_status(response: HttpResponse, form: Form) -> HttpResponse:
    """A form refused by the throttle answers 429 with ``Retry-After``, not 200."""
    retry_after = throttled_retry_after(form)
    if retry_after is not None:
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


class LoginView(auth_views.LoginView):
    """Django's login page, with the e-mail form and its throttle (429 when it refuses)."""

    authentication_form = EmailAuthenticationForm

    def form_invalid(self, form: Form) -> HttpResponse:
        throttled = throttled_retry_after(form) is not None
        response = self.render_to_response(self.get_context_data(form=form, throttled=throttled))
        return _with_throttle_status(response, form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page; the form sees the request to throttle by client address."""

    form_class = ThrottledPasswordResetForm
    success_url = "/accounts/password-reset/sent/"
    email_template_name = "registration/password_reset_email.txt"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: PasswordResetForm) -> HttpResponse:
        return _with_throttle_status(super().form_invalid(form), form)
