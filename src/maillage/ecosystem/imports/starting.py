"""Starting member imports: the upload queues a dry run, the confirmation a commit.

A 20,000-row file takes seconds to check, longer than a web request may wait, so the views only
store the file (``pending``), create an ``ImportJob`` and queue ``ecosystem.tasks.run_import_job``
(its work is ``jobs.execute_import_job``); the page then polls the job.
"""

from django.db import transaction

from maillage.accounts.models import User
from maillage.ecosystem import permissions
from maillage.ecosystem.imports.pending import load_pending, store_pending
from maillage.ecosystem.models import ImportJob, Organisation
from maillage.ecosystem.tasks import run_import_job


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
    job = ImportJob.objects.create(
        network=network, user=user, kind=kind, token=token, file_name=file_name, language=language
    )
    # After the commit, so a worker on another connection finds the row.
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def import_job_for(*, user: User, network: Organisation, job_id: int) -> ImportJob:
    """The job ``job_id`` of ``network`` started by ``user``: nobody else sees its rows."""
    return ImportJob.objects.select_related("batch").get(pk=job_id, network=network, user=user)
