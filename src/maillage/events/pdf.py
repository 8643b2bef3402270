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
from maillage.events.qr import QrCode

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


#: Tables per row of the participant's table plan.
AGENDA_PLAN_COLUMNS = 8


def _agenda_heading(event: Event, registration: Registration) -> list[Flowable]:
    """The event's name, venue and dates, and whose agenda this is."""
    title_style, body, _cell = _styles()
    heading = getSampleStyleSheet()["Heading2"]
    dates = [formats.date_format(d, "DATE_FORMAT") for d in (event.start_date, event.end_date) if d]
    where = " · ".join(part for part in (event.venue, " – ".join(dict.fromkeys(dates))) if part)
    title = _("B2B agenda of %(org)s") % {"org": registration.organisation.display_name}
    story: list[Flowable] = [_text(title, title_style), _text(event.name, heading)]
    if where:
        story.append(_text(where, body))
    return [*story, Spacer(1, 0.3 * cm)]


def _table_plan(items: list[AgendaItem], table_count: int) -> Table:
    """The B2B area's tables in number order, the participant's shaded with their times."""
    mine: dict[int, list[str]] = {}
    for item in items:
        mine.setdefault(item.table, []).append(f"{item.starts:%H:%M}")
    _title, _body, cell = _styles()
    numbers = range(1, max(table_count, *mine.keys()) + 1)
    rows = [
        [
            Paragraph(
                f"<b>{number}</b><br/>{escape(' '.join(mine[number]))}"
                if number in mine
                else str(number),
                cell,
            )
            for number in band
        ]
        for band in batched(numbers, AGENDA_PLAN_COLUMNS)
    ]
    rows[-1] += [""] * (AGENDA_PLAN_COLUMNS - len(rows[-1]))
    plan = Table(rows, colWidths=[2.1 * cm] * AGENDA_PLAN_COLUMNS)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
    for index, number in enumerate(numbers):
        if number in mine:
            row, column = divmod(index, AGENDA_PLAN_COLUMNS)
            style.append(("BACKGROUND", (column, row), (column, row), colors.HexColor("#cfe0f3")))
    plan.setStyle(TableStyle(style))
    return plan


def agenda_pdf(
    registration: Registration, items: list[AgendaItem], *, table_count: int = 0, feed_url: str = ""
) -> bytes:
    """The participant's agenda to print: the event's name, venue and dates; one row per meeting
    with its time, table, the partner's organisation and contact; the plan of the tables with
    theirs marked; and, with ``feed_url``, a QR code of their calendar feed."""
    _title, body, cell = _styles()
    heading = getSampleStyleSheet()["Heading3"]
    event = registration.event
    story = _agenda_heading(event, registration)
    title = _("B2B agenda of %(org)s") % {"org": registration.organisation.display_name}
    if not items:
        story.append(_text(_("No meetings are scheduled for you."), body))
    else:
        header = (_("Time"), _("Table"), _("Partner"), _("Contact"))
        rows = [[_text(h, cell) for h in header]]
        rows += [
            [
                _text(f"{_when(item)}–{item.ends:%H:%M}", cell),
                _text(str(item.table), cell),
                _text(item.partner, cell),
                Paragraph(
                    "<br/>".join(escape(p) for p in (item.partner_person, item.partner_email) if p),
                    cell,
                ),
            ]
            for item in items
        ]
        table = Table(rows, colWidths=[4.2 * cm, 1.4 * cm, 5.8 * cm, 6.1 * cm], repeatRows=1)
        table.setStyle(_GRID)
        story += [
            table,
            Spacer(1, 0.4 * cm),
            _text(_("Table plan"), heading),
            _table_plan(items, table_count),
        ]
    if feed_url:
        story += [
            Spacer(1, 0.5 * cm),
            _text(_("Your agenda in your calendar"), heading),
            _text(
                _("Scan the code, or subscribe to this address, to keep the agenda up to date:"),
                body,
            ),
            QrCode(feed_url, 3.5 * cm),
            _text(feed_url, cell),
        ]
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
