"""The results page as a PDF (reportlab): the scores table, the radar, the peer comparisons."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.shapes import Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maillage.maturity.queries import ResultsPage
from maillage.maturity.radar import CENTRE, Radar


def _polygon(svg_points: str, colour: colors.Color, size: float) -> PolyLine | None:
    """An SVG ``points`` string as a closed reportlab line (y flipped: PDF's origin is below)."""
    if not svg_points:
        return None
    pairs = [tuple(float(v) for v in pair.split(",")) for pair in svg_points.split()]
    flat = [value for x, y in [*pairs, pairs[0]] for value in (x, size - y)]
    return PolyLine(flat, strokeColor=colour, strokeWidth=1.5)


def radar_drawing(radar: Radar, scale: float = 0.9) -> Drawing:
    size = radar.size
    drawing = Drawing(size * scale, size * scale)
    shapes = []
    for ring in radar.rings:
        shapes.append(_polygon(ring, colors.lightgrey, size))
    for x, y in radar.axes:
        shapes.append(Line(CENTRE, size - CENTRE, x, size - y, strokeColor=colors.lightgrey))
    shapes.append(_polygon(radar.peers, colors.HexColor("#999999"), size))
    shapes.append(_polygon(radar.previous, colors.HexColor("#d08000"), size))
    shapes.append(_polygon(radar.current, colors.HexColor("#1f5f9f"), size))
    for label in radar.labels:
        shapes.append(
            String(label.x, size - label.y, label.text, fontSize=8, textAnchor=label.anchor)
        )
    for shape in shapes:
        if shape is not None:
            drawing.add(shape)
    drawing.scale(scale, scale)
    return drawing


def _number(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def results_pdf(page: ResultsPage) -> bytes:
    sheet = getSampleStyleSheet()
    body = sheet["BodyText"]
    assessment = page.assessment
    title = _("Digital maturity of %(name)s, %(time_point)s") % {
        "name": assessment.organisation.display_name,
        "time_point": assessment.time_point,
    }
    story = [
        Paragraph(escape(title), sheet["Title"]),
        Paragraph(
            escape(
                _("Assessed on %(date)s. Overall score %(score)s / 100%(band)s. Rules: %(rules)s.")
                % {
                    "date": formats.date_format(assessment.assessed_on, "DATE_FORMAT")
                    if assessment.assessed_on
                    else "—",
                    "score": _number(page.score.overall),
                    "band": f" ({page.band_label})" if page.band_label else "",
                    "rules": page.score.rules_version,
                }
            ),
            body,
        ),
        Spacer(1, 0.3 * cm),
    ]
    rows = [
        [
            _("Dimension"),
            _("Score"),
            _("Previous"),
            pgettext("score change", "Change"),
            _("Peers' mean"),
        ]
    ]
    rows += [
        [
            Paragraph(escape(row.label), body),
            _number(row.score),
            _number(row.previous),
            _number(row.change, signed=True),
            _number(row.peer_mean),
        ]
        for row in page.rows
    ]
    table = Table(rows, colWidths=[7 * cm, 2 * cm, 2 * cm, 2 * cm, 2.5 * cm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [table, Spacer(1, 0.4 * cm), radar_drawing(page.radar), Spacer(1, 0.3 * cm)]
    for sentence in page.comparison_sentences:
        story.append(Paragraph(escape(sentence), body))
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Maillage").build(story)
    return buffer.getvalue()
