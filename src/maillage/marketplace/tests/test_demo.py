"""The demo's listings are on the marketplace page: active ones shown, as demo data, and the
ones the generator dated in the past hidden."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from maillage.core.demo import load_demo_data
from maillage.marketplace.models import Listing

pytestmark = pytest.mark.django_db


def test_demo_listings_are_visible(client: Client, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_data(population=80)
    active = Listing.objects.active()
    assert active.count() > 0
    assert Listing.objects.filter(expires_at__lte=timezone.now()).exists()  # some are past
    response = client.get("/marketplace/")
    assert response.context["page_obj"].paginator.count == active.count()
    page = response.content.decode()
    newest = active.order_by("-created_at", "-pk").first()
    assert newest is not None
    assert escape(newest.title) in page
    assert page.count('class="tag synthetic"') == min(active.count(), 25)
    # the search finds the demo's texts, accents ignored
    word = newest.search_text.split()[0]
    found = client.get("/marketplace/", {"q": word}).context["page_obj"].object_list
    assert newest in list(found)
