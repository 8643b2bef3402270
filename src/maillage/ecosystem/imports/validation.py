"""Check a parsed member list: its header, then each row on its own.

``map_headers`` says which column holds which field, or why the header is unusable (unknown
columns, a missing ``name``, two columns for one field). ``RowCleaner.clean`` turns one row's
text into a ``CleanRow`` and a list of ``Issue``s: bad enterprise number, unknown domain, kind,
country... Each value is checked by the directory's own field cleaners
(``ecosystem.validation.clean_field``), as the forms' and the API's are; what is the importer's
own is reading a spreadsheet's words (kinds, sizes, roles and domains by their labels, NACE
codes without dots, dates). Checks that need other rows or the directory (duplicates, matching,
the rules across fields) are in ``planning``.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import override

from maillage.core.i18n import label_fields
from maillage.core.spreadsheets import restore
from maillage.ecosystem.imports.columns import CANONICAL_NAMES, REQUIRED, canonical_column
from maillage.ecosystem.models import Domain, Membership, NaceCode, Organisation
from maillage.ecosystem.text import fold
from maillage.ecosystem.validation import VAT_PREFIXES, clean_field

#: Words accepted for each kind, besides its code and its French and English labels.
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    Organisation.Kind.SME: ("pme", "kmo", "small and medium sized enterprise"),
    Organisation.Kind.LARGE_COMPANY: ("grande entreprise", "large enterprise"),
    Organisation.Kind.STARTUP: ("start up", "startup", "jeune pousse"),
    Organisation.Kind.RESEARCH_CENTRE: ("centre de recherche", "research center", "cra"),
    Organisation.Kind.UNIVERSITY: ("universite",),
    Organisation.Kind.HAUTE_ECOLE: ("haute ecole", "hogeschool", "university college"),
    Organisation.Kind.CLUSTER: ("grappe",),
    Organisation.Kind.POLE: ("pole", "pole de competitivite", "competitiveness pole"),
    Organisation.Kind.PUBLIC_BODY: ("organisme public", "pouvoir public", "administration"),
    Organisation.Kind.INVESTOR: ("investisseur",),
    Organisation.Kind.OTHER: ("autre",),
}
_SIZE_WORDS: dict[str, tuple[str, ...]] = {
    Organisation.SizeBand.MICRO: ("micro entreprise", "tpe", "tres petite entreprise"),
    Organisation.SizeBand.SMALL: ("petite", "petite entreprise"),
    Organisation.SizeBand.MEDIUM: ("moyenne", "moyenne entreprise"),
    Organisation.SizeBand.LARGE: ("grande", "grande entreprise"),
}
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    Membership.Role.MEMBER: ("membre", "adherent"),
    Membership.Role.FOUNDER: ("fondateur", "membre fondateur", "founding member"),
    Membership.Role.BOARD: ("administrateur", "board member", "conseil d administration"),
    Membership.Role.PARTNER: ("partenaire",),
}

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_FOREIGN_VAT = re.compile(r"^(?!BE)[A-Z]{2}", re.IGNORECASE)
_LIST_SEPARATORS = re.compile(r"[|,]")
#: Columns stored as the directory's field of the same name, checked by its cleaner.
_PLAIN_COLUMNS = frozenset({"name", "short_name", "address", "postcode", "city", "country"})
_COUNTRY_OF_VAT_PREFIX = {prefix: country for country, prefix in VAT_PREFIXES.items()}


def _lookup(
    words: dict[str, tuple[str, ...]], labels: Sequence[tuple[str, object]]
) -> dict[str, str]:
    """Folded word -> code, from the codes, their labels in French and English, and ``words``."""
    table: dict[str, str] = {}
    for language in ("en", "fr"):
        with override(language):
            table.update({fold(str(label)): code for code, label in labels})
    for code, aliases in words.items():
        table.update({fold(alias): code for alias in aliases})
    table.update({fold(code): code for code, _label in labels})
    return table


@dataclass(frozen=True)
class Issue:
    #: Canonical column the problem is in ("" for the row as a whole).
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


@dataclass
class CleanRow:
    """One row's values, checked and normalised; empty strings/None mean "not given"."""

    name: str = ""
    short_name: str = ""
    kind: str = ""
    enterprise_number: str = ""
    vat_number: str = ""
    country: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    website: str = ""
    size_band: str = ""
    nace_ids: list[int] = field(default_factory=list)
    domain_ids: list[int] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)
    membership_role: str = ""
    member_since: datetime.date | None = None


@dataclass(frozen=True)
class HeaderMap:
    #: Position in the row -> canonical column name (unnamed empty columns are left out).
    positions: dict[int, str]
    #: Number of header cells (trailing empty ones dropped).
    width: int
    #: Problems that make the whole file unusable.
    errors: list[str]


def map_headers(headers: list[str], rows: list[tuple[int, list[str]]]) -> HeaderMap:
    positions: dict[int, str] = {}
    errors: list[str] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for index, header in enumerate(headers):
        if not header:
            if any(index < len(cells) and cells[index] for _number, cells in rows):
                errors.append(
                    _("Column %(number)d has values but no header.") % {"number": index + 1}
                )
            continue
        column = canonical_column(header)
        if column is None:
            unknown.append(header)
        elif column in seen:
            errors.append(
                _('The columns "%(first)s" and "%(second)s" both give %(column)s; keep only one.')
                % {"first": seen[column], "second": header, "column": column}
            )
        else:
            seen[column] = header
            positions[index] = column
    if not seen:
        return HeaderMap(
            {},
            len(headers),
            [
                _(
                    "The first row must be a header naming the columns (for example name, "
                    "enterprise_number, city); none of its cells is a known column name."
                )
            ],
        )
    if unknown:
        errors.append(
            _("Unknown columns: %(unknown)s. Accepted column names: %(accepted)s.")
            % {
                "unknown": ", ".join(f'"{header}"' for header in unknown),
                "accepted": ", ".join(CANONICAL_NAMES),
            }
        )
    if REQUIRED not in seen:
        errors.append(_('The required column "name" (or "nom") is missing.'))
    return HeaderMap(positions, len(headers), errors)


class RowCleaner:
    """Checks rows against the vocabularies; build once per file (it loads domains and NACE)."""

    def __init__(self) -> None:
        self.kinds = _lookup(_KIND_WORDS, Organisation.Kind.choices)
        self.sizes = _lookup(_SIZE_WORDS, Organisation.SizeBand.choices)
        self.roles = _lookup(_ROLE_WORDS, Membership.Role.choices)
        self.domains: dict[str, int] = {}
        # A domain may be named by its code or its label in any language.
        for pk, code, *labels in Domain.objects.values_list("id", "code", *label_fields()):
            self.domains.update({fold(name): pk for name in (*labels, code) if name})
        self.nace: dict[str, int] = {
            code: pk for pk, code in NaceCode.objects.values_list("id", "code")
        }

    def clean(self, cells: list[str], header: HeaderMap) -> tuple[CleanRow, list[Issue]]:
        issues: list[Issue] = []
        if any(cells[header.width :]):
            issues.append(Issue("", _("This row has more values than the header has columns.")))
        values = {
            column: restore(cells[index])
            for index, column in header.positions.items()
            if index < len(cells)
        }
        row = CleanRow()
        for column, text in values.items():
            if text:
                message = self._apply(row, column, text)
                if message:
                    issues.append(Issue(column, message))
        if not row.name:
            issues.insert(0, Issue("name", _("The name is missing.")))
        if row.vat_number and not row.country:
            # A foreign VAT number names its country; without one the row would read as Belgian.
            prefix = row.vat_number[:2]
            row.country = _COUNTRY_OF_VAT_PREFIX.get(prefix, prefix)
        return row, issues

    def _apply(self, row: CleanRow, column: str, text: str) -> str | None:
        """Store ``text`` in ``row``; return an error message when it is not acceptable."""
        if column in _PLAIN_COLUMNS:
            return _store(row, column, text)
        if column.startswith("description_"):
            language = column.removeprefix("description_")
            value, messages = clean_field("descriptions", {language: text})
            if isinstance(value, dict):
                row.descriptions.update(value)
            return " ".join(messages) or None
        checker = getattr(self, f"_{column}", None)
        if checker is None:
            setattr(row, column, text)
            return None
        message: str | None = checker(row, text)
        return message

    def _kind(self, row: CleanRow, text: str) -> str | None:
        row.kind = self.kinds.get(fold(text), "")
        if row.kind:
            return None
        return _('Unknown kind "%(value)s". Accepted kinds: %(accepted)s.') % {
            "value": text,
            "accepted": ", ".join(Organisation.Kind.values),
        }

    def _size(self, row: CleanRow, text: str) -> str | None:
        row.size_band = self.sizes.get(fold(text), "")
        if row.size_band:
            return None
        return _('Unknown size "%(value)s". Accepted sizes: %(accepted)s.') % {
            "value": text,
            "accepted": ", ".join(Organisation.SizeBand.values),
        }

    def _membership_role(self, row: CleanRow, text: str) -> str | None:
        row.membership_role = self.roles.get(fold(text), "")
        if row.membership_role:
            return None
        return _('Unknown membership role "%(value)s". Accepted roles: %(accepted)s.') % {
            "value": text,
            "accepted": ", ".join(Membership.Role.values),
        }

    def _member_since(self, row: CleanRow, text: str) -> str | None:
        row.member_since = parse_date(text)
        if row.member_since is not None:
            return None
        return _('Unknown date "%(value)s": write it as YYYY-MM-DD, DD/MM/YYYY or a year.') % {
            "value": text
        }

    def _website(self, row: CleanRow, text: str) -> str | None:
        return _store(row, "website", text)

    def _vat_number(self, row: CleanRow, text: str) -> str | None:
        first = row.vat_number
        message = _store(row, "vat_number", text)
        if message is None and first and row.vat_number != first:
            return _("Two different VAT numbers are given.")
        return message

    def _enterprise_number(self, row: CleanRow, text: str) -> str | None:
        if _FOREIGN_VAT.match(text.strip()):
            # "TVA" columns mix Belgian numbers and foreign VAT numbers.
            return self._vat_number(row, text)
        return _store(row, "enterprise_number", text)

    def _nace(self, row: CleanRow, text: str) -> str | None:
        unknown = []
        for item in _split_list(text):
            code = item.replace(" ", "")
            if "." not in code and code.isdigit() and len(code) > 2:
                code = f"{code[:2]}.{code[2:]}"
            pk = self.nace.get(code) or self.nace.get(code[:5])
            if pk is None:
                unknown.append(item)
            elif pk not in row.nace_ids:
                row.nace_ids.append(pk)
        if unknown:
            return _("Unknown NACE code: %(values)s.") % {
                "values": ", ".join(f'"{item}"' for item in unknown)
            }
        return None

    def _domains(self, row: CleanRow, text: str) -> str | None:
        items = text.split("|") if "|" in text else text.split(",")
        unknown = []
        for item in (part.strip() for part in items):
            if not item:
                continue
            pk = self.domains.get(fold(item))
            if pk is None:
                unknown.append(item)
            elif pk not in row.domain_ids:
                row.domain_ids.append(pk)
        if unknown:
            return _("Unknown domain: %(values)s.") % {
                "values": ", ".join(f'"{item}"' for item in unknown)
            }
        return None


def _store(row: CleanRow, name: str, text: str) -> str | None:
    """Check ``text`` with the directory's cleaner of the field ``name`` and keep the clean
    value in ``row``; the messages refusing it, as one, otherwise."""
    value, messages = clean_field(name, text)
    if messages:
        return " ".join(messages)
    setattr(row, name, value if isinstance(value, str) else "")
    return None


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    if re.fullmatch(r"(19|20)\d\d", text):
        return datetime.date(int(text), 1, 1)
    for pattern in _DATE_FORMATS:
        try:
            # strptime without a time zone is fine here: the result is a calendar date.
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in _LIST_SEPARATORS.split(text) if item.strip()]
