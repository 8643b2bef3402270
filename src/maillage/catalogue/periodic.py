"""The catalogue's periodic job (run by ``maillage worker``, see ``core.periodic``)."""

from datetime import timedelta

from maillage.catalogue.tasks import refresh_catalogue_index
from maillage.core.periodic import every

# As often as a process rebuilds an index that looks unchanged (``index.MAX_AGE_SECONDS``), so
# that it then finds a fresh one stored.
every(timedelta(minutes=10), refresh_catalogue_index)
