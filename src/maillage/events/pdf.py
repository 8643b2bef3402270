"""Printable PDFs, drawn with reportlab: of a published schedule, a participant's agenda and the
organisers' table plan (slots down, tables across); and the pitch sessions for the printed
programme."""

from io import BytesIO
from itertools import batched
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from maillage.events.agenda import AgendaItem, PlannedMeeting
from maillage.events.models import Event, PitchSession, Registration, ScheduleRun

#: Tables per band of the plan: beyond this the columns get too narrow to read on A4 landscape.
PLAN_TABLES_PER_BAND = 6
PLAN_FONT = "Helvetica"
PLAN_FONT_SIZE = 7

_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=8, leading=10)
    return sheet["Title"], sheet["BodyText"], cell


def _text(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(value), style)


def _render(story: list[Flowable], *, title: str, wide: bool = False) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        title=title,
        author="Maillage",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
    )
    document.build(story)
    return buffer.getvalue()


def _when(item: AgendaItem | PlannedMeeting) -> str:
    starts = item.starts if isinstance(item, AgendaItem) else item.slot.starts
    return f"{formats.date_format(starts, 'SHORT_DATE_FORMAT')} {starts:%H:%M}"


def agenda_pdf(registration: Registration, items: list[AgendaItem]) -> bytes:
    """The participant's agenda: one row per meeting with its time, table and partner."""
    title_style, body, cell = _styles()
    event = registration.event
    title = _("B2B agenda of %(org)s") % {"org": registration.organisation.display_name}
    story: list[Flowable] = [
        _text(title, title_style),
        _text(event.name, body),
        Spacer(1, 0.4 * cm),
    ]
    if not items:
        story.append(_text(_("No meetings are scheduled for you."), body))
        return _render(story, title=title)
    rows = [[_text(h, cell) for h in (_("Time"), _("Table"), _("Partner"), _("Contact"))]]
    rows += [
        [
            _text(f"{_when(item)}–{item.ends:%H:%M}", cell),
            _text(str(item.table), cell),
            _text(item.partner, cell),
            _text(item.partner_person, cell),
        ]
        for item in items
    ]
    table = Table(rows, colWidths=[4.2 * cm, 1.6 * cm, 6.5 * cm, 5.2 * cm], repeatRows=1)
    table.setStyle(_GRID)
    story.append(table)
    return _render(story, title=title)


def _fit(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` points in the plan's font."""
    if stringWidth(text, PLAN_FONT, PLAN_FONT_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", PLAN_FONT, PLAN_FONT_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def table_plan_pdf(run: ScheduleRun, meetings: list[PlannedMeeting], table_count: int) -> bytes:
    """The organisers' plan: for each slot (rows) and table (columns), who meets whom. Wide
    events are cut into bands of ``PLAN_TABLES_PER_BAND`` tables, one after the other.

    Cells are plain two-line strings, names cut to the column: a paragraph per cell took
    seconds for a full 30-table event (``benchmarks/schedule_documents.py``)."""
    title_style, body, _cell = _styles()
    title = _("Table plan of %(event)s") % {"event": run.event.name}
    story: list[Flowable] = [_text(title, title_style)]
    by_slot: dict[int, dict[int, PlannedMeeting]] = {}
    slot_of: dict[int, PlannedMeeting] = {}
    for planned in meetings:
        by_slot.setdefault(planned.meeting.slot, {})[planned.meeting.table] = planned
        slot_of.setdefault(planned.meeting.slot, planned)
    if not meetings:
        story.append(_text(_("This schedule has no meetings."), body))
        return _render(story, title=title, wide=True)
    slots = sorted(by_slot)
    for band in batched(range(1, table_count + 1), PLAN_TABLES_PER_BAND):
        width = (landscape(A4)[0] - 3 * cm - 3 * cm) / len(band)
        header = [_("Slot")] + [_("Table %(table)d") % {"table": t} for t in band]
        rows: list[list[str]] = [header]
        for slot in slots:
            row = [_when(slot_of[slot])]
            for t in band:
                found = by_slot[slot].get(t)
                row.append(
                    f"{_fit(found.first, width - 6)}\n{_fit('– ' + found.second, width - 6)}"
                    if found
                    else ""
                )
            rows.append(row)
        table = Table(rows, colWidths=[3 * cm] + [width] * len(band), repeatRows=1)
        table.setStyle(_GRID)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PLAN_FONT, PLAN_FONT_SIZE),
                    ("LEADING", (0, 0), (-1, -1), PLAN_FONT_SIZE + 2),
                ]
            )
        )
        story += [Spacer(1, 0.4 * cm), table]
    return _render(story, title=title, wide=True)


def pitches_pdf(event: Event, sessions: list[PitchSession]) -> bytes:
    """The pitch sessions for the printed programme: per session, its pitches in running order
    with the team, organisation, demo stand, abstract and slides link."""
    title_style, body, cell = _styles()
    heading = getSampleStyleSheet()["Heading2"]
    title = _("Pitches of %(event)s") % {"event": event.name}
    story: list[Flowable] = [_text(title, title_style)]
    if not any(session.pitches.all() for session in sessions):
        story.append(_text(_("No pitches are announced yet."), body))
        return _render(story, title=title)
    for session in sessions:
        pitches = list(session.pitches.all())
        if not pitches:
            continue
        when = (
            formats.date_format(session.starts_at, "SHORT_DATETIME_FORMAT")
            if session.starts_at
            else ""
        )
        story += [
            _text(session.title, heading),
            _text(" · ".join(part for part in (when, session.room) if part), body),
        ]
        header = (_("Order"), _("Pitch"), _("Team"), _("Stand"))
        rows = [[_text(h, cell) for h in header]]
        for pitch in pitches:
            team = pitch.team
            if pitch.organisation is not None:
                team = f"{team} ({pitch.organisation.display_name})"
            details = [f"<b>{escape(pitch.title)}</b>"]
            if pitch.abstract:
                details.append(escape(pitch.abstract))
            if pitch.slides_url:
                details.append(escape(_("Slides: %(url)s") % {"url": pitch.slides_url}))
            rows.append(
                [
                    _text(str(pitch.position), cell),
                    Paragraph("<br/>".join(details), cell),
                    _text(team, cell),
                    _text(pitch.stand, cell),
                ]
            )
        table = Table(rows, colWidths=[1.4 * cm, 8.8 * cm, 5.6 * cm, 1.8 * cm], repeatRows=1)
        table.setStyle(_GRID)
        story += [Spacer(1, 0.2 * cm), table, Spacer(1, 0.4 * cm)]
    return _render(story, title=title)
