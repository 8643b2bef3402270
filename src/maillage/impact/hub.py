"""The European Digital Innovation Hub indicators of a report: organisations served (by
category, sector, province and type of support), collaborations with other hubs and clusters,
and the change in digital maturity.

"Served" means taking part in one of the body's events of the period (confirmed registration);
the B2B and brainstorming rows count those who also had a meeting or joined the brainstorming.
Counts of organisations go through disclosure control (an organisation is its own respondent);
co-organised events are public (every event page names its organisers) and are not suppressed.
"""

from collections import Counter, defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from maillage.ecosystem.places import province_label
from maillage.impact.facts import Facts, ParticipantFact
from maillage.impact.figures import Figure, Row, Table, Unit, shown
from maillage.impact.statistics.disclosure import Cell, Decision

#: The hub categories of organisations, from the directory's kinds.
CATEGORIES = {
    "sme": ("sme", "startup"),
    "large": ("large_company",),
    "research": ("research_centre", "university", "haute_ecole"),
    "public": ("public_body",),
    "other": ("investor", "other"),
}


def category_label(code: str) -> str:
    labels = {
        "sme": _("SMEs and start-ups"),
        "large": _("Large companies"),
        "research": _("Research centres and higher education"),
        "public": _("Public bodies"),
        "other": pgettext("organisations", "Other"),
    }
    return labels[code]


def category_of(kind: str) -> str:
    return next((code for code, kinds in CATEGORIES.items() if kind in kinds), "other")


type HubAtom = tuple[str, str, str]
#: The province code of organisations abroad or without a Belgian postcode.
UNKNOWN = "unknown"


def _atom(facts: Facts, p: ParticipantFact) -> HubAtom:
    return (category_of(p.kind), facts.sector_code_of.get(p.organisation_id, ""), p.province)


def _groups(
    facts: Facts, key: Callable[[ParticipantFact], str]
) -> dict[str, list[ParticipantFact]]:
    groups: dict[str, list[ParticipantFact]] = defaultdict(list)
    for participant in facts.participants:
        groups[key(participant)].append(participant)
    return dict(groups)


def hub_groups(facts: Facts) -> dict[str, dict[str, list[ParticipantFact]]]:
    return {
        "category": _groups(facts, lambda p: category_of(p.kind)),
        "sector": _groups(facts, lambda p: facts.sector_code_of.get(p.organisation_id, "")),
        "province": _groups(facts, lambda p: p.province or UNKNOWN),
    }


def hub_cells(facts: Facts) -> list[Cell]:
    everyone = facts.participants

    def cell(key: str, members: list[ParticipantFact], *, total: bool = False) -> Cell:
        atoms = frozenset(_atom(facts, p) for p in members)
        return Cell(f"served@{key}", "served", len(members), atoms, cost=len(members), total=total)

    cells = [cell("total", everyone, total=True)]
    for dimension, groups in hub_groups(facts).items():
        cells += [cell(f"{dimension}:{code}", members) for code, members in groups.items()]
    cells += [
        Cell("support:b2b", "support:b2b", sum(p.b2b for p in everyone)),
        Cell(
            "support:brainstorming", "support:brainstorming", sum(p.brainstorming for p in everyone)
        ),
    ]
    return cells


def _figure(decisions: dict[str, Decision], key: str, code: str, label: str, value: int) -> Figure:
    reason = decisions[key].reason
    return shown(
        code=code,
        label=label,
        unit=Unit.COUNT,
        value=value,
        n=value,
        asked=value,
        reason=None if reason is None else str(reason),
    )


def hub_figures(facts: Facts, decisions: dict[str, Decision]) -> tuple[list[Figure], list[Table]]:
    """The hub figures (for the JSON) and their tables (for the documents)."""
    served = len(facts.participants)
    total = _figure(
        decisions, "served@total", "hub_served_total", _("Organisations served"), served
    )
    sector_labels = {
        facts.sector_code_of[p.organisation_id]: facts.sector_of[p.organisation_id]
        for p in facts.participants
        if p.organisation_id in facts.sector_code_of
    }
    labels: dict[str, Callable[[str], str]] = {
        "category": category_label,
        "sector": lambda code: sector_labels.get(code, code),
        "province": lambda code: (
            province_label(code) if code != UNKNOWN else _("Unknown or abroad")
        ),
    }
    titles = {
        "category": _("Organisations served by category"),
        "sector": _("Organisations served by sector"),
        "province": _("Organisations served by province"),
    }
    figures = [total]
    tables = []
    for dimension, groups in hub_groups(facts).items():
        rows = []
        for code in sorted(groups, key=labels[dimension]):
            figure = _figure(
                decisions,
                f"served@{dimension}:{code}",
                f"hub_served_{dimension}_{code.lower() or 'none'}",
                labels[dimension](code),
                len(groups[code]),
            )
            figures.append(figure)
            rows.append(Row(figure.label, (figure,)))
        rows.append(Row(_("All organisations served"), (total,), total=True))
        tables.append(
            Table(
                f"hub_{dimension}",
                titles[dimension],
                pgettext("table", "Group"),
                (_("Organisations"),),
                tuple(rows),
            )
        )
    support = [
        total,
        _figure(
            decisions,
            "support:b2b",
            "hub_support_b2b",
            _("Had B2B meetings"),
            sum(p.b2b for p in facts.participants),
        ),
        _figure(
            decisions,
            "support:brainstorming",
            "hub_support_brainstorming",
            _("Took part in the brainstorming"),
            sum(p.brainstorming for p in facts.participants),
        ),
    ]
    figures += support[1:]
    tables.append(
        Table(
            "hub_support",
            _("Organisations served by type of support"),
            pgettext("table", "Support"),
            (_("Organisations"),),
            tuple(
                Row(f.label if i else _("Took part in an event"), (f,))
                for i, f in enumerate(support)
            ),
            note=_("An organisation can receive several types of support."),
        )
    )
    collaboration_figures, collaboration_table = _collaborations(facts)
    return figures + collaboration_figures, [*tables, collaboration_table]


def _collaborations(facts: Facts) -> tuple[list[Figure], Table]:
    partners: Counter[int] = Counter()
    shared = 0
    for event in facts.events.values():
        others = [pk for pk in event.organisers if pk != facts.organiser.pk]
        shared += bool(others)
        partners.update(others)
    events = shown(
        code="hub_collaboration_events",
        label=_("Events co-organised with other hubs and clusters"),
        unit=Unit.COUNT,
        value=shared,
        n=shared,
        asked=shared,
    )
    networks = shown(
        code="hub_partner_networks",
        label=_("Other hubs and clusters co-organising"),
        unit=Unit.COUNT,
        value=len(partners),
        n=len(partners),
        asked=len(partners),
    )
    rows = [
        Row(
            facts.network_names.get(pk, str(pk)),
            (
                shown(
                    code=f"hub_partner_{pk}",
                    label=facts.network_names.get(pk, str(pk)),
                    unit=Unit.COUNT,
                    value=n,
                    n=n,
                    asked=n,
                ),
            ),
        )
        for pk, n in sorted(partners.items(), key=lambda kv: facts.network_names.get(kv[0], ""))
    ]
    rows.append(Row(events.label, (events,), total=True))
    table = Table(
        "hub_collaborations",
        _("Collaborations with other hubs and clusters"),
        pgettext("table", "Partner"),
        (_("Events co-organised"),),
        tuple(rows),
        note=_("Co-organisers are public on every event page: these counts are not suppressed."),
    )
    return [events, networks], table
