"""Background jobs of the impact app: thin tasks that call ``jobs``."""

from django.tasks import task

from maillage.impact import jobs


@task
def build_report_file(job_id: int) -> None:
    """Build a report's PDF or XLSX."""
    jobs.build_report_file(job_id)


@task
def run_follow_up() -> None:
    """Create plans of finished events, open due waves, send due reminders (periodic)."""
    jobs.run_follow_up()
