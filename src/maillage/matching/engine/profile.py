"""Organisation profiles and their JSON-lines reader.

A profile is what the engine knows about one organisation. Only ``id`` is required: real profiles
are often a description and nothing else, sometimes many pages long.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Profile:
    """One organisation as the matching engine sees it (plain data, no Django)."""

    id: str
    name: str = ""
    #: Free label such as "company", "sme", "research centre", "university", "cluster".
    kind: str = ""
    #: ISO 3166 alpha-2 code when known ("BE", "NL", "DE", "LU", "FR"...).
    country: str = ""
    description: str = ""
    #: Short texts, one per thing the organisation offers.
    offers: tuple[str, ...] = ()
    #: Short texts, one per thing the organisation looks for.
    needs: tuple[str, ...] = ()
    #: Free domain labels ("agri-food", "cybersecurity"...).
    domains: tuple[str, ...] = ()
    #: NACE rev. 2 codes ("62.01", "10.7"...).
    nace: tuple[str, ...] = ()
    #: Languages the organisation works in ("fr", "en", "nl", "de").
    languages: tuple[str, ...] = ()
    #: Collaboration history everyone who sees the profile may know: partner profile id ->
    #: weight (number of joint projects, meetings...). Feeds the graph signal (``graph.py``).
    partners: Mapping[str, float] = field(default_factory=dict, hash=False)
    #: Ties only this organisation's own people may see (a private meeting): they count when
    #: this profile is the query, never when it is a candidate or a partner in between.
    private_partners: Mapping[str, float] = field(default_factory=dict, hash=False)


class ProfileFormatError(ValueError):
    """A profile record is malformed; ``line`` is 1-based when it comes from a file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line is not None else message)


_TEXT_FIELDS = ("name", "kind", "country", "description")
_LIST_FIELDS = ("offers", "needs", "domains", "nace", "languages")


def _text_list(name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if not isinstance(value, list):
        raise ProfileFormatError(f"field {name!r} must be a list of strings, got {_kind(value)}")
    out: list[str] = []
    for position, item in enumerate(value):
        if not isinstance(item, str):
            raise ProfileFormatError(
                f"field {name!r} item {position} must be a string, got {_kind(item)}"
            )
        if item.strip():
            out.append(item.strip())
    return tuple(out)


def _partners(name: str, value: Any, own_id: str) -> dict[str, float]:
    """``{"<profile id>": <positive number>}``; a tie to the profile itself is an error."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProfileFormatError(
            f"field {name!r} must be an object of profile id -> number, got {_kind(value)}"
        )
    out: dict[str, float] = {}
    for key, weight in value.items():
        partner = key.strip()
        if not partner:
            raise ProfileFormatError(f"field {name!r} has an empty partner id")
        if partner == own_id:
            raise ProfileFormatError(f"field {name!r} names the profile itself ({partner!r})")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight <= 0
        ):
            raise ProfileFormatError(
                f"field {name!r}: the weight of partner {partner!r} must be a positive number, "
                f"got {weight!r}"
            )
        out[partner] = float(weight)
    return out


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def profile_from_dict(record: Any) -> Profile:
    """Build a profile from one decoded JSON object; unknown keys are ignored.

    Raises :class:`ProfileFormatError` (without a line number) saying what is wrong.
    """
    if not isinstance(record, dict):
        raise ProfileFormatError(f"expected a JSON object, got {_kind(record)}")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise ProfileFormatError(
            f"field 'id' is required and must be a string, got {_kind(raw_id)}"
        )
    profile_id = str(raw_id).strip()
    if not profile_id:
        raise ProfileFormatError("field 'id' must not be empty")
    texts: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        value = record.get(name)
        if value is None:
            texts[name] = ""
        elif isinstance(value, str):
            texts[name] = value.strip()
        else:
            raise ProfileFormatError(f"field {name!r} must be a string, got {_kind(value)}")
    lists = {name: _text_list(name, record.get(name)) for name in _LIST_FIELDS}
    return Profile(
        id=profile_id,
        name=texts["name"],
        kind=texts["kind"],
        country=texts["country"].upper(),
        description=texts["description"],
        offers=lists["offers"],
        needs=lists["needs"],
        domains=lists["domains"],
        nace=lists["nace"],
        languages=tuple(lang.lower() for lang in lists["languages"]),
        partners=_partners("partners", record.get("partners"), profile_id),
    )


def iter_profiles(lines: Iterable[str]) -> Iterator[Profile]:
    """Parse JSON lines into profiles; blank lines are skipped, duplicate ids are errors."""
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ProfileFormatError(
                f"invalid JSON ({exc.msg} at column {exc.colno})", number
            ) from exc
        try:
            profile = profile_from_dict(record)
        except ProfileFormatError as exc:
            raise ProfileFormatError(exc.reason, number) from exc
        if profile.id in seen:
            raise ProfileFormatError(f"duplicate id {profile.id!r}", number)
        seen.add(profile.id)
        yield profile


def read_profiles(path: str | Path) -> list[Profile]:
    """Read a JSON-lines file of profiles; see :func:`iter_profiles` for the rules.

    Text that is not UTF-8 is a :class:`ProfileFormatError` naming its line (a leading byte-order
    mark is allowed).
    """
    with Path(path).open("rb") as handle:
        return list(iter_profiles(decoded_lines(handle)))


def decoded_lines(lines: Iterable[bytes]) -> Iterator[str]:
    """UTF-8 lines (a byte-order mark allowed on the first); a line that is not UTF-8 raises
    :class:`ProfileFormatError` with its number."""
    for number, raw in enumerate(lines, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise ProfileFormatError(f"not UTF-8 text (byte {exc.start + 1})", number) from exc


def profile_text(profile: Profile) -> str:
    """Everything a profile says in words (name, description, offers, needs, domains): what BM25
    reads and what its language is guessed from."""
    parts = [profile.name, profile.description, *profile.offers, *profile.needs, *profile.domains]
    return "\n".join(part for part in parts if part)
