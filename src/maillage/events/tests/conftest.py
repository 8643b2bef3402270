"""Fixtures shared by the event tests (the cast of users is in maillage/conftest.py)."""

from collections.abc import Callable

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.events.tests.eventday_fixtures import Day, make_day


@pytest.fixture
def day(cast: Cast, manager: User) -> Day:
    """An edition on its day, with a published schedule (see eventday_fixtures)."""
    return make_day(cast, manager)


@pytest.fixture
def as_user(client: Client, cast: Cast, manager: User) -> Callable[[str], Client]:
    """``as_user("manager" | "alice" | "bob" | "charlie")``: the client logged in, in English."""

    def login(who: str) -> Client:
        client.force_login(manager if who == "manager" else getattr(cast, who))
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login
