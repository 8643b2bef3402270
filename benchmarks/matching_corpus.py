"""Synthetic corpora for the matching speed benchmark, and a random-vector embedder.

Texts are built from the evaluation themes and sector sentences plus varied filler, so that every
profile is distinct (the cache keys on text) and about ``chars`` characters long. SYNTHETIC.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

import numpy as np

from maillage.matching.engine.embeddings import Matrix, normalise_rows
from maillage.matching.evaluation.themes import SECTORS, THEMES

_FILLER = [
    "quality",
    "certified",
    "ISO",
    "9001",
    "team",
    "engineers",
    "customers",
    "Europe",
    "projects",
    "innovation",
    "partners",
    "regional",
    "growth",
    "export",
    "digital",
    "sustainable",
    "training",
    "laboratory",
    "prototype",
    "pilot",
    "market",
    "production",
    "services",
    "consulting",
    "research",
    "development",
    "network",
    "members",
    "investment",
    "funding",
    "platform",
    "data",
    "process",
    "product",
    "safety",
    "testing",
    "design",
    "integration",
    "maintenance",
    "supply",
    "chain",
]


def profile_record(index: int, rng: random.Random, chars: int = 1000) -> dict[str, object]:
    sector = rng.choice(list(SECTORS))
    theme = rng.choice(THEMES)
    other = rng.choice(THEMES)
    lang = "en" if rng.random() < 0.7 else rng.choice(["fr", "nl", "de"])
    parts = [
        f"Organisation {index} is a {SECTORS[sector][2]['en']}.",
        f"We offer {theme[3][lang]} for {' '.join(rng.choices(_FILLER, k=3))}.",
        f"We are looking for a partner: {other[4][lang]} ({' '.join(rng.choices(_FILLER, k=3))}).",
    ]
    while sum(len(p) + 1 for p in parts) < chars:
        words = rng.choices(_FILLER, k=rng.randint(8, 16))
        parts.append(" ".join(words).capitalize() + ".")
    return {
        "id": f"org-{index:06d}",
        "name": f"Organisation {index}",
        "country": rng.choice(["BE", "NL", "DE", "LU", "FR"]),
        "description": " ".join(parts)[: chars + 60],
        "synthetic": True,
    }


def corpus(n: int, seed: int = 12, chars: int = 1000) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [profile_record(i, rng, chars) for i in range(n)]


class RandomEmbedder:
    """Deterministic random unit vectors (from the text hash): the right shape, no model cost.

    Used only where a benchmark measures search and fusion, not embedding.
    """

    def __init__(self, dim: int = 384) -> None:
        self._dim = dim

    @property
    def model_id(self) -> str:
        return f"random-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> Matrix:
        out = np.empty((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            out[row] = np.random.default_rng(seed).standard_normal(self._dim)
        return normalise_rows(out)
