"""Filters of the impact pages: a figure's value as shown, its interval, its flag."""

from django import template

from maillage.impact import notes
from maillage.impact.figures import Figure

register = template.Library()


@register.filter
def shown(figure: Figure) -> str:
    return notes.value_text(figure)


@register.filter
def interval(figure: Figure) -> str:
    return notes.interval_text(figure)


@register.filter
def flag(figure: Figure) -> str:
    return notes.flag(figure)


@register.filter
def by_code(figures: list[Figure], code: str) -> Figure | None:
    return next((f for f in figures if f.code == code), None)


@register.filter
def get(mapping: dict[str, str], key: str | None) -> str:
    return mapping.get(key or "", "")
