"""``/events/{slug}/schedule``: B2B scheduling jobs and publication (organisers), and a
participant's agenda as iCalendar."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from maillage.accounts.models import User
from maillage.api.auth import actor
from maillage.api.errors import problem
from maillage.api.schemas import ProblemOut, RecordId
from maillage.core.progress import JobStatus
from maillage.events import queries
from maillage.events.agenda import agenda_calendar, agenda_registration
from maillage.events.models import Event, ScheduleRun
from maillage.events.permissions import check_organiser
from maillage.events.queries import schedule as schedule_queries
from maillage.events.schedule_stats import RunReport
from maillage.events.services.scheduling import (
    ReplacementNotConfirmedError,
    ScheduleRunInProgressError,
    publish_schedule,
    start_schedule_run,
)

router = Router(tags=["scheduling"])

_ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class UnplacedOut(Schema):
    registrations: list[int] = Field(description="Registration ids of the two participants.")
    reasons: list[str] = Field(description="Why it could not be placed, when known.")


class RunStatsOut(Schema):
    solver_status: str = Field(description="optimal, feasible, infeasible or unknown.")
    requested: int = Field(description="Accepted meeting requests to place.")
    placed: int
    breaks: int | None = Field(None, description="Idle slots between meetings, in total.")
    load_min: int = Field(0, description="Fewest meetings of a participant with requests.")
    load_mean: float = 0
    load_max: int = 0
    load_median: float | None = Field(None, description="Median meetings per participant.")
    gaps_min: int | None = Field(
        None, description="Fewest idle gaps (breaks) of a participant with requests."
    )
    gaps_median: float | None = Field(None, description="Median idle gaps per participant.")
    gaps_max: int | None = Field(None, description="Most idle gaps of a participant.")
    unplaced: list[UnplacedOut] = []
    engine_reasons: list[str] = Field([], description="Why no schedule exists, if proven.")
    seconds: float | None = Field(None, description="The solver's time.")
    moved: int | None = Field(None, description="Re-plans: announced meetings moved.")
    cancelled: int | None = Field(None, description="Re-plans: announced meetings gone.")
    added: int | None = Field(None, description="Re-plans: meetings added.")


class ScheduleRunOut(Schema):
    id: int
    event: str = Field(description="The event's slug.")
    status: JobStatus
    progress: float = Field(description="0 to 1.")
    message: str
    created_at: datetime
    finished_at: datetime | None
    published_at: datetime | None
    stats: RunStatsOut | None = Field(description="Once the run is done.")

    @staticmethod
    def resolve_event(obj: ScheduleRun) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_stats(obj: ScheduleRun) -> RunReport | None:
        return schedule_queries.run_report(obj)


def _organiser(request: HttpRequest, event: Event) -> User:
    user = actor(request)
    check_organiser(user, event, "schedule")
    assert isinstance(user, User), "organisers are users"
    return user


@router.post("/{slug}/schedule/runs", response={202: ScheduleRunOut, 409: ProblemOut, **_ERRORS})
def start_run(request: HttpRequest, slug: str) -> Status[ScheduleRun] | HttpResponse:
    """Organisers: start a scheduling run in the background (202); poll its status. 409 while
    another run of the event is queued or running."""
    event = queries.event_by_slug(slug)
    user = _organiser(request, event)
    try:
        run = start_schedule_run(event=event, actor=user)
    except ScheduleRunInProgressError as error:
        return problem(
            request,
            409,
            " ".join(error.errors["__all__"]),
            code="run_in_progress",
            extensions={"run": error.run.pk},
        )
    return Status(202, schedule_queries.run_of(event, run.pk))


@router.get("/{slug}/schedule/runs/{run_id}", response={200: ScheduleRunOut, **_ERRORS})
def get_run(request: HttpRequest, slug: str, run_id: RecordId) -> ScheduleRun:
    """Organisers: a run's status, progress and, once done, its statistics."""
    event = queries.event_by_slug(slug)
    _organiser(request, event)
    return schedule_queries.run_of(event, run_id)


@router.post(
    "/{slug}/schedule/runs/{run_id}/publish",
    response={200: ScheduleRunOut, 409: ProblemOut, **_ERRORS},
)
def publish_run(
    request: HttpRequest, slug: str, run_id: RecordId, replace: bool = False
) -> ScheduleRun | HttpResponse:
    """Organisers: publish a finished run and e-mail the participants. 422 with the reason when
    the run is unfinished, failed, infeasible or already published; 409
    (``replaces_published``, with ``participants_affected``) when another schedule is published
    and ``replace=true`` is not given."""
    event = queries.event_by_slug(slug)
    user = _organiser(request, event)
    try:
        return publish_schedule(
            run=schedule_queries.run_of(event, run_id), actor=user, replace=replace
        )
    except ReplacementNotConfirmedError as warning:
        return problem(
            request,
            409,
            warning.text,
            code="replaces_published",
            extensions={
                "published_run": warning.published.pk,
                "participants_affected": warning.affected,
            },
        )


@router.get(
    "/{slug}/registrations/{registration_id}/agenda.ics",
    response={200: None, **_ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The participant's published meetings (RFC 5545).",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def agenda_ics(request: HttpRequest, slug: str, registration_id: RecordId) -> HttpResponse:
    """A participant's agenda as iCalendar: for the participant and the event's organisers
    (404 for anyone else)."""
    event = queries.event_by_slug(slug)
    registration = agenda_registration(actor(request), event, registration_id)
    return HttpResponse(agenda_calendar(registration), content_type="text/calendar")
