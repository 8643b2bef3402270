"""Locust users of a live event: participants and organisers, logged in.

Sessions come from ``MAILLAGE_BENCH_ACCOUNTS`` (a JSON file written by ``event_load.py``): logged-in
participants of each benchmark edition and an organiser of both. Five participants for one
organiser; each waits 1 to 3 seconds between pages. Requests are named "<edition size> <page>"
so the statistics come out per edition and page type. The agenda page belongs to another part
of the project: when it answers 404 at start, it is left out rather than counted as a failure.
Any answer but 200 (a redirect to the login page included) is a failure.
"""

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

ACCOUNTS: dict[str, Any] = {}
#: Participant pages by type; the agenda is probed at start.
PARTICIPANT_PAGES = {
    "event": "/events/{slug}/",
    "participants": "/events/{slug}/b2b/participants/",
    "suggestions": "/events/{slug}/b2b/suggestions/",
    "requests": "/events/{slug}/b2b/requests/",
    "agenda": "/events/{slug}/agenda/",
}
ORGANISER_PAGES = {"dashboard": "/events/{slug}/dashboard/", "checkin": "/events/{slug}/day/"}


def _size(slug: str) -> str:
    return slug.rsplit("-", 1)[-1]


@events.test_start.add_listener
def load_accounts(environment: Any, **_: Any) -> None:
    import requests  # noqa: PLC0415 - locust depends on it

    ACCOUNTS.update(json.loads(Path(os.environ["MAILLAGE_BENCH_ACCOUNTS"]).read_text("utf-8")))
    slug = sorted(ACCOUNTS["events"])[0]
    probe = environment.host.rstrip("/") + PARTICIPANT_PAGES["agenda"].format(slug=slug)
    # A private page that exists sends the anonymous probe to the login page; 404: not built.
    if requests.get(probe, allow_redirects=False, timeout=60).status_code == 404:
        del PARTICIPANT_PAGES["agenda"]


class _LoggedIn(HttpUser):
    """A user whose session the benchmark created (see ``event_load.session_for``)."""

    abstract = True
    wait_time = between(1, 3)

    def start_session(self, key: str) -> None:
        self.client.cookies.set("sessionid", key)

    def visit(self, slug: str, page: str, template: str) -> None:
        name = f"{_size(slug)} {page}"
        with self.client.get(
            template.format(slug=slug), name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class Participant(_LoggedIn):
    weight = 5

    def on_start(self) -> None:
        self.slug = random.choice(sorted(ACCOUNTS["events"]))
        self.start_session(random.choice(ACCOUNTS["events"][self.slug]))

    @task
    def browse(self) -> None:
        page = random.choice(sorted(PARTICIPANT_PAGES))
        self.visit(self.slug, page, PARTICIPANT_PAGES[page])


class Organiser(_LoggedIn):
    weight = 1

    def on_start(self) -> None:
        self.start_session(ACCOUNTS["organiser"])

    @task
    def browse(self) -> None:
        slug = random.choice(sorted(ACCOUNTS["events"]))
        page = random.choice(sorted(ORGANISER_PAGES))
        self.visit(slug, page, ORGANISER_PAGES[page])
