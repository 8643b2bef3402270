"""Account pages beyond Django's own login and password-reset views."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.accounts.forms import (
    EmailAuthenticationForm,
    SignUpForm,
    ThrottledPasswordResetForm,
    throttled_retry_after,
)
from maillage.accounts.models import Affiliation, User
from maillage.accounts.signup import confirm_email, sign_up
from maillage.accounts.throttling import SIGNUP_ADDRESS, throttle_posts


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


@require_http_methods(["GET", "POST"])
@throttle_posts(SIGNUP_ADDRESS, anonymous_only=True)
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account; the same "check your mailbox" answer whether or not the address was
    known (``accounts.signup``)."""
    if request.user.is_authenticated:
        return redirect("accounts:me")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password"],
            language=translation.get_language() or "",
        )
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: opens the account and logs its owner in."""
    user = confirm_email(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/signup_invalid.html", status=400)
    login(request, user)
    messages.success(
        request,
        _("Your address is confirmed and your account is open. Join your organisation below."),
    )
    return redirect("accounts:me")
