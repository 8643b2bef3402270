"""The demo catalogue: the seed's initiatives with their labels, synthetic providers, two
reviewable labels with granted, pending, refused and withdrawn applications."""

from typing import Any

import pytest
from django.utils import translation

from maillage.catalogue.demo import load_catalogue_demo
from maillage.catalogue.models import Entry, Label, LabelApplication
from maillage.core.demo import load_demo_data

pytestmark = pytest.mark.django_db


def test_demo_catalogue(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_data(population=80)
    loaded = load_catalogue_demo(count=40)
    assert loaded is not None
    assert Entry.objects.count() == loaded.entries == 40
    assert Entry.objects.filter(synthetic=False).count() == 6  # the seed's initiatives
    reviewable = Label.objects.filter(body__isnull=False)
    assert sorted(reviewable.values_list("name", flat=True)) == [
        "Digital Wallonia",
        "WalHub expert partner",
    ]
    walhub = Entry.objects.get(name="WalHub")
    assert list(
        LabelApplication.objects.current()
        .filter(entry=walhub)
        .values_list("label__name", flat=True)
    ) == ["European Digital Innovation Hub"]
    # The demo's own texts read in French, English and Dutch (the seed's initiatives are
    # described in English only).
    for label in reviewable:
        assert sorted(label.description) == sorted(label.criteria) == ["en", "fr", "nl"]
    providers = Entry.objects.filter(synthetic=True)
    assert all(sorted(entry.summary) == ["en", "fr", "nl"] for entry in providers)
    with translation.override("nl"):
        assert " biedt aan: " in providers[0].summary_text()
    statuses = set(LabelApplication.objects.values_list("status", flat=True))
    assert {"approved", "pending"} <= statuses
    assert load_catalogue_demo(count=40) is None
