"""The report as JSON: the contract of ``maillage kpi_report --output FILE.json`` and of
``GET /api/v1/impact/kpis``.

``{"organiser", "from", "to", "method": {"min_respondents", "dominance": {"n", "k"}}, "kpis":
[{"code", "label", "value", "n", "asked", "response_rate", "interval", "suppressed"}]}``, with
``value`` (and ``interval``) null exactly when ``suppressed`` is true. One key is added to the
contract: ``synthetic`` (true when simulated answers are counted).
"""

from typing import Any

from maillage.impact.figures import Figure, Report, Unit

_DIGITS = {Unit.COUNT: 0, Unit.SHARE: 4, Unit.EUR: 2, Unit.DAYS: 1, Unit.POINTS: 1}


def _number(value: float, unit: Unit) -> int | float:
    digits = _DIGITS[unit]
    return round(value) if digits == 0 else round(value, digits)


def kpi_json(figure: Figure) -> dict[str, Any]:
    return {
        "code": figure.code,
        "label": figure.label,
        "value": None if figure.value is None else _number(figure.value, figure.unit),
        "n": figure.n,
        "asked": figure.asked,
        "response_rate": round(figure.response_rate, 4),
        "interval": None
        if figure.interval is None
        else [_number(bound, figure.unit) for bound in figure.interval],
        "suppressed": figure.suppressed,
    }


def report_json(report: Report) -> dict[str, Any]:
    return {
        "organiser": report.organiser_slug,
        "from": report.start,
        "to": report.end,
        "method": {
            "min_respondents": report.min_respondents,
            "dominance": {"n": report.dominance_n, "k": report.dominance_k},
        },
        "kpis": [kpi_json(figure) for figure in report.kpis],
        "synthetic": report.synthetic,
    }
