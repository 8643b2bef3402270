"""Scopes: the sets of atoms a report's rows cover (the whole period, an event, a half-year, a
co-organiser, a sector pair), and their sums."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from maillage.impact.atoms import Atom, AtomData, Atoms, SectorPair
from maillage.impact.facts import Facts


@dataclass(frozen=True)
class Scope:
    key: str
    label: str
    atoms: frozenset[Atom]
    total: bool = False


def _union(datas: list[AtomData], pick: Callable[[AtomData], set[int]]) -> set[int]:
    found: set[int] = set()
    for data in datas:
        found |= pick(data)
    return found


class ScopeSums:
    """One scope's totals, computed once and shared by its cells and figures."""

    def __init__(self, scope: Scope, data_of: dict[Atom, AtomData]) -> None:
        self.scope = scope
        self.data_of = data_of
        d = list(data_of.values())
        self.meetings = sum(len(x.meetings) for x in d)
        self.meeting_orgs = len(_union(d, lambda x: x.meeting_orgs))
        self.rated = sum(len(x.rated) for x in d)
        self.held = sum(len(x.held) for x in d)
        self.ratings_held = sum(x.ratings_held for x in d)
        self.cooperation = sum(x.cooperation for x in d)
        self.rating_asked = len(_union(d, lambda x: x.rating_asked))
        self.rating_answered = len(_union(d, lambda x: x.rating_answered))
        self.follow_asked = len(_union(d, lambda x: x.follow_asked))
        self.follow_answered = len(_union(d, lambda x: x.follow_answered))
        self.followed = sum(x.followed for x in d)
        self.met_reports = sum(x.met_reports for x in d)
        self.met_agreement_reports = sum(x.met_agreement_reports for x in d)
        self.kinds: Counter[str] = sum((x.kinds for x in d), Counter())
        self.agreements = sum(self.kinds.values())
        self.negotiations = sum(x.negotiations for x in d)
        self.disagreements = sum(x.disagreements for x in d)
        by_org: dict[int, float] = defaultdict(float)
        for x in d:
            for org, value in x.amount_by_org.items():
                by_org[org] += value
        self.amount_by_org = dict(by_org)
        self.amounts = [v for x in d for v in x.amounts]
        self.agreement_reports = sum(x.agreement_reports for x in d)
        self.agreement_reporters = len(_union(d, lambda x: x.agreement_reporters))
        self.days = [v for x in d for v in x.days]
        self.days_orgs = len(_union(d, lambda x: x.days_orgs))
        self.ties = sum(x.ties for x in d)
        self.tie_orgs = len(_union(d, lambda x: x.tie_orgs))

    def present(self, test: Callable[[AtomData], object]) -> frozenset[Atom]:
        """The scope's atoms where ``test`` holds (the others add nothing to this measure)."""
        return frozenset(atom for atom, data in self.data_of.items() if test(data))


def scope_sums(atoms: Atoms, scope: Scope) -> ScopeSums:
    return ScopeSums(scope, {atom: atoms.get(atom) or AtomData() for atom in scope.atoms})


def half_year(day: dt.date) -> tuple[int, int]:
    """(year, 1 or 2): the half-year of ``day``, in calendar order."""
    return (day.year, 1 if day.month <= 6 else 2)


def half_year_label(year: int, half: int) -> str:
    text = _("First half of %(year)d") if half == 1 else _("Second half of %(year)d")
    return text % {"year": year}


def scopes_of(facts: Facts, atoms: Atoms) -> dict[str, list[Scope]]:
    """The report's scopes by table: the whole period, events, half-years, co-organisers,
    sector pairs."""
    all_atoms = set(atoms)
    # Events without any atom (no meeting) still get a row: an empty one.
    by_event: dict[int, set[Atom]] = {pk: set() for pk in facts.events}
    by_pair: dict[SectorPair, set[Atom]] = defaultdict(set)
    for atom in all_atoms:
        by_event[atom[0]].add(atom)
        by_pair[atom[1]].add(atom)
    events = sorted(facts.events.values(), key=lambda e: (e.held_on, e.pk))
    by_period: dict[tuple[int, int], set[Atom]] = defaultdict(set)
    by_cluster: dict[int, set[Atom]] = defaultdict(set)
    for event in events:
        by_period[half_year(event.held_on)] |= by_event[event.pk]
        for network in event.organisers:
            if network != facts.organiser.pk:
                by_cluster[network] |= by_event[event.pk]
    return {
        "total": [Scope("total", _("All events of the period"), frozenset(all_atoms), total=True)],
        "event": [
            Scope(
                f"event:{e.pk}",
                f"{e.name} ({formats.date_format(e.held_on, 'SHORT_DATE_FORMAT')})",
                frozenset(by_event[e.pk]),
            )
            for e in events
        ],
        "period": [
            Scope(f"period:{year}-H{half}", half_year_label(year, half), frozenset(a))
            for (year, half), a in sorted(by_period.items())
        ],
        "cluster": [
            Scope(f"cluster:{pk}", facts.network_names.get(pk, str(pk)), frozenset(a))
            for pk, a in sorted(
                by_cluster.items(), key=lambda kv: facts.network_names.get(kv[0], "")
            )
        ],
        "pair": [
            Scope(f"pair:{a}|{b}", f"{a} × {b}" if a != b else a, frozenset(atoms_))
            for (a, b), atoms_ in sorted(by_pair.items())
        ],
    }
