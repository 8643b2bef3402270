"""What every app's forms share."""

from collections.abc import Mapping

from django import forms

from maillage.core.errors import NON_FIELD, ValidationFailed


def add_service_errors(
    form: forms.Form, error: ValidationFailed, *, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's refusal on ``form``: each message next to the field it names (through
    ``fields`` where the form calls a service field differently), the rest on top; a field the
    form already marked keeps its own, more precise message."""
    for name, messages in error.errors.items():
        field = (fields or {}).get(name, name)
        target = field if name != NON_FIELD and field in form.fields else None
        if target is not None and target in form.errors:
            continue
        for message in messages:
            form.add_error(target, message)
