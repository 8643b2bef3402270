"""The dry run: what importing a member list into a cluster or pole would do, row by row.

``preview_import`` reads and checks the file, finds duplicates inside it, matches each row with
the directory (enterprise or VAT number first, then the normalised name) and says what each
valid row will do. It reads the database and writes nothing; ``committing`` acts on its result.

A matched organisation only gets its *empty* fields filled: a value in the file that differs from
a value already in the directory is reported as a warning and the directory's value is kept.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.accounts.models import User
from maillage.core.progress import Progress, no_progress
from maillage.ecosystem import permissions
from maillage.ecosystem.imports.columns import column_label
from maillage.ecosystem.imports.reading import ImportFileError, read_member_file
from maillage.ecosystem.imports.validation import CleanRow, Issue, RowCleaner, map_headers
from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.text import fold
from maillage.ecosystem.validation import PLAIN_FIELDS, country_rule_errors

#: Legal-form abbreviations ignored at the end of names when matching (Belgian, French, Dutch,
#: German, British): "Alice Robotics SRL" and "Alice Robotics S.R.L." match "Alice Robotics".
LEGAL_FORMS = frozenset(
    {
        *("sa", "srl", "sprl", "sprlu", "scrl", "scrlfs", "sc", "scs", "snc", "asbl", "aisbl"),
        *("nv", "bv", "bvba", "cvba", "vzw", "gmbh", "ag", "sas", "sarl", "eurl"),
        *("ltd", "plc", "inc", "llc"),
    }
)
_DOTS = re.compile(r"\.")

#: Organisation fields a row gives (``CleanRow`` attributes named as the model's fields, in the
#: order of ``validation.PLAIN_FIELDS``); all but the name may fill an empty field of a matched
#: organisation.
FIELDS = PLAIN_FIELDS


def column_of(name: str) -> str:
    """The import column of a field (the same name, but ``size`` for ``size_band``)."""
    return "size" if name == "size_band" else name


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    MEMBERSHIP = "membership"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


ACTION_LABELS = {
    Action.CREATE: gettext_lazy("create"),
    Action.UPDATE: gettext_lazy("update"),
    Action.MEMBERSHIP: gettext_lazy("add membership only"),
    Action.UNCHANGED: gettext_lazy("no change"),
}


def name_key(name: str) -> str:
    """The name as matching compares it: folded, dots dropped, legal forms at the end removed."""
    words = fold(_DOTS.sub("", name)).split(" ")
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


@dataclass
class RowPlan:
    number: int
    name: str
    clean: CleanRow
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    action: Action | None = None
    #: The matched organisation, for update / membership / unchanged.
    organisation_id: int | None = None
    organisation_name: str = ""
    #: "enterprise_number", "vat_number" or "name" (``MATCHES``).
    matched_by: str = ""
    #: Columns whose empty directory value the row fills (and "domains"/"nace" additions).
    changes: list[str] = field(default_factory=list)
    #: The organisation is not yet a member of the importing network.
    adds_membership: bool = False
    #: The existing membership gets its empty start date filled.
    fills_member_since: bool = False
    #: The membership is an invitation: the organisation exists, the importer may not edit it,
    #: so it joins only when its representatives accept (``answer_membership_invitation``).
    invites: bool = False

    @property
    def match_text(self) -> str:
        return str(MATCHES[self.matched_by]) % {"name": self.organisation_name}

    @property
    def change_labels(self) -> list[str]:
        return [column_label(column) for column in self.changes]


#: How a row found its organisation, one whole sentence each (a key inside a sentence would not
#: read in any language).
MATCHES = {
    "enterprise_number": gettext_lazy("Matches %(name)s by its enterprise number."),
    "vat_number": gettext_lazy("Matches %(name)s by its VAT number."),
    "name": gettext_lazy("Matches %(name)s by its name."),
}


@dataclass
class ImportPreview:
    network: Organisation
    file_name: str
    file_errors: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.errors]

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

    @property
    def invited_count(self) -> int:
        """Of the memberships to add, how many are invitations."""
        return sum(1 for row in self.rows if row.invites and not row.errors)

    def all_errors(self) -> list[str]:
        """Every error as one line, file errors first, then ``Row N, column: message``."""
        lines = list(self.file_errors)
        for row in self.rows:
            lines.extend(
                _("Row %(row)d: %(issue)s") % {"row": row.number, "issue": issue}
                for issue in row.errors
            )
        return lines


_NETWORK_AS_MEMBER = gettext_lazy(
    "A cluster or pole cannot be a member of another: remove this row (platform admins add "
    "clusters and poles to the directory)."
)

#: Rows checked between two progress reports.
_PROGRESS_EVERY = 500


def preview_import(
    *,
    network: Organisation,
    data: bytes,
    file_name: str,
    user: User | None = None,
    progress: Progress = no_progress,
) -> ImportPreview:
    """Read ``data`` and plan its import into ``network`` by ``user``; writes nothing.

    An import never makes a cluster or pole a member, and it changes existing organisations
    only where ``user`` may edit them: any other organisation it lists is invited to join
    (``None``: the operator's command line, trusted like a platform admin).
    """
    preview = ImportPreview(network=network, file_name=file_name)
    progress(0.0, _("Reading the file"))
    try:
        parsed = read_member_file(data, file_name)
    except ImportFileError as error:
        preview.file_errors.append(str(error))
        return preview
    header = map_headers(parsed.headers, parsed.rows)
    preview.columns = list(header.positions.values())
    if header.errors:
        preview.file_errors.extend(header.errors)
        return preview
    cleaner = RowCleaner()
    total = len(parsed.rows)
    for index, (number, cells) in enumerate(parsed.rows):
        if index % _PROGRESS_EVERY == 0:
            progress(0.1 + 0.6 * index / total, _("Checking the rows"))
        clean, issues = cleaner.clean(cells, header)
        preview.rows.append(RowPlan(number=number, name=clean.name, clean=clean, errors=issues))
    _find_duplicates(preview.rows)
    progress(0.7, _("Comparing with the directory"))
    _Matcher(network, user).plan(preview.rows)
    progress(1.0, _("Preview ready"))
    return preview


def _find_duplicates(rows: list[RowPlan]) -> None:
    by_number: dict[str, RowPlan] = {}
    by_name: dict[str, RowPlan] = {}
    for row in rows:
        number = row.clean.enterprise_number or row.clean.vat_number
        if number:
            first = by_number.setdefault(number, row)
            if first is not row:
                column = "enterprise_number" if row.clean.enterprise_number else "vat_number"
                row.errors.append(
                    Issue(
                        column,
                        _("Duplicate: row %(row)d has the same number.") % {"row": first.number},
                    )
                )
                continue
        if not row.clean.name:
            continue
        key = name_key(row.clean.name)
        first = by_name.setdefault(key, row)
        first_number = first.clean.enterprise_number or first.clean.vat_number
        if first is not row and not (number and first_number):
            row.errors.append(
                Issue(
                    "name", _("Duplicate: row %(row)d has the same name.") % {"row": first.number}
                )
            )


class _Matcher:
    """Matches rows with the directory and decides each valid row's action."""

    def __init__(self, network: Organisation, user: User | None) -> None:
        self.network = network
        self.user = user

    def plan(self, rows: list[RowPlan]) -> None:
        candidates = [row for row in rows if row.clean.name]
        numbers = {row.clean.enterprise_number for row in candidates} - {""}
        vats = {row.clean.vat_number for row in candidates} - {""}
        by_number = {
            org.enterprise_number: org.pk
            for org in Organisation.objects.filter(enterprise_number__in=numbers).only(
                "id", "enterprise_number"
            )
        }
        by_vat = {
            org.vat_number: org.pk
            for org in Organisation.objects.filter(vat_number__in=vats).only("id", "vat_number")
        }
        # Names are compared after folding, which the database cannot do: read them all once
        # (id and three short columns; a few hundred kB for tens of thousands of organisations).
        by_name: dict[str, list[tuple[int, str]]] = {}
        for pk, name, number, vat in Organisation.objects.values_list(
            "id", "name", "enterprise_number", "vat_number"
        ):
            by_name.setdefault(name_key(name), []).append((pk, number or vat))

        matches: dict[int, tuple[int, str]] = {}
        for index, row in enumerate(candidates):
            match = self._match(row, by_number, by_vat, by_name)
            if match is not None:
                matches[index] = match
        organisations = Organisation.objects.in_bulk({pk for pk, _how in matches.values()})
        editable = self._editable(set(organisations))
        domain_ids, nace_ids = self._relations(organisations)
        memberships = {
            link.organisation_id: link
            for link in Membership.objects.filter(
                network=self.network, organisation_id__in=organisations
            )
        }
        first_row_of: dict[int, RowPlan] = {}
        for index, row in enumerate(candidates):
            if index not in matches:
                if row.clean.kind in Organisation.NETWORK_KINDS:
                    row.errors.append(Issue(column_of("kind"), str(_NETWORK_AS_MEMBER)))
                    continue
                row.action = Action.CREATE
                if not row.clean.kind and not row.errors:
                    row.warnings.append(
                        Issue("kind", _('No kind given: it will be created as "other".'))
                    )
                _check_country_rules(row, Organisation(country="BE"))
                continue
            pk, how = matches[index]
            organisation = organisations[pk]
            row.organisation_id, row.organisation_name, row.matched_by = pk, str(organisation), how
            if pk == self.network.pk:
                row.errors.append(Issue("", _("This row is the importing cluster or pole itself.")))
                continue
            if organisation.kind in Organisation.NETWORK_KINDS:
                row.errors.append(Issue("", str(_NETWORK_AS_MEMBER)))
                continue
            first = first_row_of.setdefault(pk, row)
            if first is not row:
                row.errors.append(
                    Issue(
                        "",
                        _("Duplicate: row %(row)d is the same organisation (%(name)s).")
                        % {"row": first.number, "name": organisation},
                    )
                )
                continue
            self._plan_update(
                row,
                organisation,
                domain_ids.get(pk, set()),
                nace_ids.get(pk, set()),
                memberships.get(pk),
            )
            if pk not in editable:
                _plan_invitation(row, organisation)

    def _editable(self, ids: set[int]) -> set[int]:
        """Which of these organisations the importer may edit (all, for the command line)."""
        if self.user is None or self.user.is_platform_admin:
            return ids
        return set(
            permissions.editable_organisations(self.user)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )

    def _match(
        self,
        row: RowPlan,
        by_number: dict[str, int],
        by_vat: dict[str, int],
        by_name: dict[str, list[tuple[int, str]]],
    ) -> tuple[int, str] | None:
        clean = row.clean
        if clean.enterprise_number in by_number:
            return by_number[clean.enterprise_number], "enterprise_number"
        if clean.vat_number in by_vat:
            return by_vat[clean.vat_number], "vat_number"
        row_number = clean.enterprise_number or clean.vat_number
        same_name = by_name.get(name_key(clean.name), [])
        compatible = [pk for pk, number in same_name if not (row_number and number)]
        if len(compatible) > 1:
            row.errors.append(
                Issue(
                    "name",
                    _(
                        "%(count)d organisations in the directory have this name: add the "
                        "enterprise number to say which one."
                    )
                    % {"count": len(compatible)},
                )
            )
            return None
        if compatible:
            return compatible[0], "name"
        if same_name:
            row.warnings.append(
                Issue(
                    "name",
                    _(
                        "An organisation with this name but another number is already in the "
                        "directory; a new one will be created."
                    ),
                )
            )
        return None

    @staticmethod
    def _relations(
        organisations: dict[int, Organisation],
    ) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        domains: dict[int, set[int]] = {}
        for org_id, domain_id in Organisation.domains.through.objects.filter(
            organisation_id__in=organisations
        ).values_list("organisation_id", "domain_id"):
            domains.setdefault(org_id, set()).add(domain_id)
        nace: dict[int, set[int]] = {}
        for org_id, nace_id in Organisation.nace_codes.through.objects.filter(
            organisation_id__in=organisations
        ).values_list("organisation_id", "nacecode_id"):
            nace.setdefault(org_id, set()).add(nace_id)
        return domains, nace

    def _plan_update(
        self,
        row: RowPlan,
        organisation: Organisation,
        domain_ids: set[int],
        nace_ids: set[int],
        membership: Membership | None,
    ) -> None:
        clean = row.clean
        for name in FIELDS:
            new = getattr(clean, name)
            old = getattr(organisation, name)
            if not new or new == old or name == "name":
                continue
            column = column_of(name)
            if old:
                row.warnings.append(_conflict(column, new, old))
            else:
                row.changes.append(column)
        for language, text in clean.descriptions.items():
            old = organisation.descriptions.get(language, "")
            column = f"description_{language}"
            if old and old != text:
                row.warnings.append(_conflict(column, text, old))
            elif not old:
                row.changes.append(column)
        if set(clean.domain_ids) - domain_ids:
            row.changes.append("domains")
        if set(clean.nace_ids) - nace_ids:
            row.changes.append("nace")
        _check_country_rules(row, organisation)
        _plan_membership(row, membership)
        if row.changes:
            row.action = Action.UPDATE
        elif row.adds_membership:
            row.action = Action.MEMBERSHIP
        else:
            row.action = Action.UNCHANGED


def _check_country_rules(row: RowPlan, organisation: Organisation) -> None:
    """The forms' and the API's rules across fields (a postcode of the country's shape...),
    on the organisation as the row leaves it: all of a new one, the filled fields of another."""
    given = {name: getattr(row.clean, name) for name in FIELDS if getattr(row.clean, name)}
    if organisation.pk is not None:
        given = {name: value for name, value in given.items() if column_of(name) in row.changes}
    for name, messages in country_rule_errors(given, organisation).items():
        row.errors.extend(Issue(column_of(name), message) for message in messages)


def _plan_membership(row: RowPlan, membership: Membership | None) -> None:
    clean = row.clean
    if membership is None:
        row.adds_membership = True
        return
    if clean.membership_role and clean.membership_role != membership.role:
        row.warnings.append(_conflict("membership_role", clean.membership_role, membership.role))
    if clean.member_since and membership.start_date is None:
        row.fills_member_since = True
        row.changes.append("member_since")
    elif clean.member_since and clean.member_since != membership.start_date:
        old = membership.start_date.isoformat() if membership.start_date else ""
        row.warnings.append(_conflict("member_since", clean.member_since.isoformat(), old))


def _plan_invitation(row: RowPlan, organisation: Organisation) -> None:
    """An organisation the importer may not edit keeps its data, and joins only by consent."""
    if row.changes:
        row.warnings.append(
            Issue(
                "",
                _("%(name)s is not yours to edit: its empty fields are left as they are.")
                % {"name": organisation},
            )
        )
        row.changes.clear()
        row.fills_member_since = False
    if row.adds_membership:
        row.invites = True
        row.warnings.append(
            Issue(
                "",
                _(
                    "%(name)s is already in the directory: it is invited, and becomes a member "
                    "when one of its representatives accepts."
                )
                % {"name": organisation},
            )
        )
        row.action = Action.MEMBERSHIP
    elif row.action == Action.UPDATE:
        row.action = Action.UNCHANGED


def _conflict(column: str, new: str, old: str) -> Issue:
    return Issue(
        column,
        _(
            'The file says "%(new)s" but the directory has "%(old)s"; '
            "the directory's value is kept."
        )
        % {"new": new, "old": old},
    )
