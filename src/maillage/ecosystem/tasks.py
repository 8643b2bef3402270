"""Background jobs of the directory: thin tasks that take ids and call a service."""

from django.tasks import task

from maillage.ecosystem.imports.jobs import execute_import_job, fail_import_job


@task
def run_import_job(job_id: int) -> None:
    try:
        execute_import_job(job_id)
    except Exception as error:
        fail_import_job(job_id, error)
        raise
