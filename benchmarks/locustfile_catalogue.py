"""Locust users browsing the catalogue: the list, filtered lists, searches, entry pages and the
API, named by page type so the statistics come out per type. Each user waits 1 to 3 seconds
between pages. Entry slugs come from ``MAILLAGE_BENCH_ENTRIES`` (written by web_catalogue.py)."""

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

SEARCHES = ("cybersécurité", "dashboards", "jumeaux numériques", "cloud", "robotics", "énergie")
FILTERS = (
    {"technology": "ai"},
    {"dimension": "D4"},
    {"technology": "cybersecurity", "dimension": "D4"},
    {"label": "digital-wallonia"},
    {"language": "de", "sector": "health-nutrition"},
    {"province": "WLG", "technology": "iot"},
)
SLUGS: list[str] = []


@events.test_start.add_listener
def load_slugs(environment: Any, **_: Any) -> None:
    SLUGS.extend(json.loads(Path(os.environ["MAILLAGE_BENCH_ENTRIES"]).read_text(encoding="utf-8")))


class CatalogueVisitor(HttpUser):
    wait_time = between(1, 3)

    @task(2)
    def entry_list(self) -> None:
        self.client.get("/catalogue/", name="list")

    @task(3)
    def filtered(self) -> None:
        self.client.get("/catalogue/", params=random.choice(FILTERS), name="filtered")

    @task(2)
    def search(self) -> None:
        self.client.get("/catalogue/", params={"q": random.choice(SEARCHES)}, name="search")

    @task(2)
    def entry_detail(self) -> None:
        self.client.get(f"/catalogue/{random.choice(SLUGS)}/", name="detail")

    @task(1)
    def api(self) -> None:
        self.client.get("/api/v1/catalogue", params=random.choice(FILTERS), name="api")
