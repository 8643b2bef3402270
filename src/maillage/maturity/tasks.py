"""Background tasks of digital maturity: thin, they call ``jobs`` and ``import_jobs``."""

from django.tasks import task

from maillage.maturity import import_jobs, jobs


@task
def refresh_benchmark_task() -> None:
    jobs.refresh_benchmark()


@task
def run_result_import(job_id: int) -> None:
    try:
        import_jobs.execute_result_import(job_id)
    except Exception as error:
        import_jobs.fail_result_import(job_id, error)
        raise
