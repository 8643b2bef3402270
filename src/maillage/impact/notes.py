"""The words every report format uses for its method and for a figure it does not show."""

import datetime as dt

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.money import euros
from maillage.impact.figures import NO_DATA, Figure, Report, Unit
from maillage.impact.statistics.disclosure import Reason

#: The confidence level of every interval, as the documents write it.
LEVEL = "95 %"
#: What exports write in place of a value (Eurostat's flags): confidential, not available.
CONFIDENTIAL_FLAG = ":c"
EMPTY_FLAG = ":"


def day_text(day: str | dt.date) -> str:
    """A date of the report (ISO in ``Report``, for the JSON) as the active language writes it."""
    return date_format(dt.date.fromisoformat(day) if isinstance(day, str) else day, "DATE_FORMAT")


def flag(figure: Figure) -> str:
    return CONFIDENTIAL_FLAG if figure.confidential else EMPTY_FLAG


def _number(value: float, unit: Unit) -> str:
    if unit == Unit.SHARE:
        return str(number_format(value * 100, 1))
    if unit == Unit.POINTS:
        return str(number_format(value, 1))
    return str(number_format(round(value), 0, force_grouping=True))


def value_text(figure: Figure) -> str:
    """The figure as pages and documents show it (in the active language), or its flag."""
    if figure.value is None:
        return flag(figure)
    if figure.unit == Unit.EUR:
        return euros(figure.value)
    suffix = {Unit.SHARE: " %", Unit.POINTS: " pts"}.get(figure.unit, "")
    return _number(figure.value, figure.unit) + suffix


def interval_text(figure: Figure) -> str:
    if figure.interval is None:
        return ""
    low, high = (_number(bound, figure.unit) for bound in figure.interval)
    return f"{low}–{high}" + (" %" if figure.unit == Unit.SHARE else "")


def reason_text(reason: str | None, report: Report) -> str:
    texts = {
        Reason.THRESHOLD: _("confidential: fewer than %(n)d organisations answered")
        % {"n": report.min_respondents},
        Reason.DOMINANCE: _("confidential: %(n)d contributions make up most of the amount")
        % {"n": report.dominance_n},
        Reason.SECONDARY: _(
            "confidential: hidden so that another hidden figure cannot be "
            "recomputed from the totals"
        ),
        NO_DATA: _("no data"),
    }
    return texts.get(reason or "", "")


def method_notes(report: Report) -> list[str]:
    notes = [
        ngettext(
            "Period: the event of %(org)s whose meetings took place from %(start)s to %(end)s "
            "(%(events)d event); its outcomes are those the participants had reported when "
            "this report was made.",
            "Period: the events of %(org)s whose meetings took place from %(start)s to %(end)s "
            "(%(events)d events); their outcomes are those the participants had reported when "
            "this report was made.",
            report.events,
        )
        % {
            "org": report.organiser_name,
            "start": day_text(report.start),
            "end": day_text(report.end),
            "events": report.events,
        },
        _(
            'N is the number of organisations whose answers a figure uses; "asked" the number '
            "invited to answer; the response rate is N divided by asked. An organisation "
            "answering at several events counts once."
        ),
        _(
            "Confidentiality (%(flag)s): a figure computed from fewer than %(n)d organisations "
            "is not shown; nor is an amount whose %(top)d largest contributions exceed "
            "%(k)d %% of it (the dominance rule); further figures are hidden where a hidden one "
            "could otherwise be recomputed from totals, across every table of this report. A "
            'hidden figure is never shown as zero. "%(empty)s" marks a share of nothing.'
        )
        % {
            "flag": CONFIDENTIAL_FLAG,
            "n": report.min_respondents,
            "top": report.dominance_n,
            "k": round(report.dominance_k * 100),
            "empty": EMPTY_FLAG,
        },
        _(
            "Intervals (%(level)s): Wilson score intervals for shares; for medians, the "
            "distribution-free interval between two order statistics; for sums of amounts, a "
            "percentile bootstrap over the contributing organisations (2,000 resamples). They "
            "measure the uncertainty of who happened to answer, as if respondents were a random "
            "sample of those asked; they cannot correct a bias in who answers."
        )
        % {"level": LEVEL},
        _(
            "Amounts are what each organisation says an agreement brings it (turnover or "
            "funding). An amount given as a band counts as the band's midpoint, the open top "
            "band (over EUR 1 million) as EUR 1 million."
        ),
        _(
            "A meeting counts as held when either side says it took place; an agreement is "
            "counted once per pair of organisations, of the kind its first reporter gave; when "
            "both sides answered differently, the pair is counted among the disagreements."
        ),
    ]
    if report.synthetic:
        notes.insert(
            0,
            _(
                "Synthetic data: some or all answers in this report were simulated for the "
                "demonstration (docs/impact.md states the assumptions). They are not measured "
                "outcomes."
            ),
        )
    return notes


def comparison(report: Report) -> list[tuple[str, str, str]]:
    """The measured amounts beside the earlier estimates: (figure, amount, how it was obtained),
    for the pages and the PDF."""
    by_code = {figure.code: figure for figure in report.headline}
    reported, estimate = by_code["amount_sum_eur"], by_code["amount_total_estimate_eur"]
    rows = [
        (
            reported.label,
            value_text(reported),
            ngettext(
                "Measured: what %(n)d organisation reported, out of %(asked)d asked.",
                "Measured: the sum of what %(n)d organisations reported, out of %(asked)d asked.",
                reported.n,
            )
            % {"n": reported.n, "asked": reported.asked},
        ),
        (
            estimate.label,
            value_text(estimate),
            ngettext(
                "Estimated from the %(n)d organisation that answered (without an amount it "
                "counts zero), as if the others resembled it; %(level)s interval %(interval)s.",
                "Estimated from the %(n)d organisations that answered (those without an amount "
                "count zero), as if the others resembled them; %(level)s interval %(interval)s.",
                estimate.n,
            )
            % {
                "n": estimate.n,
                "level": LEVEL,
                "interval": interval_text(estimate) or "—",
            },
        ),
    ]
    rows += [
        (
            reference.label,
            euros(reference.amount),
            reference.source,
        )
        for reference in report.references
    ]
    return rows
