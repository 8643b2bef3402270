"""``maillage create_api_token EMAIL [--name N]``: issue a token and print it once."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from maillage.accounts.models import User
from maillage.api.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it cannot be shown again)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="e-mail address of the user the token acts as")
        parser.add_argument("--name", default="", help="what the token is for, e.g. 'CRM sync'")

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.", returncode=2)
        if not user.is_active:
            raise CommandError(f"The account {email} is inactive.", returncode=2)
        api_token, token = create_api_token(user=user, name=options["name"])
        self.stdout.write(token)
        self.stderr.write(
            f"Token {api_token.prefix} created for {user.email}. Keep it secret: it is shown only "
            "once. Send it as 'Authorization: Bearer <token>'."
        )
