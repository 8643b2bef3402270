"""The impact app's periodic job (run by ``maillage worker``, see ``core.periodic``)."""

from datetime import timedelta

from maillage.core.periodic import every
from maillage.impact.tasks import run_follow_up

# Waves open at 9:00 and reminders are due by the day: an hourly pass sends them on time.
every(timedelta(hours=1), run_follow_up)
