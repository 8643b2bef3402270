"""The event workflow's periodic jobs (run by ``maillage worker``, see ``core.periodic``)."""

from datetime import timedelta

from maillage.core.periodic import every
from maillage.events.tasks import send_request_reminders

# Requests are reminded 24 hours before they expire: an hourly pass is close enough.
every(timedelta(hours=1), send_request_reminders)
