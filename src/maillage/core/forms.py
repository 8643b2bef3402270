"""What every app's forms share."""

from django import forms

from maillage.core.errors import NON_FIELD, ValidationFailed


def add_service_errors(form: forms.Form, error: ValidationFailed) -> None:
    """Show a service's refusal on ``form``: each message next to the field it names, the rest
    on top; a field the form already marked keeps its own, more precise message."""
    for name, messages in error.errors.items():
        field = name if name != NON_FIELD and name in form.fields else None
        if field is not None and field in form.errors:
            continue
        for message in messages:
            form.add_error(field, message)
