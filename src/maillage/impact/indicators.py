"""The impact indicators of one scope: the cells disclosure control decides on, then the figures
the report shows, blanked where the decisions say so."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from maillage.impact.figures import Figure, Unit, shown
from maillage.impact.models.answers import Outcome
from maillage.impact.scopes import Scope, ScopeSums
from maillage.impact.statistics.disclosure import Cell, Decision
from maillage.impact.statistics.intervals import (
    bootstrap_total_interval,
    median,
    median_interval,
    wilson,
)

# -- cells: what disclosure control sees --------------------------------------------------------

#: Measures shown in the tables, per scope (the others are shown for the whole period only).
TABLE_MEASURES = ("scheduled", "held", "cooperation", "agreements", "amount")


def scope_cells(s: ScopeSums, *, headline: bool) -> list[Cell]:
    key, total = s.scope.key, s.scope.total
    kind_atoms = frozenset(
        (event, pair, kind)
        for (event, pair) in s.scope.atoms
        for kind in s.data_of[(event, pair)].kinds
    )
    cells = [
        Cell(
            f"scheduled@{key}",
            "scheduled",
            s.meeting_orgs,
            s.present(lambda x: x.meetings),
            cost=s.meeting_orgs,
            total=total,
        ),
        Cell(
            f"held@{key}",
            "held",
            s.rating_answered,
            s.present(lambda x: x.held),
            cost=s.rating_answered,
            total=total,
        ),
        Cell(
            f"cooperation@{key}",
            "cooperation",
            s.rating_answered,
            s.present(lambda x: x.cooperation),
            cost=s.rating_answered,
            total=total,
        ),
        Cell(
            f"agreements@{key}",
            "agreements",
            s.follow_answered,
            kind_atoms,
            cost=s.follow_answered,
            total=total,
        ),
        Cell(
            f"amount@{key}",
            "amount",
            len(s.amount_by_org),
            s.present(lambda x: x.amount_by_org),
            contributions=tuple(s.amount_by_org[o] for o in sorted(s.amount_by_org)),
            magnitude=True,
            cost=len(s.amount_by_org),
            total=total,
        ),
    ]
    if headline:
        for kind in Outcome.Kind.values:
            cells.append(
                Cell(
                    f"kind:{kind}@{key}",
                    "agreements",
                    s.follow_answered,
                    frozenset(a for a in kind_atoms if a[2] == kind),
                    cost=s.follow_answered,
                    total=True,
                )
            )
        cells += [
            Cell(
                f"negotiations@{key}",
                "negotiations",
                s.follow_answered,
                s.present(lambda x: x.negotiations),
            ),
            Cell(
                f"disagreements@{key}",
                "disagreements",
                s.follow_answered,
                s.present(lambda x: x.disagreements),
            ),
            Cell(
                f"amount_given@{key}",
                "amount_given",
                s.agreement_reporters,
                s.present(lambda x: x.amounts),
            ),
            Cell(f"days@{key}", "days", s.days_orgs),
            Cell(f"ties@{key}", "ties", s.tie_orgs, s.present(lambda x: x.ties)),
        ]
    return cells


# -- figures: what the report shows -------------------------------------------------------------


def _share(numerator: int, denominator: int) -> tuple[float | None, tuple[float, float] | None]:
    if denominator == 0:
        return None, None
    return numerator / denominator, wilson(numerator, denominator)


@dataclass(frozen=True)
class ScopeFigures:
    scope: Scope
    by_code: dict[str, Figure]


def scope_figures(s: ScopeSums, decisions: dict[str, Decision], *, headline: bool) -> ScopeFigures:
    """The figures of one scope, blanked as ``decisions`` say."""
    key = s.scope.key

    def reason(measure: str) -> str | None:
        decision = decisions[f"{measure}@{key}"]
        return None if decision.reason is None else str(decision.reason)

    r_n, r_asked = s.rating_answered, s.rating_asked
    f_n, f_asked = s.follow_answered, s.follow_asked
    held_share, held_interval = _share(s.held, s.rated)
    coop_share, coop_interval = _share(s.cooperation, s.ratings_held)
    agreement_share, agreement_interval = _share(s.met_agreement_reports, s.met_reports)
    contributions = [s.amount_by_org[o] for o in sorted(s.amount_by_org)]
    amount_sum = sum(contributions) if contributions else None
    figures = [
        shown(
            code="meetings_scheduled",
            label=_("Meetings scheduled"),
            unit=Unit.COUNT,
            value=s.meetings,
            n=s.meeting_orgs,
            asked=s.meeting_orgs,
            reason=reason("scheduled"),
        ),
        shown(
            code="meetings_held",
            label=_("Meetings held (as participants rated them)"),
            unit=Unit.COUNT,
            value=s.held,
            n=r_n,
            asked=r_asked,
            reason=reason("held"),
        ),
        shown(
            code="meetings_held_share",
            label=_("Share of rated meetings that took place"),
            unit=Unit.SHARE,
            value=held_share,
            n=r_n,
            asked=r_asked,
            interval=held_interval,
            reason=reason("held"),
        ),
        shown(
            code="cooperation_possible_share",
            label=_('Share of held meetings rated "cooperation possible"'),
            unit=Unit.SHARE,
            value=coop_share,
            n=r_n,
            asked=r_asked,
            interval=coop_interval,
            reason=reason("cooperation"),
        ),
        shown(
            code="agreements",
            label=_("Agreements reached"),
            unit=Unit.COUNT,
            value=s.agreements,
            n=f_n,
            asked=f_asked,
            reason=reason("agreements"),
        ),
        shown(
            code="agreement_share",
            label=_("Share of answers to the latest wave on meetings that report an agreement"),
            unit=Unit.SHARE,
            value=agreement_share,
            n=f_n,
            asked=f_asked,
            interval=agreement_interval,
            reason=reason("agreements"),
        ),
        shown(
            code="amount_sum_eur",
            label=_("Amounts reported (sum, EUR)"),
            unit=Unit.EUR,
            value=amount_sum,
            n=len(contributions),
            asked=f_asked,
            reason=reason("amount"),
        ),
        shown(
            code="amount_median_eur",
            label=_("Amount per agreement (median, EUR)"),
            unit=Unit.EUR,
            value=median(s.amounts),
            n=len(contributions),
            asked=f_asked,
            interval=median_interval(s.amounts),
            reason=reason("amount"),
        ),
    ]
    if headline:
        given, given_interval = _share(len(s.amounts), s.agreement_reports)
        # Respondents without an amount count zero: the estimate of what all those asked would
        # report, if those who did not answer resemble those who did.
        per_respondent = [*contributions, *([0.0] * max(0, f_n - len(contributions)))]
        total = sum(per_respondent) * f_asked / f_n if f_n else None
        figures += [
            shown(
                code="amount_total_estimate_eur",
                label=_("Amounts for all organisations asked (estimate, EUR)"),
                unit=Unit.EUR,
                value=total,
                n=f_n,
                asked=f_asked,
                interval=bootstrap_total_interval(per_respondent, f_asked),
                reason=reason("amount"),
            ),
            shown(
                code="negotiations_started",
                label=_("Negotiations started (no agreement yet)"),
                unit=Unit.COUNT,
                value=s.negotiations,
                n=f_n,
                asked=f_asked,
                reason=reason("negotiations"),
            ),
            *[
                shown(
                    code=f"agreements_{kind}",
                    label=str(label),
                    unit=Unit.COUNT,
                    value=s.kinds.get(kind, 0),
                    n=f_n,
                    asked=f_asked,
                    reason=reason(f"kind:{kind}"),
                )
                for kind, label in Outcome.Kind.choices
            ],
            shown(
                code="reported_disagreements",
                label=_("Pairs whose two sides report different outcomes"),
                unit=Unit.COUNT,
                value=s.disagreements,
                n=f_n,
                asked=f_asked,
                reason=reason("disagreements"),
            ),
            shown(
                code="amount_given_share",
                label=_("Share of agreement reports that give an amount"),
                unit=Unit.SHARE,
                value=given,
                n=s.agreement_reporters,
                asked=f_asked,
                interval=given_interval,
                reason=reason("amount_given"),
            ),
            shown(
                code="days_to_agreement_median",
                label=_("Days from the meeting to the agreement (median)"),
                unit=Unit.DAYS,
                value=median(s.days),
                n=s.days_orgs,
                asked=f_asked,
                interval=median_interval(s.days),
                reason=reason("days"),
            ),
            shown(
                code="new_cross_cluster_ties",
                label=_(
                    "New ties across clusters (first meeting of organisations that share "
                    "no cluster)"
                ),
                unit=Unit.COUNT,
                value=s.ties,
                n=s.tie_orgs,
                asked=s.tie_orgs,
                reason=reason("ties"),
            ),
        ]
    return ScopeFigures(s.scope, {figure.code: figure for figure in figures})
