"""Member imports as background jobs: the upload queues a dry run, the confirmation a commit.

A 20,000-row file takes seconds to check, longer than a web request may wait, so the views only
store the file (``pending``), create an ``ImportJob`` and queue ``ecosystem.tasks.run_import_job``;
the page then polls the job. The worker does the work in the uploader's language and keeps the
result as JSON: the preview's rows and errors, or the counts of the committed batch.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.progress import Progress, progress_writer
from maillage.ecosystem import permissions
from maillage.ecosystem.imports.committing import ImportRejectedError, commit_import
from maillage.ecosystem.imports.pending import discard_pending, load_pending, store_pending
from maillage.ecosystem.imports.planning import ImportPreview, preview_import
from maillage.ecosystem.models import ImportBatch, ImportJob, Organisation


def start_preview(
    *, network: Organisation, user: User, data: bytes, file_name: str, language: str
) -> ImportJob:
    """Keep the uploaded file and queue its dry run, for a user who may import the network's
    members (``PermissionDenied`` otherwise)."""
    permissions.check_can_import_members(user, network)
    token = store_pending(data=data, file_name=file_name, network_id=network.pk, user_id=user.pk)
    return _queue(
        network, user, ImportJob.Kind.PREVIEW, token=token, file_name=file_name, language=language
    )


def start_commit(*, network: Organisation, user: User, token: str, language: str) -> ImportJob:
    """Queue the import of the previewed file ``token``.

    Raises ``PendingImportMissingError`` when the token is unknown, expired, already imported
    or someone else's, and ``PermissionDenied`` when the user may not import members.
    """
    permissions.check_can_import_members(user, network)
    pending = load_pending(token, network_id=network.pk, user_id=user.pk)
    return _queue(
        network,
        user,
        ImportJob.Kind.COMMIT,
        token=pending.token,
        file_name=pending.file_name,
        language=language,
    )


def _queue(
    network: Organisation, user: User, kind: str, *, token: str, file_name: str, language: str
) -> ImportJob:
    from maillage.ecosystem.tasks import run_import_job  # noqa: PLC0415  (tasks import this module)

    job = ImportJob.objects.create(
        network=network, user=user, kind=kind, token=token, file_name=file_name, language=language
    )
    # After the commit, so a worker on another connection finds the row.
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


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


def import_job_for(*, user: User, network: Organisation, job_id: int) -> ImportJob:
    """The job ``job_id`` of ``network`` started by ``user``: nobody else sees its rows."""
    return ImportJob.objects.select_related("batch").get(pk=job_id, network=network, user=user)
