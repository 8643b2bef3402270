"""Facts grouped by *atom*: one event and one sector pair, the finest unit the impact figures add
up. Every figure of a report is a sum (or a union) over a set of atoms, which is also how
disclosure control sees it.

Units, and who counts as a respondent (distinct organisations, so that one company answering at
several events never counts as several):

- meetings (scheduled, held) and pairs of organisations (followed up, agreements) are counted
  once, whichever side answered; a meeting took place when a side says so;
- a rating is one side's view of one meeting (the cooperation share is over ratings);
- an outcome is the latest answer of one side about one partner; a pair's agreement kind is the
  kind its first reporter gave; the two sides *disagree* when both answered and their outcomes
  (or the agreement's kind) differ; the agreement *share* is over the answers to each event's
  latest wave about partners met at the event. Pairs move on between waves, so a side's latest
  answer is older when it skipped a wave, and a wave asks about a meeting only those who rated
  it "cooperation possible": over all followed pairs, the share came out 5 to 9 points low
  with partial response (benchmarks/impact_response.py), while one wave's answers about
  meetings are a random sample of what everyone would have answered to it;
- an amount is one side's amount (the turnover or funding the agreement brings it); a band counts
  as its midpoint, the open top band as its lower bound (``models.answers.BAND_VALUES``).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from maillage.impact.facts import Facts, OutcomeFact
from maillage.impact.models.answers import MeetingRating, Outcome

type SectorPair = tuple[str, str]
type Atom = tuple[int, SectorPair]

AGREEMENT = Outcome.Status.AGREEMENT
NEGOTIATION = Outcome.Status.NEGOTIATION


@dataclass
class AtomData:
    """What one event contributed for one sector pair."""

    meetings: set[int] = field(default_factory=set)
    meeting_orgs: set[int] = field(default_factory=set)
    rated: set[int] = field(default_factory=set)
    held: set[int] = field(default_factory=set)
    ratings_held: int = 0
    cooperation: int = 0
    rating_asked: set[int] = field(default_factory=set)
    rating_answered: set[int] = field(default_factory=set)
    follow_asked: set[int] = field(default_factory=set)
    follow_answered: set[int] = field(default_factory=set)
    followed: int = 0
    #: Answers to the event's latest wave about a partner met at the event, and those that report
    #: an agreement: the agreement share's denominator and numerator.
    met_reports: int = 0
    met_agreement_reports: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    negotiations: int = 0
    disagreements: int = 0
    amount_by_org: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    amounts: list[float] = field(default_factory=list)
    agreement_reports: int = 0
    agreement_reporters: set[int] = field(default_factory=set)
    days: list[int] = field(default_factory=list)
    days_orgs: set[int] = field(default_factory=set)
    ties: int = 0
    tie_orgs: set[int] = field(default_factory=set)


class Atoms(dict[Atom, AtomData]):
    def of(self, atom: Atom) -> AtomData:
        data = self.get(atom)
        if data is None:
            data = self[atom] = AtomData()
        return data


def sector_pair(facts: Facts, a: int, b: int) -> SectorPair:
    first, second = sorted((facts.sector_of.get(a, ""), facts.sector_of.get(b, "")))
    return (first, second)


def latest_outcomes(outcomes: Iterable[OutcomeFact]) -> list[OutcomeFact]:
    """Each side's latest answer about each partner at each event (the latest wave wins)."""
    latest: dict[tuple[int, int, int], OutcomeFact] = {}
    for outcome in outcomes:
        key = (outcome.event_id, outcome.organisation_id, outcome.partner_id)
        known = latest.get(key)
        if known is None or (outcome.months, outcome.created_at) > (known.months, known.created_at):
            latest[key] = outcome
    return list(latest.values())


def collect_atoms(facts: Facts) -> Atoms:
    atoms = Atoms()
    pairs_at: dict[tuple[int, int], set[SectorPair]] = defaultdict(set)
    meeting_atom: dict[int, Atom] = {}
    for meeting in facts.meetings:
        a, b = meeting.organisations
        atom = (meeting.event_id, sector_pair(facts, a, b))
        meeting_atom[meeting.request_id] = atom
        data = atoms.of(atom)
        data.meetings.add(meeting.request_id)
        data.meeting_orgs.update((a, b))
        pairs_at[(meeting.event_id, a)].add(atom[1])
        pairs_at[(meeting.event_id, b)].add(atom[1])
        apart = not facts.clusters_of.get(a, frozenset()) & facts.clusters_of.get(b, frozenset())
        first = facts.first_met.get(frozenset((a, b))) == facts.events[meeting.event_id].held_on
        if apart and first:
            data.ties += 1
            data.tie_orgs.update((a, b))
    for invitation in facts.invitations:
        for pair in pairs_at.get((invitation.event_id, invitation.organisation_id), ()):
            data = atoms.of((invitation.event_id, pair))
            asked, answered = (
                (data.rating_asked, data.rating_answered)
                if invitation.rating
                else (data.follow_asked, data.follow_answered)
            )
            asked.add(invitation.organisation_id)
            if invitation.answered:
                answered.add(invitation.organisation_id)
    for rating in facts.ratings:
        known = meeting_atom.get(rating.request_id)
        if known is None:
            continue  # a meeting no longer in the published schedule
        data = atoms.of(known)
        data.rated.add(rating.request_id)
        data.rating_answered.add(rating.organisation_id)
        if rating.took_place:
            data.held.add(rating.request_id)
            data.ratings_held += 1
            data.cooperation += rating.interest == MeetingRating.Interest.COOPERATION
    _collect_outcomes(facts, atoms)
    return atoms


def _collect_outcomes(facts: Facts, atoms: Atoms) -> None:
    met = {(m.event_id, frozenset(m.organisations)) for m in facts.meetings}
    latest_wave: dict[int, int] = {}
    for outcome in facts.outcomes:
        latest_wave[outcome.event_id] = max(outcome.months, latest_wave.get(outcome.event_id, 0))
    sides: dict[tuple[int, frozenset[int]], list[OutcomeFact]] = defaultdict(list)
    for outcome in latest_outcomes(facts.outcomes):
        pair = frozenset((outcome.organisation_id, outcome.partner_id))
        sides[(outcome.event_id, pair)].append(outcome)
    for (event_id, pair), reports in sides.items():
        a, b = sorted(pair) if len(pair) == 2 else (min(pair), min(pair))
        data = atoms.of((event_id, sector_pair(facts, a, b)))
        data.followed += 1
        if (event_id, pair) in met:
            current = [r for r in reports if r.months == latest_wave[event_id]]
            data.met_reports += len(current)
            data.met_agreement_reports += sum(r.status == AGREEMENT for r in current)
        for report in reports:
            data.follow_answered.add(report.organisation_id)
        agreements = sorted(
            (r for r in reports if r.status == AGREEMENT), key=lambda r: r.created_at
        )
        if agreements:
            data.kinds[agreements[0].kind] += 1
            dates = [r.agreed_on for r in agreements if r.agreed_on is not None]
            if dates:
                data.days.append((min(dates) - facts.events[event_id].held_on).days)
                data.days_orgs.update(r.organisation_id for r in agreements if r.agreed_on)
        elif any(r.status == NEGOTIATION for r in reports):
            data.negotiations += 1
        if len(reports) == 2 and (
            reports[0].status != reports[1].status or reports[0].kind != reports[1].kind
        ):
            data.disagreements += 1
        for report in agreements:
            data.agreement_reports += 1
            data.agreement_reporters.add(report.organisation_id)
            if report.value is not None:
                data.amount_by_org[report.organisation_id] += report.value
                data.amounts.append(report.value)
