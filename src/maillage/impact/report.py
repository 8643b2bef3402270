"""An impact report: the facts of a body's events over a period, turned into figures that all
passed disclosure control together (``disclosure.protect`` sees every cell of every table at
once, so no table can be combined with another to recompute a hidden cell).

``build_report`` is pure (facts in, report out); ``kpi_report`` reads the facts first. The JSON,
XLSX and PDF writers, the pages, the API and ``maillage kpi_report`` all call ``kpi_report``.
"""

import datetime as dt

from django.utils.translation import gettext as _

from maillage.ecosystem.models import Organisation
from maillage.impact.atoms import collect_atoms
from maillage.impact.facts import Facts, load_facts
from maillage.impact.figures import Reference, Report, Row, Table, Unit, shown
from maillage.impact.hub import hub_cells, hub_figures
from maillage.impact.indicators import ScopeFigures, scope_cells, scope_figures
from maillage.impact.policy import current_policy
from maillage.impact.scopes import scope_sums, scopes_of
from maillage.impact.statistics.disclosure import Cell, Policy, protect

#: The figures of the breakdown tables, in their column order.
TABLE_COLUMNS = (
    "meetings_scheduled",
    "meetings_held",
    "cooperation_possible_share",
    "agreements",
    "amount_sum_eur",
)
MATURITY = "hub_maturity_change"


def _table(
    key: str, title: str, header: str, groups: list[ScopeFigures], total: ScopeFigures
) -> Table:
    first = total.by_code
    rows = [
        Row(group.scope.label, tuple(group.by_code[code] for code in TABLE_COLUMNS))
        for group in groups
    ]
    rows.append(Row(total.scope.label, tuple(first[code] for code in TABLE_COLUMNS), total=True))
    return Table(
        key, title, header, tuple(str(first[code].label) for code in TABLE_COLUMNS), tuple(rows)
    )


def build_report(facts: Facts, policy: Policy) -> Report:
    atoms = collect_atoms(facts)
    scopes = scopes_of(facts, atoms)
    sums = {scope.key: scope_sums(atoms, scope) for group in scopes.values() for scope in group}
    cells: list[Cell] = []
    for key, scope_sum in sums.items():
        cells += scope_cells(scope_sum, headline=key == "total")
    cells += hub_cells(facts)
    change = facts.maturity
    cells.append(Cell("maturity@total", "maturity", change.respondents))
    decisions = protect(cells, policy)
    figures = {
        key: scope_figures(scope_sum, decisions, headline=key == "total")
        for key, scope_sum in sums.items()
    }
    total = figures["total"]
    tables = [
        _table(name, title, header, [figures[s.key] for s in scopes[group]], total)
        for name, group, title, header in (
            ("by_event", "event", _("By event"), _("Event")),
            ("by_period", "period", _("By half-year"), _("Half-year")),
            ("by_cluster", "cluster", _("By co-organising cluster or pole"), _("Co-organiser")),
            ("by_sector_pair", "pair", _("By sector pair"), _("Sectors met")),
        )
    ]
    kinds = [total.by_code[code] for code in total.by_code if code.startswith("agreements_")]
    tables.insert(
        1,
        Table(
            "agreements_by_kind",
            _("Agreements reached by kind"),
            _("Kind of agreement"),
            (_("Agreements"),),
            (
                *(Row(f.label, (f,)) for f in kinds),
                Row(_("All kinds"), (total.by_code["agreements"],), total=True),
            ),
        ),
    )
    hub, hub_tables = hub_figures(facts, decisions)
    reason = decisions["maturity@total"].reason
    hub.append(
        shown(
            code=MATURITY,
            label=_("Change in digital maturity (overall score, T0 to T1, points out of 100)"),
            unit=Unit.POINTS,
            value=change.value,
            n=change.respondents,
            asked=change.asked,
            reason=None if reason is None else str(reason),
        )
    )
    return Report(
        organiser_slug=facts.organiser.slug,
        organiser_name=facts.organiser.name,
        start=facts.start.isoformat(),
        end=facts.end.isoformat(),
        min_respondents=policy.min_respondents,
        dominance_n=policy.dominance_n,
        dominance_k=policy.dominance_k,
        headline=list(total.by_code.values()),
        tables=tables,
        hub=hub,
        hub_tables=hub_tables,
        references=[
            Reference(label, float(amount), source) for label, amount, source in facts.references
        ],
        synthetic=facts.synthetic,
        event_ids=tuple(facts.events),
    )


def kpi_report(
    *, organiser: Organisation, start: dt.date, end: dt.date, policy: Policy | None = None
) -> Report:
    """The report of ``organiser``'s events held from ``start`` to ``end`` (no access check:
    callers check ``permissions.can_view_reports`` first, or are the command line)."""
    facts = load_facts(organiser=organiser, start=start, end=end)
    return build_report(facts, policy or current_policy())
