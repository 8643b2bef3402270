"""Background tasks of the catalogue: thin, they call ``index``."""

from django.core.cache import cache
from django.tasks import task

from maillage.catalogue import index

#: While set, a prebuild is queued and not started: further changes need not queue another.
QUEUED_KEY = "catalogue:index:queued"


@task
def prebuild_catalogue_index() -> None:
    cache.delete(QUEUED_KEY)
    index.prebuild_index()


@task
def refresh_catalogue_index() -> None:
    """The periodic pass: today's labels after midnight, changes made behind the models."""
    index.prebuild_index(force=True)


def queue_prebuild() -> None:
    if cache.add(QUEUED_KEY, 1, 60):
        prebuild_catalogue_index.enqueue()
