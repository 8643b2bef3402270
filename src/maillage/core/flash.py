"""Refusals shown as messages on the next page, for views that redirect instead of re-rendering
a form."""

from django.contrib import messages
from django.http import HttpRequest

from maillage.core.errors import ValidationFailed


def flash_errors(request: HttpRequest, error: ValidationFailed) -> None:
    for message in error.messages:
        messages.error(request, message)
