"""Expiry: a listing past its date leaves browse and the API at once, and the hourly job (the
worker's periodic runner) records it as expired."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from maillage.conftest import Cast
from maillage.core.periodic import registered_jobs
from maillage.marketplace.models import Listing
from maillage.marketplace.services import expire_listings
from maillage.marketplace.tasks import expire_listings as expire_listings_task
from maillage.marketplace.tests.factories import make_listing
from maillage.marketplace.versions import listings_version

pytestmark = pytest.mark.django_db


def test_the_worker_expires_listings_hourly(db: None) -> None:
    jobs = {job.name: job.interval for job in registered_jobs()}
    assert jobs["maillage.marketplace.tasks.expire_listings"] == dt.timedelta(hours=1)


def test_expire_marks_only_active_listings_past_their_date(cast: Cast) -> None:
    past = make_listing(cast.alice_org, "Past", days=-1)
    future = make_listing(cast.alice_org, "Future", days=1)
    withdrawn = make_listing(cast.alice_org, "Gone", days=-1, status=Listing.Status.WITHDRAWN)
    version = listings_version()
    assert expire_listings() == 1
    assert listings_version() == version + 1  # the suggestion tables are recomputed
    statuses = dict(Listing.objects.values_list("pk", "status"))
    assert statuses == {past.pk: "expired", future.pk: "active", withdrawn.pk: "withdrawn"}
    assert expire_listings() == 0
    assert listings_version() == version + 1


def test_expire_task_runs_the_service(cast: Cast) -> None:
    past = make_listing(cast.alice_org, "Past", days=-1)
    expire_listings_task.call()
    past.refresh_from_db()
    assert past.status == Listing.Status.EXPIRED


def test_a_listing_past_its_date_is_hidden_before_the_job_runs(client: Client, cast: Cast) -> None:
    listing = make_listing(cast.alice_org, "Soon gone", days=1)
    assert client.get("/api/v1/listings").json()["count"] == 1
    Listing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert client.get("/api/v1/listings").json()["count"] == 0
    assert client.get("/marketplace/").context["page_obj"].paginator.count == 0
    assert client.get(f"/marketplace/{listing.pk}/").status_code == 404
    assert list(Listing.objects.active()) == []
