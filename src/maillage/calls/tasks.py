"""Background tasks of the calls app: thin, they take ids and call ``jobs``."""

from django.tasks import task

from maillage.calls import jobs
from maillage.calls.models import CallFitRun, CallImportJob, PartnerProposalRun


@task
def run_call_import(job_id: int) -> None:
    try:
        jobs.execute_call_import(job_id)
    except Exception as error:
        jobs.fail_job(CallImportJob, job_id, error)
        raise


@task
def run_call_fits(run_id: int) -> None:
    try:
        jobs.execute_fit_run(run_id)
    except Exception as error:
        jobs.fail_job(CallFitRun, run_id, error)
        raise


@task
def run_partner_proposals(run_id: int) -> None:
    try:
        jobs.execute_proposal_run(run_id)
    except Exception as error:
        jobs.fail_job(PartnerProposalRun, run_id, error)
        raise
