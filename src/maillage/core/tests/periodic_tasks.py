"""A task the periodic-runner tests schedule (tasks must live at a module's top level)."""

from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_ping() -> None:
    EmailMessage("ping", "periodic ping", to=["ops@example.org"]).send()
