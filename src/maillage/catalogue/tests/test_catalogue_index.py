"""The catalogue's index is built once per change and shared through the cache: a process
whose index is stale loads the stored one instead of reading every entry; committed changes,
deletions included, reach every process."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django_tasks_db.models import DBTaskResult

from maillage.catalogue import index
from maillage.catalogue.models import Entry
from maillage.catalogue.tests.test_catalogue_pages import entry

pytestmark = pytest.mark.django_db


def names(client: Client) -> list[str]:
    return [item["name"] for item in client.get("/api/v1/catalogue").json()["items"]]


def another_process() -> None:
    """What a process that has not read the catalogue yet starts with: no index of its own."""
    index._index.invalidate()


def test_a_process_loads_the_stored_index_without_reading_the_entries(
    django_assert_num_queries: Callable[..., Any],
) -> None:
    entry("Alpha Data", technologies=["ai"])
    entry("Beta Secure", technologies=["cybersecurity"])
    assert index.prebuild_index() is True
    assert index.prebuild_index() is False  # already stored for this fingerprint
    another_process()
    with django_assert_num_queries(3):  # the fingerprint only
        loaded = index.catalogue_index()
    built = index.build_index()
    assert loaded.ids.tolist() == built.ids.tolist()
    assert loaded.texts == built.texts
    for facet, (values, matrix) in built.facets.items():
        assert loaded.facets[facet][0] == values
        assert (loaded.facets[facet][1] == matrix).all(), facet


def test_a_forced_prebuild_sees_changes_made_behind_the_models(client: Client) -> None:
    first = entry("Alpha Data")
    entry("Beta Secure")
    assert names(client) == ["Alpha Data", "Beta Secure"]
    Entry.objects.filter(pk=first.pk).update(published=False)  # no signal, no updated_at
    assert index.prebuild_index() is False  # same fingerprint: nothing seen
    assert index.prebuild_index(force=True) is True
    another_process()
    assert names(client) == ["Beta Secure"]


def test_a_committed_deletion_reaches_every_process_and_queues_a_prebuild(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    first = entry("Alpha Data")
    entry("Beta Secure")
    assert names(client) == ["Alpha Data", "Beta Secure"]
    seen = index._fingerprint()
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()  # not the latest entry: only the generation tells other processes
    assert index._fingerprint() != seen
    assert DBTaskResult.objects.count() == queued + 1
    another_process()
    assert names(client) == ["Beta Secure"]


def test_changes_within_a_minute_queue_one_prebuild(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        alpha = entry("Alpha Data")
    with django_capture_on_commit_callbacks(execute=True):
        alpha.save()
    assert DBTaskResult.objects.count() == queued + 1
    cache.delete("catalogue:index:queued")  # the task started: the next change queues again
    with django_capture_on_commit_callbacks(execute=True):
        alpha.save()
    assert DBTaskResult.objects.count() == queued + 2
