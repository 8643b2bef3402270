"""Participants' badges (A6, one a page, with a QR code) and the check-in code they carry.

The code is the registration's number signed with the site's secret (``badge_code``): scanned
or typed at the desk (``services.eventday.check_in_by_code``), it names one participant of one
event and cannot be forged or guessed from another badge. It is not the calendar feed's token,
which stays private to the participant.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.core import signing
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import Flowable

from maillage.events.models import Event, Registration
from maillage.events.qr import QrCode

_SIGNER = signing.Signer(salt="maillage.events.badge")


def badge_code(registration: Registration) -> str:
    """The check-in code printed (and encoded) on the participant's badge."""
    return _SIGNER.sign(f"{registration.event_id}.{registration.pk}")


def read_badge_code(code: str) -> tuple[int, int] | None:
    """(event id, registration id) of a genuine badge code; ``None`` for anything else."""
    try:
        event_id, registration_id = _SIGNER.unsign(code.strip()).split(".")
        return int(event_id), int(registration_id)
    except (signing.BadSignature, ValueError):
        return None


def badges_pdf(event: Event, registrations: list[Registration]) -> bytes:
    """One A6 badge a page: the event, the participant's name and organisation, the QR code of
    their check-in code and the code itself (to type when no scanner reads it)."""
    sheet = getSampleStyleSheet()
    event_style = ParagraphStyle("event", parent=sheet["BodyText"], fontSize=9, alignment=1)
    name_style = ParagraphStyle(
        "name", parent=sheet["Title"], fontSize=20, leading=24, spaceAfter=2 * mm
    )
    organisation_style = ParagraphStyle(
        "organisation", parent=sheet["Heading3"], alignment=1, spaceBefore=0
    )
    code_style = ParagraphStyle("code", parent=sheet["BodyText"], fontSize=6, alignment=1)
    story: list[Flowable] = []
    for registration in registrations:
        code = badge_code(registration)
        if story:
            story.append(PageBreak())
        story += [
            Paragraph(escape(event.name), event_style),
            Spacer(1, 6 * mm),
            Paragraph(escape(registration.user.display_name), name_style),
            Paragraph(escape(registration.organisation.display_name), organisation_style),
            Spacer(1, 4 * mm),
            QrCode(code, 40 * mm),
            Paragraph(escape(code), code_style),
        ]
    if not story:
        story.append(Paragraph(escape(_("No confirmed participant yet.")), event_style))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A6,
        title=_("Badges of %(event)s") % {"event": event.name},
        author="Maillage",
        leftMargin=8 * mm,
        rightMargin=8 * mm,
        topMargin=8 * mm,
        bottomMargin=8 * mm,
    ).build(story)
    return buffer.getvalue()
