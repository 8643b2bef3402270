"""Reading a saved answer of the EU Funding & Tenders portal's public search API.

The answer is a JSON object with ``totalResults`` and ``results``; each result has a
``reference`` (the key imports are idempotent by), a ``url`` and ``metadata``, whose values are
*lists of strings* in the real API (``"status": ["31094502"]``); plain strings are accepted too.
Fields read from ``metadata``: ``identifier``, ``callTitle`` (or ``title``), ``status``,
``startDate``, ``deadlineDate`` (every cut-off), ``typesOfAction``, ``frameworkProgramme``,
``keywords`` and ``description`` (or ``descriptionByte``, HTML).

Every problem is reported, each naming its line (JSON syntax) or its result (numbered from 1,
with the line it starts on), and then nothing is imported: :class:`PortalFormatError` carries
them all.
"""

import datetime as dt
import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

#: The portal's status codes, and the words its pages use.
STATUSES: Mapping[str, str] = {
    "31094501": "forthcoming",
    "31094502": "open",
    "31094503": "closed",
    "forthcoming": "forthcoming",
    "open": "open",
    "closed": "closed",
}

#: Programme codes the portal answers with, named; others are kept as given.
PROGRAMMES: Mapping[str, str] = {"43108390": "Horizon Europe"}

#: The portal's dates are Brussels time.
PORTAL_ZONE = ZoneInfo("Europe/Brussels")
FUNDER = "European Union"
#: Errors listed before the rest are summarised (a wholly wrong file would list thousands).
MAX_ERRORS = 50
MAX_SUMMARY_CHARS = 5000
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CallRecord:
    """One call as read from the portal (validated, not yet stored)."""

    reference: str
    identifier: str
    title: str
    summary: str
    programme: str
    action_types: tuple[str, ...]
    topics: tuple[str, ...]
    #: The portal's declared status when it gave one (the stored status comes from the dates).
    declared_status: str
    opens_on: dt.date | None
    deadlines: tuple[dt.date, ...]
    link: str
    funder: str = FUNDER


@dataclass(frozen=True)
class PortalAnswer:
    total_results: int | None
    records: tuple[CallRecord, ...]


class PortalFormatError(ValueError):
    """The answer cannot be imported; ``errors`` says where and why, one message each."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def read_portal_answer(data: bytes) -> PortalAnswer:
    """Parse and check a whole answer; raise :class:`PortalFormatError` listing every problem."""
    text = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PortalFormatError(
            [
                _("line %(line)d, column %(column)d: invalid JSON (%(reason)s).")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            ]
        ) from None
    if not isinstance(document, dict):
        raise PortalFormatError(
            [
                _("line 1: the file must hold a JSON object, not %(kind)s.")
                % {"kind": _kind(document)}
            ]
        )
    results = document.get("results")
    if not isinstance(results, list):
        raise PortalFormatError(
            [
                _(
                    "The answer has no “results” list: "
                    "is it a saved answer of the portal's search API?"
                )
            ]
        )
    total = document.get("totalResults")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int) or total < 0):
        raise PortalFormatError([_("“totalResults” must be a whole number.")])
    lines = dict(enumerate(_result_lines(text), start=1))
    errors: list[str] = []
    records: list[CallRecord] = []
    first_of: dict[str, int] = {}
    for number, result in enumerate(results, start=1):
        where = _("result %(number)d (line %(line)s)") % {
            "number": number,
            "line": lines.get(number, "?"),
        }
        problems: list[str] = []
        record = _record(result, problems)
        errors.extend(_at(where, problem) for problem in problems)
        if record is None:
            continue
        if record.reference in first_of:
            errors.append(
                _at(
                    where,
                    _("reference %(reference)s already appears in result %(first)d.")
                    % {"reference": record.reference, "first": first_of[record.reference]},
                )
            )
            continue
        first_of[record.reference] = number
        records.append(record)
    if errors:
        if len(errors) > MAX_ERRORS:
            hidden = len(errors) - MAX_ERRORS
            errors = [
                *errors[:MAX_ERRORS],
                _("… and %(count)d more errors.") % {"count": hidden},
            ]
        raise PortalFormatError(errors)
    return PortalAnswer(total_results=total, records=tuple(records))


def _at(where: str, problem: str) -> str:
    return _("%(where)s: %(problem)s") % {"where": where, "problem": problem}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PortalFormatError(
            [_("line %(line)d: the file is not UTF-8 text.") % {"line": line}]
        ) from None


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _values(metadata: Mapping[str, Any], name: str, problems: list[str]) -> list[str]:
    """A metadata field as a list of non-empty strings (the API's lists, or a plain string)."""
    value = metadata.get(name)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            problems.append(
                _("metadata “%(field)s” must be text or a list of texts, not %(kind)s.")
                % {"field": name, "kind": _kind(item)}
            )
            return []
        if item.strip():
            out.append(item.strip())
    return out


def _first(metadata: Mapping[str, Any], name: str, problems: list[str]) -> str:
    values = _values(metadata, name, problems)
    return values[0] if values else ""


def _date(raw: str, field: str, problems: list[str]) -> dt.date | None:
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        problems.append(
            _("“%(field)s” %(value)s is not a date (YYYY-MM-DD).") % {"field": field, "value": raw}
        )
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(PORTAL_ZONE)
    return moment.date()


def _plain_text(raw: str) -> str:
    text = _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", raw))).strip()
    return text[:MAX_SUMMARY_CHARS]


def _record(result: Any, problems: list[str]) -> CallRecord | None:
    if not isinstance(result, dict):
        problems.append(_("a result must be an object, not %(kind)s.") % {"kind": _kind(result)})
        return None
    reference = result.get("reference")
    if not isinstance(reference, str) or not reference.strip():
        problems.append(_("the reference is missing."))
        return None
    reference = reference.strip()
    if len(reference) > 200:
        problems.append(_("the reference is longer than 200 characters."))
        return None
    metadata = result.get("metadata", {})
    if not isinstance(metadata, dict):
        problems.append(
            _("“metadata” must be an object, not %(kind)s.") % {"kind": _kind(metadata)}
        )
        return None
    title = _first(metadata, "callTitle", problems) or _first(metadata, "title", problems)
    if not title:
        problems.append(_("call %(reference)s has no title.") % {"reference": reference})
    declared = _first(metadata, "status", problems)
    status = STATUSES.get(declared.casefold(), "") if declared else ""
    if declared and not status:
        problems.append(
            _("unknown status “%(status)s” (expected Forthcoming, Open or Closed).")
            % {"status": declared}
        )
    start = _first(metadata, "startDate", problems)
    opens_on = _date(start, "startDate", problems) if start else None
    deadlines = sorted(
        {
            day
            for raw in _values(metadata, "deadlineDate", problems)
            if (day := _date(raw, "deadlineDate", problems)) is not None
        }
    )
    if opens_on is not None:
        for day in deadlines:
            if day < opens_on:
                problems.append(
                    _("deadline %(deadline)s is before the opening date %(opening)s.")
                    % {"deadline": day.isoformat(), "opening": opens_on.isoformat()}
                )
    link = result.get("url") or ""
    if not isinstance(link, str):
        problems.append(_("“url” must be text."))
        link = ""
    elif link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            problems.append(_("“url” %(url)s is not a web address.") % {"url": link})
    summary = _first(metadata, "description", problems) or _first(
        metadata, "descriptionByte", problems
    )
    programme = _first(metadata, "frameworkProgramme", problems)
    record = CallRecord(
        reference=reference,
        identifier=_first(metadata, "identifier", problems),
        title=title[:500],
        summary=_plain_text(summary),
        programme=PROGRAMMES.get(programme, programme)[:200],
        action_types=tuple(_values(metadata, "typesOfAction", problems)),
        topics=tuple(dict.fromkeys(_values(metadata, "keywords", problems))),
        declared_status=status,
        opens_on=opens_on,
        deadlines=tuple(deadlines),
        link=link,
    )
    return None if problems else record


def _result_lines(text: str) -> Iterator[int]:
    """The line each element of the top-level ``results`` array starts on.

    ``json`` gives no positions, so this walks the (already valid) text: strings are skipped
    whole, brackets tracked, and at depth 2 inside the array named ``results`` every value's
    first character is an element start.
    """
    depth = 0
    line = 1
    position = 0
    in_results = False
    expecting_element = False
    last_key = ""
    while position < len(text):
        char = text[position]
        if char == "\n":
            line += 1
        elif char == '"':
            end = _string_end(text, position)
            if in_results and expecting_element and depth == 2:
                expecting_element = False
                yield line
            elif depth == 1:
                last_key = text[position + 1 : end]
            line += text.count("\n", position, end)
            position = end + 1
            continue
        elif char in "[{":
            if in_results and expecting_element and depth == 2:
                expecting_element = False
                yield line
            depth += 1
            if char == "[" and depth == 2 and last_key == "results":
                in_results = True
                expecting_element = True
        elif char in "]}":
            depth -= 1
            if depth == 1:
                in_results = False
        elif char == "," and in_results and depth == 2:
            expecting_element = True
        elif not char.isspace() and char != ":" and in_results and expecting_element and depth == 2:
            expecting_element = False  # a bare number, true, false or null
            yield line
        position += 1


def _string_end(text: str, start: int) -> int:
    """Index of the quote closing the string opened at ``start``."""
    position = start + 1
    while True:
        position = text.index('"', position)
        backslashes = 0
        while text[position - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return position
        position += 1
