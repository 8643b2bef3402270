"""Creating an account outside an event: the person signs up, confirms their address with the
link e-mailed to them, and is logged in.

The account stays inactive (it cannot log in) until the link is followed, so nobody can hold an
address that is not theirs. Whether an address already has an account is never said on the
page, since anyone can type one: its owner is told by e-mail instead.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.links import absolute_url


class ExistingAccountError(Exception):
    """The address already has an account. The caller must not say so on the page."""


class _ConfirmationTokens(PasswordResetTokenGenerator):
    """Signed, expiring links (``PASSWORD_RESET_TIMEOUT``) that work once: the hash covers the
    account's active flag, which confirming changes."""

    key_salt = "maillage.accounts.signup.confirmation"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{timestamp}{user.is_active}{user.email}"


confirmation_tokens = _ConfirmationTokens()


def create_account(*, email: str, full_name: str, password: str, active: bool = True) -> User:
    """An account for a new address; ``ExistingAccountError`` for a known one (any case)."""
    email = User.objects.normalize_email(email.strip())
    if User.objects.filter(email__iexact=email).exists():
        raise ExistingAccountError(email)
    return User.objects.create_user(
        email=email, password=password, full_name=full_name.strip(), is_active=active
    )


def sign_up(*, email: str, full_name: str, password: str, language: str = "") -> None:
    """Create an inactive account and e-mail its confirmation link. For a known address, its
    owner gets the link again if they never confirmed, or a notice that someone tried."""
    try:
        user = create_account(email=email, full_name=full_name, password=password, active=False)
    except ExistingAccountError:
        existing = User.objects.get(email__iexact=email.strip())
        if existing.deleted_at is not None:
            return
        if existing.is_active:
            _send_existing_account_notice(existing)
        elif existing.last_login is None:
            _send_confirmation(existing)
        return
    if language:
        user.language = language
        user.save(update_fields=["language"])
    _send_confirmation(user)


def confirm_email(*, uidb64: str, token: str) -> User | None:
    """Activate the account the link names; None when the link is wrong, used or expired."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, deleted_at__isnull=True).first()
    if user is None or user.is_active or not confirmation_tokens.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def _send_confirmation(user: User) -> None:
    link = absolute_url(
        reverse(
            "accounts:signup_confirm",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                confirmation_tokens.make_token(user),
            ],
        )
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Confirm your Maillage account")
        body = _(
            "Welcome to Maillage. To confirm your e-mail address and open your account, follow "
            "this link within three days:\n%(link)s\n\n"
            "If you did not sign up, ignore this message: the account stays closed."
        ) % {"link": link}
    EmailMessage(subject, body, to=[user.email]).send()


def _send_existing_account_notice(user: User) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Your Maillage account")
        body = _(
            "Someone asked to create a Maillage account for this e-mail address, which already "
            "has one. If it was you, log in: %(login)s\nForgotten password? %(reset)s\n"
            "If it was not you, ignore this message: nothing was changed."
        ) % {
            "login": absolute_url(reverse("accounts:login")),
            "reset": absolute_url(reverse("accounts:password_reset")),
        }
    EmailMessage(subject, body, to=[user.email]).send()
