"""The organisers' messages to an event's participants (all, or a filtered group), sent by
e-mail in the background (``tasks.send_announcement_emails``) like the other e-mails."""

from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.audit.services import record_event
from maillage.core.errors import ValidationFailed
from maillage.events.models import Event, Registration
from maillage.events.permissions import check_organiser
from maillage.events.services.notifications import announcement_recipients
from maillage.events.tasks import send_announcement_emails

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000
ATTENDANCE = ("", "checked_in", "awaited")


def send_announcement(
    *, actor: User, event: Event, subject: str, body: str, role: str = "", attendance: str = ""
) -> int:
    """Queue the message to the confirmed participants the filters select; returns how many
    it goes to. Refused, naming the field, for an empty or too long subject or text, an
    unknown filter, or a group with nobody in it."""
    check_organiser(actor, event, "message")
    subject, body = subject.strip(), body.strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Give the message a subject.")
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = _("The subject is %(n)d characters long; at most %(max)d.") % {
            "n": len(subject),
            "max": SUBJECT_MAX_LENGTH,
        }
    if not body:
        errors["body"] = _("Write the message.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("The message is %(n)d characters long; at most %(max)d.") % {
            "n": len(body),
            "max": BODY_MAX_LENGTH,
        }
    if role and role not in Registration.Role.values:
        errors["role"] = _("Unknown role.")
    if attendance not in ATTENDANCE:
        errors["attendance"] = _("Unknown attendance.")
    if errors:
        raise ValidationFailed(errors)
    count = announcement_recipients(event.pk, role=role, attendance=attendance).count()
    if not count:
        raise ValidationFailed({"role": _("No participant is in this group.")})
    record_event(
        actor=actor,
        action="event.message_sent",
        target=event,
        details={"subject": subject, "recipients": count, "role": role, "attendance": attendance},
    )
    send_announcement_emails.enqueue(event.pk, subject, body, role, attendance)
    return count
