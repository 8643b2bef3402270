"""Text folding shared by storage and queries, so that search is accent- and case-insensitive
the same way on SQLite and PostgreSQL."""

import re

from unidecode import unidecode

_SPACES = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """``"Pôle MecaTech — Liège"`` -> ``"pole mecatech liege"``."""
    return _SPACES.sub(" ", unidecode(text).lower()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a query; every word must match (AND semantics)."""
    return [word for word in fold(query).split(" ") if word]
