"""The event workflow's periodic jobs (run by ``maillage worker``, see ``core.periodic``)."""

from datetime import timedelta

from maillage.core.periodic import every
from maillage.events.tasks import close_abandoned_schedule_runs, send_request_reminders

# Requests are reminded 24 hours before they expire: an hourly pass is close enough.
every(timedelta(hours=1), send_request_reminders)
# `maillage worker` runs due jobs as it starts: runs whose worker was killed are closed then, and
# within a minute of being silent too long afterwards.
every(timedelta(minutes=1), close_abandoned_schedule_runs)
