"""Locust users browsing the directory: list, search and organisation pages.

Each simulated user waits 1 to 3 seconds between pages (a person reading a results page), and
chooses the list (weight 3), a search (weight 3) or an organisation page (weight 4). Requests are
named by page type so the statistics come out per type.

Slugs for the organisation pages come from ``MAILLAGE_BENCH_SLUGS`` (a JSON list written by
``web_directory.py``), or else are harvested from the list and search pages at start.
"""

import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

#: French and English searches, accents included (the search is accent-insensitive).
SEARCHES = (
    "maintenance prédictive",
    "mécatronique",
    "logistique",
    "vision par ordinateur",
    "énergie renouvelable",
    "agroalimentaire",
    "santé",
    "Liège",
    "cybersecurity",
    "robotic cells",
    "composites",
    "route optimisation",
)
_LINK = re.compile(r'href="/organisations/([a-z0-9-]+)/"')
SLUGS: list[str] = []


@events.test_start.add_listener
def load_slugs(environment: Any, **_: Any) -> None:
    path = os.environ.get("MAILLAGE_BENCH_SLUGS")
    if path:
        SLUGS.extend(json.loads(Path(path).read_text(encoding="utf-8")))
        return
    import requests  # noqa: PLC0415 - locust depends on it; only needed without a slug file

    host = environment.host.rstrip("/")
    for query in ("", *SEARCHES):
        response = requests.get(f"{host}/organisations/", params={"q": query}, timeout=30)
        SLUGS.extend(slug for slug in _LINK.findall(response.text) if slug not in {"edit", "new"})
    if not SLUGS:
        raise RuntimeError("No organisation links found on the list pages.")


class DirectoryVisitor(HttpUser):
    wait_time = between(1, 3)

    @task(3)
    def organisation_list(self) -> None:
        self.client.get("/organisations/", name="list")

    @task(3)
    def search(self) -> None:
        self.client.get("/organisations/", params={"q": random.choice(SEARCHES)}, name="search")

    @task(4)
    def organisation_detail(self) -> None:
        self.client.get(f"/organisations/{random.choice(SLUGS)}/", name="detail")
