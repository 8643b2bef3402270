"""The work behind the calls app's background tasks (``calls.tasks`` calls these).

Each job reads its row, runs in the language it was asked in, writes its progress for the page
that polls it, and ends DONE with its result or FAILED with the reason.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.calls import ranking
from maillage.calls.models import (
    Call,
    CallFitRun,
    CallImportJob,
    CallStatus,
    Consortium,
    Job,
    PartnerProposalRun,
)
from maillage.calls.portal import PortalFormatError
from maillage.calls.services.portal_import import import_portal_answer
from maillage.core.progress import JobStatus, Progress, progress_writer
from maillage.ecosystem.models import Membership, Organisation


def _writer(model: type[models.Model], pk: int) -> Progress:
    return progress_writer(
        lambda fraction, stage: model._default_manager.filter(pk=pk).update(
            progress=fraction, stage=stage[:120]
        )
    )


def _finish(model: type[models.Model], pk: int, status: str, result: dict[str, Any]) -> None:
    model._default_manager.filter(pk=pk).update(
        status=status, progress=1.0, result=result, finished_at=timezone.now()
    )


def fail_job(model: type[models.Model], pk: int, error: Exception) -> None:
    """Record an unexpected error so the page stops waiting (the task re-raises it)."""
    _finish(model, pk, JobStatus.FAILED, {"error": str(error)[:300]})


def _embedding_progress(progress: Progress, low: float, high: float) -> ranking.EmbedProgress:
    def report(done: int, total: int) -> None:
        share = done / total if total else 1.0
        progress(
            low + (high - low) * share,
            _("Reading the texts (%(done)d of %(total)d)")
            % {
                "done": done,
                "total": total,
            },
        )

    return report


def execute_call_import(job_id: int) -> None:
    """Import the uploaded answer of job ``job_id``: its counts, or every error."""
    job = CallImportJob.objects.get(pk=job_id)
    CallImportJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
    with translation.override(job.language):
        try:
            counts = import_portal_answer(
                data=bytes(job.data), progress=_writer(CallImportJob, job_id)
            )
        except PortalFormatError as error:
            result: dict[str, Any] = {"errors": error.errors}
        else:
            result = {
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
    # The file is no longer needed once read, whatever the outcome.
    CallImportJob.objects.filter(pk=job_id).update(data=b"")
    _finish(CallImportJob, job_id, JobStatus.DONE, result)


def _run[RunT: Job](model: type[RunT], run_id: int, work: Callable[[RunT], None]) -> None:
    """Mark the run running and do its ``work`` in the language it was asked in."""
    run = model._default_manager.get(pk=run_id)
    model._default_manager.filter(pk=run_id).update(status=JobStatus.RUNNING)
    with translation.override(run.language):
        work(run)


def execute_fit_run(run_id: int) -> None:
    """Rank the open and forthcoming calls the run's organisation is eligible for."""
    _run(CallFitRun, run_id, _rank_calls)


def _rank_calls(run: CallFitRun) -> None:
    progress = _writer(CallFitRun, run.pk)
    organisation = ranking.with_profile_data(
        Organisation.objects.filter(pk=run.organisation_id)
    ).get()
    calls = list(
        Call.objects.with_status()
        .in_statuses(CallStatus.OPEN, CallStatus.FORTHCOMING)
        .select_related("relayed_by")
        .prefetch_related("deadlines")
        .order_by("pk")
    )
    eligible = ranking.eligible_calls(organisation, calls)
    networks = set(
        Membership.objects.current()
        .filter(organisation=organisation)
        .values_list("network_id", flat=True)
    )
    ranked = ranking.rank_calls(
        organisation,
        eligible,
        network_ids=networks,
        progress=_embedding_progress(progress, 0.05, 0.9),
    )
    fits = [{"call": r.id, "score": r.score, "reasons": r.reasons} for r in ranked]
    _finish(CallFitRun, run.pk, JobStatus.DONE, {"fits": fits})


def execute_proposal_run(run_id: int) -> None:
    """Propose partners for every wanted partner of the run's consortium."""
    _run(PartnerProposalRun, run_id, _propose)


def _propose(run: PartnerProposalRun) -> None:
    progress = _writer(PartnerProposalRun, run.pk)
    consortium = (
        Consortium.objects.select_related("call")
        .prefetch_related("wanted", "partners")
        .get(pk=run.consortium_id)
    )
    proposals = ranking.propose_partners(
        consortium, progress=_embedding_progress(progress, 0.05, 0.9)
    )
    result = {
        str(wanted_id): [
            {"organisation": r.id, "score": r.score, "reasons": r.reasons} for r in ranked
        ]
        for wanted_id, ranked in proposals.items()
    }
    _finish(PartnerProposalRun, run.pk, JobStatus.DONE, {"proposals": result})
