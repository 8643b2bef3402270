"""Taxonomy overlap (domains, NACE codes), sectors and complementary kinds."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .profile import Profile
from .text import fold


@lru_cache(maxsize=4096)
def fold_label(label: str) -> str:
    """Domain labels compare folded: case, accents, hyphens and spacing do not matter."""
    return " ".join(fold(label).replace("-", " ").split())


def domain_keys(profile: Profile) -> frozenset[str]:
    return frozenset(fold_label(d) for d in profile.domains)


def nace_keys(profile: Profile) -> frozenset[str]:
    """NACE codes as digit strings ("62.01" -> "6201"); section letters are dropped."""
    out = set()
    for code in profile.nace:
        digits = "".join(ch for ch in code if ch.isdigit())
        if len(digits) >= 2:
            out.add(digits[:4])
    return frozenset(out)


def nace_similarity(left: Iterable[str], right: Iterable[str]) -> tuple[float, str]:
    """Best prefix agreement between two code sets: 4 digits 1.0, 3 digits 0.75, 2 digits 0.5."""
    best = (0.0, "")
    for a in left:
        for b in right:
            shared = 0
            for x, y in zip(a, b, strict=False):
                if x != y:
                    break
                shared += 1
            score = {4: 1.0, 3: 0.75, 2: 0.5}.get(min(shared, 4), 0.0)
            if score > best[0]:
                best = (score, a[:shared])
    return best


def sector_keys(profile: Profile) -> frozenset[str]:
    """What the profile's sector is made of: NACE divisions and domain labels."""
    return frozenset({f"nace:{code[:2]}" for code in nace_keys(profile)} | domain_keys(profile))


#: Kind pairs that usually complement each other (folded, either order).
_COMPLEMENTS = [
    (
        {
            "research",
            "university",
            "universite",
            "research centre",
            "centre de recherche",
            "laboratory",
            "lab",
            "academic",
        },
        {
            "company",
            "sme",
            "pme",
            "start-up",
            "startup",
            "large company",
            "industry",
            "enterprise",
            "entreprise",
            # Roles at a B2B event: both are companies to a research partner.
            "supplier",
            "demander",
        },
    ),
    # At a B2B event: who offers solutions and who looks for them.
    ({"supplier"}, {"demander"}),
    (
        {"cluster", "pole", "competitiveness pole", "innovation hub", "hub"},
        {"company", "sme", "pme", "start-up", "startup", "research centre", "university"},
    ),
    ({"start-up", "startup"}, {"investor", "large company", "corporate"}),
]


def complementary_kinds(left: str, right: str) -> bool:
    a, b = fold(left).strip(), fold(right).strip()
    if not a or not b or a == b:
        return False
    return any((a in x and b in y) or (a in y and b in x) for x, y in _COMPLEMENTS)
