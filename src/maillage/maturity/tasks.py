"""Background tasks of digital maturity: thin, they call ``jobs``."""

from django.tasks import task

from maillage.maturity import jobs


@task
def refresh_benchmark_task() -> None:
    jobs.refresh_benchmark()
