"""The work behind the EDIH result import task (``tasks.run_result_import``): the dry run or the
commit of an uploaded file, in the uploader's language, with progress; the result is kept as
JSON for the page (the preview's rows and line-numbered errors, or the count imported). Nothing
here queues a task: ``services.start_result_preview`` and ``start_result_commit`` do.
"""

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core.progress import Progress, progress_writer
from maillage.ecosystem.imports.pending import discard_pending, load_pending
from maillage.maturity.exchange import (
    ImportPreview,
    ImportRejected,
    import_results,
    preview_results,
)
from maillage.maturity.models import ResultImportJob


def execute_result_import(job_id: int) -> None:
    """Run the job (the task's body): the dry run or the commit, with progress."""
    job = ResultImportJob.objects.select_related("hub", "user").get(pk=job_id)
    ResultImportJob.objects.filter(pk=job.pk).update(status=ResultImportJob.Status.RUNNING)
    with translation.override(job.language):
        try:
            pending = load_pending(job.token, network_id=job.hub_id, user_id=job.user_id)
        except LookupError:
            _finish(job, {"error": _("The uploaded file is gone.")}, failed=True)
            return
        progress = _progress_writer(job.pk)
        if job.kind == ResultImportJob.Kind.PREVIEW:
            preview = preview_results(
                actor=job.user, data=pending.data, file_name=pending.file_name, progress=progress
            )
            if not preview.ok:
                discard_pending(job.token)  # a file with errors can never be confirmed
            _finish(job, preview_result(preview))
            return
        discard_pending(job.token)  # committed or rejected, the file is used up
        try:
            created = import_results(
                actor=job.user,
                hub=job.hub,
                data=pending.data,
                file_name=pending.file_name,
                progress=progress,
            )
        except ImportRejected as rejected:
            # The directory or the follows changed since the preview: show the new errors.
            _finish(job, preview_result(rejected.preview))
            return
        _finish(job, {"ok": True, "imported": len(created)})


def fail_result_import(job_id: int, error: Exception) -> None:
    """Record an unexpected error so the page stops waiting (the task re-raises it for the log)."""
    ResultImportJob.objects.filter(pk=job_id).update(
        status=ResultImportJob.Status.FAILED,
        result={"error": str(error)[:300]},
        finished_at=timezone.now(),
    )


def _finish(job: ResultImportJob, result: dict[str, Any], *, failed: bool = False) -> None:
    status = ResultImportJob.Status.FAILED if failed else ResultImportJob.Status.DONE
    ResultImportJob.objects.filter(pk=job.pk).update(
        status=status, progress=1.0, result=result, finished_at=timezone.now()
    )


def _progress_writer(job_id: int) -> Progress:
    return progress_writer(
        lambda fraction, stage: ResultImportJob.objects.filter(pk=job_id).update(
            progress=fraction, stage=stage[:120]
        )
    )


def preview_result(preview: ImportPreview) -> dict[str, Any]:
    """The preview as JSON for the page: messages already in the job's language."""
    return {
        "ok": preview.ok,
        "file_name": preview.file_name,
        "file_errors": [str(error) for error in preview.file_errors],
        "error_row_count": len(preview.error_rows),
        "rows": [
            {
                "number": row.number,
                "company": row.organisation.display_name if row.organisation else row.name,
                "errors": [str(issue) for issue in row.errors],
                "action": str(row.action),
                "overall": round(row.overall, 1),
            }
            for row in preview.rows
        ],
    }
