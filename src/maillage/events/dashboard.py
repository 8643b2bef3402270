"""The organisers' dashboard of an event: figures, and charts drawn as server-side SVG.

Reads only; ``services.dashboard.dashboard_for`` checks access (the event's organisers) and
serves the figures kept here (``compute_dashboard``), refreshed in the background. A
participant's sector is their organisation's (``ecosystem.sectors``): "ICT" is the *Digital
technologies* axis and the partner sector is, for MecaTech, *Industrial processes and new
materials*. Every figure comes from a fixed number of queries, whatever the event's size.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.sectors import sector_by_organisation
from maillage.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun
from maillage.events.queries import published_run

#: Geometry of the charts, in SVG user units.
BAR_HEIGHT = 22
BAR_GAP = 6
BAR_LABEL_WIDTH = 240
BAR_WIDTH = 320
CELL = 64
HEAT_LABEL_WIDTH = 250
HEAT_HEADER = 130


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    label_width: int = BAR_LABEL_WIDTH
    bar_width: int = BAR_WIDTH

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + BAR_GAP)

    @property
    def width(self) -> int:
        return self.label_width + self.bar_width + 60


def bar_chart(title: str, items: list[tuple[str, int]]) -> BarChart:
    """Horizontal bars scaled to the largest value, in the given order."""
    top = max((value for _label, value in items), default=0) or 1
    bars = tuple(
        Bar(
            label=label,
            value=value,
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=round(BAR_WIDTH * value / top),
        )
        for index, (label, value) in enumerate(items)
    )
    return BarChart(title=title, bars=bars)


@dataclass(frozen=True)
class HeatCell:
    row: str
    column: str
    value: int
    x: int
    y: int
    fill: str
    #: Dark cells take light text so the value stays readable.
    light_text: bool

    @property
    def text_x(self) -> int:
        return self.x + CELL // 2

    @property
    def text_y(self) -> int:
        return self.y + CELL // 2 + 5


@dataclass(frozen=True)
class HeatLabel:
    text: str
    position: int


@dataclass(frozen=True)
class Heatmap:
    title: str
    rows: tuple[HeatLabel, ...]
    columns: tuple[HeatLabel, ...]
    cells: tuple[HeatCell, ...]
    size: int

    @property
    def width(self) -> int:
        # Room on the right for the last column's slanted header.
        return HEAT_LABEL_WIDTH + self.size * CELL + HEAT_HEADER

    @property
    def height(self) -> int:
        return HEAT_HEADER + self.size * CELL + 10


def _shade(share: float) -> str:
    """From a pale to a deep blue, linearly in RGB."""
    pale, deep = (0xEE, 0xF3, 0xFA), (0x1F, 0x4E, 0x99)
    rgb = (round(p + (d - p) * share) for p, d in zip(pale, deep, strict=True))
    return "#" + "".join(f"{c:02x}" for c in rgb)


def heatmap(title: str, labels: list[str], matrix: dict[tuple[str, str], int]) -> Heatmap:
    """A square matrix of counts; the row and column headers are the same labels."""
    top = max(matrix.values(), default=0) or 1
    cells = []
    for i, row in enumerate(labels):
        for j, column in enumerate(labels):
            value = matrix.get((row, column), 0)
            cells.append(
                HeatCell(
                    row=row,
                    column=column,
                    value=value,
                    x=HEAT_LABEL_WIDTH + j * CELL,
                    y=HEAT_HEADER + i * CELL,
                    fill=_shade(value / top),
                    light_text=value / top > 0.5,
                )
            )
    return Heatmap(
        title=title,
        rows=tuple(
            HeatLabel(text, HEAT_HEADER + i * CELL + CELL // 2 + 5) for i, text in enumerate(labels)
        ),
        columns=tuple(
            HeatLabel(text, HEAT_LABEL_WIDTH + j * CELL + CELL // 2)
            for j, text in enumerate(labels)
        ),
        cells=tuple(cells),
        size=len(labels),
    )


@dataclass
class Dashboard:
    event: Event
    confirmed: int
    waitlisted: int
    cancelled: int
    checked_in: int
    no_shows: int
    requests: dict[str, int]
    acceptance_rate: float | None
    run: ScheduleRun | None
    meetings: int
    by_kind: BarChart
    by_sector: BarChart
    by_cluster: BarChart
    matrix: Heatmap
    editions: BarChart
    notes: list[str] = field(default_factory=list)

    @property
    def requests_total(self) -> int:
        return sum(self.requests.values())

    @property
    def acceptance_percent(self) -> int | None:
        """Accepted among the requests that got an answer or expired, in whole percent."""
        return None if self.acceptance_rate is None else round(100 * self.acceptance_rate)


def shown_run(event: Event) -> ScheduleRun | None:
    """The schedule the dashboard counts: the published one, else the latest finished run."""
    return (
        published_run(event)
        or ScheduleRun.objects.filter(event=event, status=ScheduleRun.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def _registration_counts(event: Event) -> dict[str, int]:
    status = Registration.Status
    return Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=status.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
        checked_in=Count("pk", filter=Q(status=status.CONFIRMED, checked_in_at__isnull=False)),
        no_shows=Count("pk", filter=Q(status=status.CONFIRMED, no_show=True)),
    )


def _editions(event: Event) -> BarChart:
    """Past editions by their reported attendance, beside this one (its confirmed registrations
    once it takes registrations)."""
    rows = (
        Event.objects.annotate(
            any_registration=Count("registrations"),
            registered=Count("registrations", filter=Q(registrations__status="confirmed")),
        )
        .filter(Q(pk=event.pk) | Q(participant_count__gt=0, any_registration=0))
        .values_list("name", "participant_count", "registered")
    )
    items = [(name, registered or reported) for name, reported, registered in rows]
    return bar_chart(
        _("Participants per edition"), sorted(items, key=lambda item: (-item[1], item[0]))
    )


#: Figures younger than this are shown as they are. Older ones are still shown, while a worker
#: recomputes them: on the event day several organisers keep the dashboard open and reload it,
#: and computing it for 1,000 participants takes most of a second of a shared CPU.
DASHBOARD_FRESH_SECONDS = 20
#: Figures older than this (no worker ran, say) are recomputed in the request.
DASHBOARD_KEEP_SECONDS = 600


def _key(event_id: int, language: str) -> str:
    return f"events:dashboard:{event_id}:{language}"  # labels are in the reader's language


def _claim_key(event_id: int, language: str) -> str:
    return f"{_key(event_id, language)}:refresh"


def compute_dashboard(event: Event, language: str) -> Dashboard:
    """The event's figures in ``language``, kept in the cache with the time they were made; a
    refresh may be queued again from now on."""
    with translation.override(language):
        figures = _figures(event)
    cache.set(_key(event.pk, language), (time.time(), figures), DASHBOARD_KEEP_SECONDS)
    cache.delete(_claim_key(event.pk, language))
    return figures


def stored_dashboard(event_id: int, language: str) -> tuple[Dashboard, bool] | None:
    """The kept figures and whether they are stale (due for a refresh); None without any."""
    kept: tuple[float, Dashboard] | None = cache.get(_key(event_id, language))
    if kept is None:
        return None
    made_at, figures = kept
    return figures, time.time() - made_at > DASHBOARD_FRESH_SECONDS


def refresh_claimed(event_id: int, language: str) -> bool:
    """True for the one request that should queue the refresh of stale figures.

    The claim holds until the refresh has run (``compute_dashboard`` lets it go), not for a fixed
    time: when the workers are behind, a refresh still queued is not queued again at each visit
    (under load, 41 jobs were still waiting at the end of a run). After ``DASHBOARD_KEEP_SECONDS``
    it lapses, in case the worker that took the refresh died."""
    return cache.add(_claim_key(event_id, language), 1, DASHBOARD_KEEP_SECONDS)


def _figures(event: Event) -> Dashboard:
    counts = _registration_counts(event)
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    kinds = dict(Organisation.Kind.choices)
    by_kind = [
        (str(kinds.get(row["organisation__kind"], row["organisation__kind"])), row["n"])
        for row in confirmed.values("organisation__kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__kind")
    ]
    organisation_ids = set(confirmed.values_list("organisation_id", flat=True))
    sectors = sector_by_organisation(organisation_ids)
    by_sector = Counter(sectors.values())
    clusters = (
        Membership.objects.filter(
            # A subquery, not the 1,000 ids: PostgreSQL counted 2.6 times faster so.
            organisation_id__in=confirmed.values("organisation_id"),
            network__in=event.organisers.all(),
        )
        .values("network__name")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by("-n", "network__name")
    )
    requests = dict(
        MeetingRequest.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    closed = sum(
        requests.get(status, 0)
        for status in (
            MeetingRequest.Status.ACCEPTED,
            MeetingRequest.Status.DECLINED,
            MeetingRequest.Status.EXPIRED,
        )
    )
    run = shown_run(event)
    pairs = (
        list(
            Meeting.objects.filter(run=run).values_list(
                "request__requester__organisation_id", "request__recipient__organisation_id"
            )
        )
        if run
        else []
    )
    missing = {org for pair in pairs for org in pair} - organisation_ids
    if missing:  # a participant cancelled after the schedule was made
        sectors |= sector_by_organisation(missing)
    matrix: Counter[tuple[str, str]] = Counter()
    for a, b in pairs:
        matrix[(sectors[a], sectors[b])] += 1
        if sectors[a] != sectors[b]:
            matrix[(sectors[b], sectors[a])] += 1
    labels = [label for label, _n in by_sector.most_common()]
    labels += sorted({s for pair in matrix for s in pair} - set(labels))
    return Dashboard(
        event=event,
        confirmed=counts["confirmed"],
        waitlisted=counts["waitlisted"],
        cancelled=counts["cancelled"],
        checked_in=counts["checked_in"],
        no_shows=counts["no_shows"],
        requests={str(k): v for k, v in requests.items()},
        acceptance_rate=(requests.get(MeetingRequest.Status.ACCEPTED, 0) / closed)
        if closed
        else None,
        run=run,
        meetings=len(pairs),
        by_kind=bar_chart(_("Participants by kind of organisation"), by_kind),
        by_sector=bar_chart(
            _("Participants by sector"),
            sorted(by_sector.items(), key=lambda item: (-item[1], item[0])),
        ),
        by_cluster=bar_chart(
            _("Participants by co-organising cluster or pole"),
            [(row["network__name"], row["n"]) for row in clusters],
        ),
        matrix=heatmap(_("Meetings between sectors"), labels, dict(matrix)),
        editions=_editions(event),
    )
