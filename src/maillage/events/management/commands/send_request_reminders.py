"""``maillage send_request_reminders``: e-mail recipients of requests expiring within 24 hours.

Run it hourly (cron, or the ``send_request_reminders`` task); each request is reminded once.
Also marks overdue pending requests as expired.
"""

from typing import Any

from django.core.management.base import BaseCommand

from maillage.events.services.reminders import send_request_reminders
from maillage.events.services.requests import expire_meeting_requests


class Command(BaseCommand):
    help = "E-mail the recipients of meeting requests that expire within 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_meeting_requests()
        sent = send_request_reminders()
        self.stdout.write(f"{sent} reminder(s) sent, {expired} request(s) expired.")
