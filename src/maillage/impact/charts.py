"""Charts for the PDF report, drawn with reportlab's graphics (vector, in the PDF itself).

Horizontal bars, one per row, with the 95 % interval as a whisker when there is one; a figure
that is not shown gets no bar but its flag (":c" or ":"), so a hidden value never looks like a
zero.
"""

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from maillage.impact.figures import Figure
from maillage.impact.notes import flag, value_text

BAR = colors.HexColor("#1f4e99")
WHISKER = colors.HexColor("#222222")
ROW_HEIGHT = 16
LABEL_WIDTH = 210
PLOT_WIDTH = 250
FONT = "Helvetica"


#: Rows of one drawing: a drawing cannot break across pages, and 40 rows fill most of an A4 page
#: (a body with ten years of events has hundreds of rows by event).
ROWS_PER_DRAWING = 40


def bar_charts(title: str, items: Sequence[tuple[str, Figure]]) -> list[Drawing]:
    """One bar per ``(label, figure)``, scaled to the largest value or interval bound, in as many
    drawings as the rows need (one scale for all, so bars compare across pages)."""
    top = max(
        [
            *(f.value for _label, f in items if f.value is not None),
            *(f.interval[1] for _label, f in items if f.interval is not None),
            0.0,
        ]
    )
    scale = PLOT_WIDTH / top if top > 0 else 0.0
    chunks = [items[i : i + ROWS_PER_DRAWING] for i in range(0, len(items), ROWS_PER_DRAWING)]
    return [_drawing(title, chunk, scale) for chunk in chunks or [items]]


def _drawing(title: str, items: Sequence[tuple[str, Figure]], scale: float) -> Drawing:
    height = ROW_HEIGHT * len(items) + 24
    drawing = Drawing(LABEL_WIDTH + PLOT_WIDTH + 70, height)
    drawing.add(String(0, height - 12, title, fontName=f"{FONT}-Bold", fontSize=9))
    for index, (label, figure) in enumerate(items):
        y = height - 24 - (index + 1) * ROW_HEIGHT + 4
        shortened = label if len(label) <= 42 else label[:41] + "…"
        drawing.add(
            String(LABEL_WIDTH - 6, y + 2, shortened, fontName=FONT, fontSize=7, textAnchor="end")
        )
        if figure.value is None:
            drawing.add(
                String(
                    LABEL_WIDTH + 2,
                    y + 2,
                    flag(figure),
                    fontName=f"{FONT}-Oblique",
                    fontSize=7,
                    fillColor=colors.grey,
                )
            )
            continue
        width = figure.value * scale
        drawing.add(Rect(LABEL_WIDTH, y, width, ROW_HEIGHT - 6, fillColor=BAR, strokeColor=None))
        end = width
        if figure.interval is not None:
            low, high = (bound * scale for bound in figure.interval)
            middle = y + (ROW_HEIGHT - 6) / 2
            drawing.add(
                Line(
                    LABEL_WIDTH + low,
                    middle,
                    LABEL_WIDTH + high,
                    middle,
                    strokeColor=WHISKER,
                    strokeWidth=0.8,
                )
            )
            for x in (low, high):
                drawing.add(
                    Line(
                        LABEL_WIDTH + x,
                        middle - 3,
                        LABEL_WIDTH + x,
                        middle + 3,
                        strokeColor=WHISKER,
                        strokeWidth=0.8,
                    )
                )
            end = max(end, high)
        drawing.add(
            String(
                LABEL_WIDTH + end + 4,
                y + 2,
                value_text(figure),
                fontName=FONT,
                fontSize=7,
            )
        )
    return drawing
