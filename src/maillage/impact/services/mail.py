"""The follow-up e-mails: the rating of the meetings, a follow-up wave, and their reminders.

Every e-mail carries a one-click unsubscribe link, in its text and in the ``List-Unsubscribe``
headers (RFC 2369 and RFC 8058) that mail programs turn into a button. It is written in the
participant's language when they chose one, else in the platform's default.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.links import absolute_url
from maillage.impact.links import rating_token, unsubscribe_token, wave_token
from maillage.impact.meetings import PartnerMeeting
from maillage.impact.models import Invitation


def rating_url(invitation: Invitation, request_id: int) -> str:
    return absolute_url(
        reverse("impact:rate", args=[request_id, rating_token(invitation, request_id)])
    )


def wave_url(invitation: Invitation) -> str:
    return absolute_url(reverse("impact:wave", args=[wave_token(invitation)]))


def unsubscribe_url(user_id: int) -> str:
    return absolute_url(reverse("impact:unsubscribe", args=[unsubscribe_token(user_id)]))


def _rating_body(invitation: Invitation, meetings: list[PartnerMeeting]) -> str:
    lines = [
        _(
            "Thank you for taking part in %(event)s. How did your meetings go? One click per "
            "meeting, a few seconds each; your answers stay private to %(org)s (the organisers "
            "see only totals over ten organisations or more)."
        )
        % {
            "event": invitation.wave.plan.event.name,
            "org": invitation.registration.organisation.display_name,
        },
        "",
    ]
    for meeting in meetings:
        when = (
            formats.date_format(timezone.localtime(meeting.starts), "H:i") if meeting.starts else ""
        )
        lines.append(f"- {meeting.partner.display_name} {when}".rstrip())
        lines.append(f"  {rating_url(invitation, meeting.request_id)}")
    return "\n".join(lines)


def _wave_body(invitation: Invitation) -> str:
    months = invitation.wave.months
    return ngettext(
        "%(months)s month ago you met other organisations at %(event)s. What came of it? "
        "Tell us about each meeting where cooperation seemed possible, and about any new "
        "partner you found there; amounts are optional and your answers stay private to "
        "%(org)s (the organisers see only totals over ten organisations or more):\n%(url)s",
        "%(months)s months ago you met other organisations at %(event)s. What came of it? "
        "Tell us about each meeting where cooperation seemed possible, and about any new "
        "partner you found there; amounts are optional and your answers stay private to "
        "%(org)s (the organisers see only totals over ten organisations or more):\n%(url)s",
        months,
    ) % {
        "months": months,
        "event": invitation.wave.plan.event.name,
        "org": invitation.registration.organisation.display_name,
        "url": wave_url(invitation),
    }


def send_invitation(
    invitation: Invitation, meetings: list[PartnerMeeting], *, reminder: bool = False
) -> None:
    """E-mail the participant their links (``meetings`` for the rating; ignored otherwise)."""
    user = invitation.registration.user
    closes = timezone.localtime(invitation.wave.closes_at)
    stop_url = unsubscribe_url(user.pk)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        event = invitation.wave.plan.event.name
        if invitation.wave.is_rating:
            subject = _("How did your meetings at %(event)s go?") % {"event": event}
            body = _rating_body(invitation, meetings)
        else:
            subject = _("What came of your meetings at %(event)s?") % {"event": event}
            body = _wave_body(invitation)
        if reminder:
            subject = _("Reminder: %(subject)s") % {"subject": subject}
        footer = _(
            "The links work until %(closes)s without a password. Stop these e-mails in one "
            "click: %(stop)s"
        ) % {"closes": formats.date_format(closes, "DATE_FORMAT"), "stop": stop_url}
    message = EmailMessage(
        subject,
        f"{body}\n\n{footer}\n",
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
