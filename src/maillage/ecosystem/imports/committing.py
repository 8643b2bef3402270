"""The all-or-nothing write of a member list into a cluster or pole.

``commit_import`` never trusts an earlier preview: it re-reads the file and re-plans inside the
transaction, so the directory cannot change between the checks and the writes. One error in any
row, or any database error while writing, and nothing at all is written. The writes go through
the directory's services (``insert_organisations``, ``fill_organisations``, ``add_members``), so
an imported organisation gets its slug, province and search text as a created one does.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.audit.services import record_event
from maillage.core.progress import Progress, no_progress
from maillage.ecosystem import permissions, services
from maillage.ecosystem.imports.planning import (
    FIELDS,
    Action,
    ImportPreview,
    RowPlan,
    column_of,
    preview_import,
)
from maillage.ecosystem.imports.validation import CleanRow
from maillage.ecosystem.models import ImportBatch, Membership, Organisation
from maillage.ecosystem.validation import OrganisationChanges


class ImportRejectedError(Exception):
    """The file has errors; ``preview`` lists them all. Nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        errors = preview.all_errors()
        # Bounded: a 20,000-row file can have 20,000 errors; the preview holds them all.
        super().__init__(f"{len(errors)} error(s), the first: {errors[0] if errors else ''}")
        self.preview = preview


def commit_import(
    *,
    network: Organisation,
    data: bytes,
    file_name: str,
    user: User | None,
    source: str = ImportBatch.Source.WEB,
    progress: Progress = no_progress,
) -> ImportBatch:
    """Import the member list ``data`` into ``network`` and record an ``ImportBatch``.

    Creates the organisations not in the directory, fills empty fields of the matched ones, adds
    the memberships of ``network``. Raises ``ImportRejectedError`` (writing nothing) when the file
    or any row has an error. ``user`` must be allowed to import the network's members
    (``PermissionDenied`` otherwise); ``None`` is the platform's operator at the command line.
    """
    if user is not None:
        permissions.check_can_import_members(user, network)
    try:
        with transaction.atomic():
            preview = preview_import(
                network=network,
                data=data,
                file_name=file_name,
                user=user,
                # Checking again is most of the work; writing is the last fifth.
                progress=lambda fraction, stage: progress(0.8 * fraction, stage),
            )
            if not preview.ok:
                raise ImportRejectedError(preview)
            progress(0.8, _("Writing to the directory"))
            batch = _write(preview, user=user, source=source)
            progress(1.0, _("Imported"))
            return batch
    except IntegrityError:
        # Another write took a number or a name between planning and writing (PostgreSQL;
        # SQLite's IMMEDIATE transactions serialise writers). The transaction was rolled back.
        preview = ImportPreview(network=network, file_name=file_name)
        preview.file_errors.append(
            _(
                "The directory changed while the file was being imported; nothing was "
                "written. Try again."
            )
        )
        raise ImportRejectedError(preview) from None


def _write(preview: ImportPreview, *, user: User | None, source: str) -> ImportBatch:
    network = preview.network
    rows = preview.rows
    creating = [row for row in rows if row.action == Action.CREATE]
    created = services.insert_organisations([_new_values(row.clean) for row in creating])
    matched = [row for row in rows if row.action in {Action.UPDATE, Action.MEMBERSHIP}]
    services.fill_organisations([_fill(row) for row in matched if row.action == Action.UPDATE])
    joining = [(organisation.pk, row) for row, organisation in zip(creating, created, strict=True)]
    joining += [(_matched_id(row), row) for row in matched if row.adds_membership]
    services.add_members(
        network=network,
        members=[
            services.NewMember(
                organisation_id,
                role=row.clean.membership_role or Membership.Role.MEMBER,
                start_date=row.clean.member_since,
                pending=row.invites,
            )
            for organisation_id, row in joining
        ],
    )
    services.date_memberships(
        network=network,
        dates={
            _matched_id(row): row.clean.member_since
            for row in matched
            if row.fills_member_since and row.clean.member_since is not None
        },
    )
    batch = ImportBatch.objects.create(
        network=network,
        imported_by=user,
        source=source,
        file_name=preview.file_name[:255],
        row_count=len(rows),
        created_count=len(created),
        updated_count=preview.count(Action.UPDATE),
        membership_count=preview.count(Action.MEMBERSHIP),
        unchanged_count=preview.count(Action.UNCHANGED),
        created_ids=[organisation.pk for organisation in created],
        updated_ids=[row.organisation_id for row in matched],
    )
    record_event(
        actor=user,
        action="import.committed",
        target=network,
        details={
            "batch": batch.pk,
            "file": batch.file_name,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "members_added": batch.membership_count,
            "invited": [_matched_id(row) for row in matched if row.invites],
        },
    )
    return batch


def _new_values(clean: CleanRow) -> OrganisationChanges:
    fields: dict[str, object] = {
        name: getattr(clean, name) for name in FIELDS if getattr(clean, name)
    }
    fields.setdefault("kind", Organisation.Kind.OTHER)
    fields["descriptions"] = dict(clean.descriptions)
    return OrganisationChanges(
        fields=fields, domains=list(clean.domain_ids), nace_codes=list(clean.nace_ids)
    )


def _fill(row: RowPlan) -> services.Fill:
    """The empty fields the plan listed (and only those), and the links to add."""
    clean = row.clean
    return services.Fill(
        organisation_id=_matched_id(row),
        fields={name: getattr(clean, name) for name in FIELDS if column_of(name) in row.changes},
        descriptions={
            language: text
            for language, text in clean.descriptions.items()
            if f"description_{language}" in row.changes
        },
        domains=clean.domain_ids,
        nace_codes=clean.nace_ids,
    )


def _matched_id(row: RowPlan) -> int:
    assert row.organisation_id is not None, "planned updates have a matched organisation"
    return row.organisation_id
