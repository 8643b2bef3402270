"""The PDF's bar charts: a drawing never breaks across pages, so long breakdowns are split."""

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate

from maillage.impact.charts import ROWS_PER_DRAWING, bar_charts
from maillage.impact.figures import Figure, Unit, shown


def _share(index: int) -> tuple[str, Figure]:
    value = (index % 10) / 10
    figure = shown(
        code="share",
        label="Share",
        unit=Unit.SHARE,
        value=value,
        n=20,
        asked=30,
        interval=(max(0.0, value - 0.1), min(1.0, value + 0.1)),
    )
    return f"Edition {index}", figure


def test_two_hundred_events_fit_on_pages_one_scale_for_all() -> None:
    items = [_share(index) for index in range(200)]

    drawings = bar_charts("By event", items)

    assert [len(d.contents) > 0 for d in drawings] == [True] * 5
    assert ROWS_PER_DRAWING == 40
    # The body of an A4 page with the report's margins holds each drawing...
    frame_height = A4[1] - 1.5 * cm - 1.8 * cm
    assert max(d.height for d in drawings) < frame_height
    # ...and the whole story lays out (reportlab raises LayoutError otherwise).
    SimpleDocTemplate("/dev/null", pagesize=A4, topMargin=1.5 * cm, bottomMargin=1.8 * cm).build(
        list(drawings)
    )


def test_a_few_rows_make_one_drawing() -> None:
    assert len(bar_charts("Kinds", [_share(1), _share(2)])) == 1
