"""The all-or-nothing write of a member list into a cluster or pole.

``commit_import`` never trusts an earlier preview: it re-reads the file and re-plans inside the
transaction, so the directory cannot change between the checks and the writes. One error in any
row, or any database error while writing, and nothing at all is written.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.progress import Progress, no_progress
from maillage.ecosystem.identifiers import province_for_postcode
from maillage.ecosystem.imports.planning import (
    Action,
    ImportPreview,
    RowPlan,
    preview_import,
)
from maillage.ecosystem.models import ImportBatch, Membership, Organisation

_SLUG_MAX = 110


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
    or any row has an error. The caller checks ``can_import_members`` first.
    """
    try:
        with transaction.atomic():
            preview = preview_import(
                network=network,
                data=data,
                file_name=file_name,
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
    created = _create_organisations(creating)
    matched = [row for row in rows if row.action in {Action.UPDATE, Action.MEMBERSHIP}]
    _update_organisations([row for row in matched if row.action == Action.UPDATE])

    new_links = [
        Membership(
            organisation=organisation,
            network=network,
            role=row.clean.membership_role or Membership.Role.MEMBER,
            start_date=row.clean.member_since,
        )
        for row, organisation in zip(creating, created, strict=True)
    ]
    new_links += [
        Membership(
            organisation_id=_matched_id(row),
            network=network,
            role=row.clean.membership_role or Membership.Role.MEMBER,
            start_date=row.clean.member_since,
        )
        for row in matched
        if row.adds_membership
    ]
    Membership.objects.bulk_create(new_links)
    for row in matched:
        if row.fills_member_since:
            Membership.objects.filter(
                organisation_id=_matched_id(row), network=network, start_date__isnull=True
            ).update(start_date=row.clean.member_since)

    return ImportBatch.objects.create(
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


def _create_organisations(rows: list[RowPlan]) -> list[Organisation]:
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    organisations = []
    for row in rows:
        clean = row.clean
        country = clean.country or "BE"
        organisation = Organisation(
            name=clean.name,
            short_name=clean.short_name,
            slug=_unique_slug(clean.name, slugs),
            kind=clean.kind or Organisation.Kind.OTHER,
            enterprise_number=clean.enterprise_number,
            vat_number=clean.vat_number,
            country=country,
            address=clean.address,
            postcode=clean.postcode,
            city=clean.city,
            province=province_for_postcode(country, clean.postcode),
            website=clean.website,
            size_band=clean.size_band,
            descriptions=dict(clean.descriptions),
        )
        # bulk_create skips save(), which keeps search_text in step.
        organisation.search_text = organisation.build_search_text()
        organisations.append(organisation)
    created = Organisation.objects.bulk_create(organisations, batch_size=500)
    _add_relations(
        (organisation.pk, row.clean.domain_ids, row.clean.nace_ids)
        for organisation, row in zip(created, rows, strict=True)
    )
    return created


def _update_organisations(rows: list[RowPlan]) -> None:
    """Fill the empty fields the plan listed (and only those)."""
    organisations = Organisation.objects.in_bulk([row.organisation_id for row in rows])
    relations = []
    for row in rows:
        organisation = organisations[_matched_id(row)]
        clean = row.clean
        fields: set[str] = set()
        values: dict[str, Any] = {
            "short_name": clean.short_name,
            "kind": clean.kind,
            "enterprise_number": clean.enterprise_number,
            "vat_number": clean.vat_number,
            "country": clean.country,
            "address": clean.address,
            "postcode": clean.postcode,
            "city": clean.city,
            "website": clean.website,
            "size": clean.size_band,
        }
        for column, value in values.items():
            if column in row.changes:
                model_field = "size_band" if column == "size" else column
                setattr(organisation, model_field, value)
                fields.add(model_field)
        descriptions = dict(organisation.descriptions)
        for language, text in clean.descriptions.items():
            if f"description_{language}" in row.changes:
                descriptions[language] = text
        if descriptions != organisation.descriptions:
            organisation.descriptions = descriptions
            fields.add("descriptions")
        if {"postcode", "country"} & fields and not organisation.province:
            organisation.province = province_for_postcode(
                organisation.country, organisation.postcode
            )
            fields.add("province")
        if fields:
            organisation.save(update_fields=[*fields, "updated_at"])
        relations.append((organisation.pk, clean.domain_ids, clean.nace_ids))
    _add_relations(relations)


def _add_relations(items: Any) -> None:
    """Add domain and NACE links that are not there yet (never removes any)."""
    domain_links = Organisation.domains.through
    nace_links = Organisation.nace_codes.through
    domain_rows = []
    nace_rows = []
    for organisation_id, domain_ids, nace_ids in items:
        domain_rows += [
            domain_links(organisation_id=organisation_id, domain_id=pk) for pk in domain_ids
        ]
        nace_rows += [
            nace_links(organisation_id=organisation_id, nacecode_id=pk) for pk in nace_ids
        ]
    domain_links.objects.bulk_create(domain_rows, ignore_conflicts=True, batch_size=1000)
    nace_links.objects.bulk_create(nace_rows, ignore_conflicts=True, batch_size=1000)


def _matched_id(row: RowPlan) -> int:
    assert row.organisation_id is not None, "planned updates have a matched organisation"
    return row.organisation_id


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:_SLUG_MAX].strip("-") or "organisation"
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base[: _SLUG_MAX - 6]}-{suffix}"
        suffix += 1
    taken.add(slug)
    return slug
