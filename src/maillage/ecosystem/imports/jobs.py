"""The work behind the member-import task (``ecosystem.tasks.run_import_job``): the dry run or
the commit of an uploaded file, in the uploader's language, with progress; the result is kept as
JSON (the preview's rows and errors, or the committed batch's counts). Nothing here queues a
task: ``imports.starting`` does, with a top-level import.
"""

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.progress import Progress, progress_writer
from maillage.ecosystem.imports.committing import ImportRejectedError, commit_import
from maillage.ecosystem.imports.pending import discard_pending, load_pending
from maillage.ecosystem.imports.planning import ImportPreview, preview_import
from maillage.ecosystem.models import ImportBatch, ImportJob


def execute_import_job(job_id: int) -> None:
    """Run the job (the task's body): the dry run or the commit, with progress."""
    job = ImportJob.objects.select_related("network", "user").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    with translation.override(job.language):
        try:
            pending = load_pending(job.token, network_id=job.network_id, user_id=job.user_id)
        except LookupError:
            _finish(job, ImportJob.Status.FAILED, {"error": _("The uploaded file is gone.")})
            return
        progress = _progress_writer(job.pk)
        if job.kind == ImportJob.Kind.PREVIEW:
            preview = preview_import(
                network=job.network,
                data=pending.data,
                file_name=pending.file_name,
                user=job.user,
                progress=progress,
            )
            if not preview.ok:
                discard_pending(job.token)  # a file with errors can never be confirmed
            _finish(job, ImportJob.Status.DONE, preview_result(preview))
            return
        discard_pending(job.token)  # committed or rejected, the file is used up
        try:
            batch = commit_import(
                network=job.network,
                data=pending.data,
                file_name=pending.file_name,
                user=job.user,
                source=ImportBatch.Source.WEB,
                progress=progress,
            )
        except ImportRejectedError as rejected:
            # The directory changed since the preview: show the new errors.
            _finish(job, ImportJob.Status.DONE, preview_result(rejected.preview))
            return
        _finish(job, ImportJob.Status.DONE, {"ok": True}, batch=batch)


def fail_import_job(job_id: int, error: Exception) -> None:
    """Record an unexpected error so the page stops waiting (the task re-raises it for the log)."""
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED,
        result={"error": str(error)[:300]},
        finished_at=timezone.now(),
    )


def _finish(
    job: ImportJob, status: str, result: dict[str, Any], *, batch: ImportBatch | None = None
) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, progress=1.0, result=result, batch=batch, finished_at=timezone.now()
    )


def _progress_writer(job_id: int) -> Progress:
    return progress_writer(
        lambda fraction, stage: ImportJob.objects.filter(pk=job_id).update(
            progress=fraction, stage=stage[:120]
        )
    )


def preview_result(preview: ImportPreview) -> dict[str, Any]:
    """The preview as JSON for the page: messages already in the job's language."""
    return {
        "ok": preview.ok,
        "file_errors": list(preview.file_errors),
        "counts": preview.counts,
        "error_row_count": len(preview.error_rows),
        "rows": [
            {
                "number": row.number,
                "name": row.name,
                "errors": [str(issue) for issue in row.errors],
                "warnings": [str(issue) for issue in row.warnings],
                "action": row.action.label if row.action else "",
                "organisation_name": row.organisation_name,
                "matched_by": str(row.matched_by),
                "changes": list(row.changes),
            }
            for row in preview.rows
        ],
    }
