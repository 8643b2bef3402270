"""Filters of the impact pages: a figure's value as shown, its interval, its flag."""

from django import template
from django.utils.formats import number_format

from maillage.impact.figures import Figure, Unit
from maillage.impact.notes import flag as flag_of

register = template.Library()


@register.filter
def shown(figure: Figure) -> str:
    if figure.value is None:
        return flag_of(figure)
    if figure.unit == Unit.SHARE:
        return f"{number_format(figure.value * 100, 1)} %"
    if figure.unit == Unit.EUR:
        return f"{number_format(round(figure.value), 0, force_grouping=True)} €"
    return str(number_format(round(figure.value), 0, force_grouping=True))


@register.filter
def interval(figure: Figure) -> str:
    if figure.interval is None:
        return ""
    low, high = figure.interval
    if figure.unit == Unit.SHARE:
        return f"{number_format(low * 100, 1)}–{number_format(high * 100, 1)} %"
    return (
        f"{number_format(round(low), 0, force_grouping=True)}–"
        f"{number_format(round(high), 0, force_grouping=True)}"
    )


@register.filter
def flag(figure: Figure) -> str:
    return flag_of(figure)


@register.filter
def by_code(figures: list[Figure], code: str) -> Figure | None:
    return next((f for f in figures if f.code == code), None)


@register.filter
def get(mapping: dict[str, str], key: str | None) -> str:
    return mapping.get(key or "", "")
