"""The report as a workbook (openpyxl): a summary sheet, one sheet per table, the European hub
indicators and the method. Values are numbers with a number format, never text; a figure that
is not shown holds ":c" (confidential) or ":" (no data), as Eurostat's tables do."""

from collections.abc import Iterable
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from maillage.impact.figures import Figure, Report, Table, Unit
from maillage.impact.notes import LEVEL, flag, method_notes, reason_text

FORMATS = {
    Unit.COUNT: "#,##0",
    Unit.SHARE: "0.0%",
    Unit.EUR: "#,##0",
    Unit.DAYS: "0",
    Unit.POINTS: "0.0",
}
BOLD = Font(bold=True)


def _put(sheet: Worksheet, row: int, column: int, figure: Figure) -> None:
    cell = sheet.cell(row=row, column=column)
    if figure.value is None:
        cell.value = flag(figure)
    else:
        cell.value = figure.value
        cell.number_format = FORMATS[figure.unit]


def _header(sheet: Worksheet, titles: Iterable[str]) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _summary(sheet: Worksheet, report: Report, figures: list[Figure]) -> None:
    _header(
        sheet,
        [
            _("Code"),
            _("Indicator"),
            _("Value"),
            "N",
            _("Asked"),
            _("Response rate"),
            _("%(level)s interval, low") % {"level": LEVEL},
            _("%(level)s interval, high") % {"level": LEVEL},
            _("Note"),
        ],
    )
    for figure in figures:
        row = sheet.max_row + 1
        sheet.cell(row=row, column=1, value=figure.code)
        sheet.cell(row=row, column=2, value=figure.label)
        _put(sheet, row, 3, figure)
        sheet.cell(row=row, column=4, value=figure.n)
        sheet.cell(row=row, column=5, value=figure.asked)
        rate = sheet.cell(row=row, column=6, value=figure.response_rate)
        rate.number_format = FORMATS[Unit.SHARE]
        if figure.interval is not None:
            for offset, bound in enumerate(figure.interval):
                cell = sheet.cell(row=row, column=7 + offset, value=bound)
                cell.number_format = FORMATS[figure.unit]
        sheet.cell(row=row, column=9, value=reason_text(figure.reason, report))
    sheet.column_dimensions["B"].width = 60


def _table(sheet: Worksheet, report: Report, table: Table) -> None:
    respondents = table.key.startswith("by_")
    extra = [_("N (ratings)"), _("Asked (ratings)"), _("N (follow-up)"), _("Asked (follow-up)")]
    _header(sheet, [table.row_header, *table.columns, *(extra if respondents else [])])
    for row in table.rows:
        index = sheet.max_row + 1
        sheet.cell(row=index, column=1, value=row.label).font = BOLD if row.total else Font()
        for column, figure in enumerate(row.figures, start=2):
            _put(sheet, index, column, figure)
        if respondents:
            held, agreements = row.figures[1], row.figures[3]
            for offset, value in enumerate((held.n, held.asked, agreements.n, agreements.asked)):
                sheet.cell(row=index, column=2 + len(row.figures) + offset, value=value)
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    sheet.column_dimensions["A"].width = 50


_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _sheet(book: Workbook, title: str) -> Worksheet:
    """A new sheet named ``title`` as far as Excel allows (31 characters, no ``[]:*?/\\``,
    unique)."""
    base = title.translate(_FORBIDDEN).strip()[:31]
    name, number = base, 2
    while name in book.sheetnames:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    return book.create_sheet(name)


def report_xlsx(report: Report) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    summary = _sheet(book, _("Summary"))
    _summary(summary, report, report.headline)
    for table in report.tables:
        _table(_sheet(book, table.title), report, table)
    hub = _sheet(book, _("Hub indicators"))
    _summary(hub, report, report.hub)
    for table in report.hub_tables:
        _table(_sheet(book, table.title), report, table)
    method = _sheet(book, _("Method"))
    for note in method_notes(report):
        method.append([note])
    method.column_dimensions["A"].width = 120
    for reference in report.references:
        method.append([_("Reference figure"), reference.label, reference.amount, reference.source])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
