"""Keeping the catalogue's index fresh: every save or deletion of an entry or a label
application drops this process's index at once, and once committed, tells the other processes
(``index.bump_generation``) and queues the worker's prebuild, so the next page finds it built."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from maillage.catalogue import index, tasks
from maillage.catalogue.models import Entry, LabelApplication


def _committed() -> None:
    index.bump_generation()
    tasks.queue_prebuild()


def catalogue_changed(**_signal: Any) -> None:
    index.invalidate_index()
    transaction.on_commit(_committed)


def connect_signals() -> None:
    for model in (Entry, LabelApplication):
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"catalogue-save-{model}")
        post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"catalogue-del-{model}")
