from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from maillage.accounts.models import User


class EmailBackend(ModelBackend):
    """Authenticates on the e-mail address, case-insensitively."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = kwargs.get("email") or username
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            # Same cost as a real check, so timing does not reveal which e-mails exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
