from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from maillage.accounts import throttling
from maillage.accounts.models import User

#: The error code a throttled form carries, so its view can answer 429.
THROTTLED = "throttled"


class ThrottledLoginMixin:
    """Counts wrong passwords per account and per client address, and refuses every attempt,
    even with the right password, once either has used up its allowance."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        email = str(self.cleaned_data.get("username") or "")
        address = throttling.client_address(self.request) if self.request else ""
        try:
            throttling.check(throttling.LOGIN_ACCOUNT, email)
            throttling.check(throttling.LOGIN_ADDRESS, address)
        except throttling.ThrottledError as error:
            raise forms.ValidationError(
                throttling.too_many_attempts_message(error),
                code=THROTTLED,
                params={"retry_after": error.retry_after},
            ) from None
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            throttling.hit(throttling.LOGIN_ACCOUNT, email)
            throttling.hit(throttling.LOGIN_ADDRESS, address)
            raise
        throttling.clear(throttling.LOGIN_ACCOUNT, email)
        return cleaned


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """Django's login form, labelled for e-mail addresses, with the throttle."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin site's login form, under the same throttle as the public one."""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Asks for a reset link at most a few times per e-mail address and per client address
    (each one sends mail); the answer never says whether the address has an account."""

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = str(cleaned.get("email") or "")
        address = throttling.client_address(self.request) if self.request else ""
        try:
            throttling.check(throttling.PASSWORD_RESET_ACCOUNT, email)
            throttling.check(throttling.PASSWORD_RESET_ADDRESS, address)
        except throttling.ThrottledError as error:
            raise forms.ValidationError(
                throttling.too_many_attempts_message(error),
                code=THROTTLED,
                params={"retry_after": error.retry_after},
            ) from None
        throttling.hit(throttling.PASSWORD_RESET_ACCOUNT, email)
        throttling.hit(throttling.PASSWORD_RESET_ADDRESS, address)
        return cleaned


def throttled_retry_after(form: forms.Form) -> int | None:
    """Seconds to wait when ``form`` was refused by the throttle, else None."""
    for error in form.non_field_errors().as_data():
        if error.code == THROTTLED:
            return int((error.params or {}).get("retry_after", 60))
    return None


class SignUpForm(forms.Form):
    """A new account: name, e-mail address and a password checked by the password rules."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password and cleaned.get("password_again") != password:
            self.add_error("password_again", _("The two passwords differ; type the same twice."))
        elif password:
            candidate = User(
                email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or ""
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
