"""The work behind the impact tasks (``tasks.py``), callable without a worker (tests, shell)."""

import logging

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.progress import JobStatus, Progress, progress_writer
from maillage.impact.models import ReportJob
from maillage.impact.report import kpi_report
from maillage.impact.report_pdf import report_pdf
from maillage.impact.report_xlsx import report_xlsx
from maillage.impact.services.waves import run_follow_up as run_waves

logger = logging.getLogger(__name__)


def _writer(job_id: int) -> Progress:
    return progress_writer(
        lambda fraction, stage: ReportJob.objects.filter(pk=job_id).update(
            progress=fraction, stage=stage[:200]
        )
    )


def build_report_file(job_id: int) -> ReportJob:
    """Build the job's file (in its requester's language) and store it. A failure marks the job
    failed with its reason, so the page stops waiting, and is raised again for the worker's log."""
    job = ReportJob.objects.select_related("organiser").get(pk=job_id)
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    progress = _writer(job.pk)
    try:
        with translation.override(job.language):
            progress(0.05, _("Counting the answers"))
            report = kpi_report(organiser=job.organiser, start=job.start, end=job.end)
            progress(0.3, _("Writing the file"))
            if job.file_format == ReportJob.Format.PDF:
                content = report_pdf(report)
            else:
                content = report_xlsx(report)
    except Exception as error:
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, stage=str(error)[:200], finished_at=timezone.now()
        )
        raise
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=1.0, stage="", content=content, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def run_follow_up() -> None:
    done = run_waves()
    logger.info(
        "impact follow-up: %d plans, %d waves opened (%d invitations), %d reminders",
        done.plans,
        done.waves,
        done.invitations,
        done.reminders,
    )
