"""Peer comparisons in words: which group a company is compared with, and why not a narrower one.

The results page and its PDF say the same sentences.
"""

from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _

from maillage.core.i18n import label_expression
from maillage.ecosystem.models import Domain, Organisation
from maillage.ecosystem.places import province_label
from maillage.maturity.benchmark import Comparison, Key


def _sector_labels(keys: Sequence[Key]) -> dict[str, str]:
    codes = {key[0] for key in keys if key[0]}
    return dict(Domain.objects.filter(code__in=codes).values_list("code", label_expression()))


def group_label(key: Key, sectors: dict[str, str]) -> str:
    """ "companies in Digital technologies, small (10–49), Liège" or "all assessed companies"."""
    sector, size, province = key
    parts = []
    if sector:
        parts.append(_("in %(sector)s") % {"sector": sectors.get(sector, sector)})
    if size:
        parts.append(str(dict(Organisation.SizeBand.choices).get(size, size)))
    if province:
        parts.append(province_label(province))
    if not parts:
        return _("all assessed companies")
    return _("companies %(group)s") % {"group": ", ".join(parts)}


def describe(comparisons: Sequence[Comparison]) -> list[str]:
    """One sentence per comparison (one query for the sector names)."""
    keys = [key for c in comparisons for key in (c.wanted, c.shown.key)]
    sectors = _sector_labels(keys)
    sentences = []
    for comparison in comparisons:
        shown = comparison.shown
        wanted = group_label(comparison.wanted, sectors)
        if shown.cell is None:
            sentences.append(
                _(
                    "Compared with %(wanted)s: not enough assessed companies yet to show any "
                    "figure (%(n)d; a group is shown from %(k)d)."
                )
                % {"wanted": wanted, "n": shown.group_size, "k": shown.threshold}
            )
            continue
        values = {
            "wanted": wanted,
            "shown": group_label(shown.key, sectors),
            "n": shown.cell.n,
            "k": shown.threshold,
            "date": formats.date_format(shown.cell.release.as_of, "DATE_FORMAT"),
        }
        if comparison.widened:
            values["asked"] = comparison.skipped[0].group_size if comparison.skipped else 0
            sentences.append(
                _(
                    "No figures can be shown for %(wanted)s (%(asked)d assessed; a group is "
                    "shown from %(k)d companies, and only when it reveals no smaller group), so "
                    "the comparison is with the next wider group, %(shown)s: %(n)d companies "
                    "(figures of %(date)s)."
                )
                % values
            )
        else:
            sentences.append(
                _("Compared with %(shown)s: %(n)d companies (figures of %(date)s).") % values
            )
    return sentences
