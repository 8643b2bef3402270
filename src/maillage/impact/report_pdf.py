"""The report as a PDF (reportlab): the measured outcomes beside earlier estimates, the
indicators with their evidence, charts, the breakdown tables, the European hub indicators, and
the notes on method and confidentiality."""

from collections.abc import Callable
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.flowables import Flowable

from maillage.core.progress import Progress, no_progress
from maillage.impact.charts import bar_charts
from maillage.impact.figures import Figure, Report, Table, Unit
from maillage.impact.notes import (
    LEVEL,
    comparison,
    day_text,
    interval_text,
    method_notes,
    value_text,
)

LEVELS = {"level": LEVEL}
_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
)


class _Styles:
    def __init__(self) -> None:
        sheet = getSampleStyleSheet()
        self.title = sheet["Title"]
        self.heading = sheet["Heading2"]
        self.body = sheet["BodyText"]
        self.cell = ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=7.5, leading=9)
        self.warning = ParagraphStyle(
            "warning", parent=sheet["BodyText"], textColor=colors.HexColor("#8a1c1c")
        )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _grid(rows: list[list[object]], widths: list[float]) -> PdfTable:
    table = PdfTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_GRID)
    return table


def _figures_table(figures: list[Figure], s: _Styles) -> PdfTable:
    rows: list[list[object]] = [
        [
            _p(h, s.cell)
            for h in (
                _("Indicator"),
                _("Value"),
                _("%(level)s interval") % LEVELS,
                "N",
                _("Asked"),
                _("Response"),
            )
        ]
    ]
    for f in figures:
        rows.append(
            [
                _p(f.label, s.cell),
                value_text(f),
                interval_text(f),
                f.n,
                f.asked,
                f"{f.response_rate * 100:.0f} %",
            ]
        )
    return _grid(rows, [7.5 * cm, 2.6 * cm, 3.0 * cm, 1.2 * cm, 1.3 * cm, 1.6 * cm])


def _breakdown(table: Table, s: _Styles) -> list[Flowable]:
    first = 17.2 * cm - 2.2 * cm * len(table.columns)
    rows: list[list[object]] = [
        [_p(table.row_header, s.cell), *(_p(c, s.cell) for c in table.columns)]
    ]
    for row in table.rows:
        label = f"<b>{escape(row.label)}</b>" if row.total else escape(row.label)
        rows.append([Paragraph(label, s.cell), *(value_text(f) for f in row.figures)])
    flowables: list[Flowable] = [
        _p(table.title, s.heading),
        _grid(rows, [max(first, 4 * cm), *([2.2 * cm] * len(table.columns))]),
    ]
    if table.note:
        flowables.append(_p(table.note, s.cell))
    return flowables


def _footer(report: Report) -> Callable[[Canvas, object], None]:
    text = _("Maillage impact report — %(org)s, %(start)s to %(end)s") % {
        "org": report.organiser_name,
        "start": day_text(report.start),
        "end": day_text(report.end),
    }
    if report.synthetic:
        text += " — " + _("SYNTHETIC DATA")

    def draw(canvas: Canvas, document: object) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(1.5 * cm, 1 * cm, text)
        canvas.drawRightString(A4[0] - 1.5 * cm, 1 * cm, str(canvas.getPageNumber()))
        canvas.restoreState()

    return draw


def report_pdf(report: Report, *, progress: Progress = no_progress) -> bytes:
    s = _Styles()
    by_code = {f.code: f for f in report.headline}
    story: list[Flowable] = [
        _p(_("Impact of the events of %(org)s") % {"org": report.organiser_name}, s.title),
        _p(
            ngettext(
                "From %(start)s to %(end)s — %(events)d event — made on %(day)s",
                "From %(start)s to %(end)s — %(events)d events — made on %(day)s",
                report.events,
            )
            % {
                "start": day_text(report.start),
                "end": day_text(report.end),
                "events": report.events,
                "day": day_text(timezone.localdate()),
            },
            s.body,
        ),
    ]
    if report.synthetic:
        story.append(_p(method_notes(report)[0], s.warning))
    story += [Spacer(1, 0.3 * cm), _p(_("Measured outcomes and earlier estimates"), s.heading)]
    rows: list[list[object]] = [
        [_p(h, s.cell) for h in (_("Figure"), _("Amount"), _("How it was obtained"))],
        *(
            [_p(label, s.cell), amount, _p(how, s.cell)]
            for label, amount, how in comparison(report)
        ),
    ]
    story += [_grid(rows, [6 * cm, 3 * cm, 8.2 * cm]), Spacer(1, 0.3 * cm)]
    progress(0.2, _("Indicators"))
    story += [_p(_("Indicators"), s.heading), _figures_table(report.headline, s)]
    shares = [(f.label, f) for f in report.headline if f.unit == Unit.SHARE]
    kinds = [(f.label, f) for f in report.headline if f.code.startswith("agreements_")]
    story += [
        Spacer(1, 0.4 * cm),
        KeepTogether(
            bar_charts(_("Shares, with their %(level)s intervals") % {"level": LEVEL}, shares)
        ),
        Spacer(1, 0.3 * cm),
        KeepTogether(bar_charts(_("Agreements reached by kind"), kinds)),
    ]
    progress(0.4, _("Tables"))
    for table in report.tables:
        story += _breakdown(table, s)
        if table.key == "by_event":
            column = table.columns.index(by_code["cooperation_possible_share"].label)
            story += bar_charts(
                _('Share of held meetings rated "cooperation possible", by event'),
                [(row.label, row.figures[column]) for row in table.rows if not row.total],
            )
    progress(0.7, _("Hub indicators"))
    story += [
        _p(_("European Digital Innovation Hub indicators"), s.heading),
        _figures_table(report.hub, s),
    ]
    for table in report.hub_tables:
        story += _breakdown(table, s)
    story += [_p(_("Method and confidentiality"), s.heading)]
    story += [_p(note, s.body) for note in method_notes(report)]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Impact report"),
        author="Maillage",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.8 * cm,
    )
    footer = _footer(report)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    progress(1.0, _("Done"))
    return buffer.getvalue()
