"""Exceptions shared by services and their callers (HTML views, the API, commands).

Services raise these; each front end renders them its own way: a form shows the messages next to
its fields, the API answers ``application/problem+json``, a command prints them and exits with 2.
"""

from collections.abc import Iterable, Mapping

#: Key for errors that belong to no single field (as in Django forms).
NON_FIELD = "__all__"


class ValidationFailed(Exception):  # noqa: N818  (reads as a sentence: "raise ValidationFailed")
    """The input was refused; nothing was written.

    ``errors`` maps each field name (or ``NON_FIELD``) to the list of messages for the user.
    """

    def __init__(self, errors: Mapping[str, str | Iterable[str]]) -> None:
        self.errors: dict[str, list[str]] = {
            field: [messages] if isinstance(messages, str) else [str(m) for m in messages]
            for field, messages in errors.items()
        }
        super().__init__(self.errors)

    def __str__(self) -> str:
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in self.errors.items())

    @property
    def messages(self) -> list[str]:
        """Every message, field by field: what a page shows when it has no form to attach
        them to."""
        return [message for field_messages in self.errors.values() for message in field_messages]

    @property
    def text(self) -> str:
        """The messages as one sentence."""
        return " ".join(self.messages)


class DuplicateFound(ValidationFailed):
    """The input names something that already exists (e.g. a known enterprise number).

    ``existing`` is the record found, so callers can point the user at it.
    """

    def __init__(self, errors: Mapping[str, str | Iterable[str]], *, existing: object) -> None:
        super().__init__(errors)
        self.existing = existing
