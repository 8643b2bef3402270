"""Writes to the directory: the single path for the HTML forms, the API and the importers.

Every service authorises first, then validates the whole input (``validation``), then writes
inside one transaction. On refusal it raises ``PermissionDenied`` (Django's),
``ValidationFailed`` or ``DuplicateFound`` (``maillage.core.errors``) and nothing is written.
The member import (``imports.committing``) authorises and checks a whole file first, then
writes through the same primitives in bulk: ``insert_organisations``, ``fill_organisations``,
``add_members``; they give every organisation its slug, province and search text the same way.

``data`` holds plain values as a client sends them: strings, lists of codes, a mapping of
descriptions by language. Keys that are absent are left unchanged on update; unknown keys are
refused, so a typo in a field name never passes silently.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.accounts.models import Affiliation, User
from maillage.accounts.permissions import AnyUser
from maillage.audit.services import Detail, record_event
from maillage.core.errors import NON_FIELD, DuplicateFound, ValidationFailed
from maillage.ecosystem import identifiers, permissions
from maillage.ecosystem.models import Contact, Membership, Organisation
from maillage.ecosystem.validation import OrganisationChanges, clean_organisation_data

_SLUG_LENGTH = 100


def create_organisation(*, actor: AnyUser, data: Mapping[str, object]) -> Organisation:
    """Add an organisation to the directory and return it (saved, with a unique slug).

    With ``clusters``, the new organisation becomes a member of those networks, which the actor
    must manage. Raises ``DuplicateFound`` when the enterprise number is already known.
    """
    permissions.check_can_create_organisation(actor)
    _authorise_kind(actor, current=None, data=data)
    organisation = Organisation(country="BE")
    changes = clean_organisation_data(data, current=organisation, actor=actor, creating=True)
    with transaction.atomic():
        _insert(organisation, changes)
        for network in changes.networks or ():
            add_members(network=network, members=[NewMember(organisation.pk)])
            record_event(
                actor=actor,
                action="membership.added",
                target=organisation,
                details={"network": network.pk},
            )
    return organisation


def create_own_organisation(*, actor: AnyUser, data: Mapping[str, object]) -> Organisation:
    """Let a logged-in user add the organisation they work for (e.g. while registering for an
    event) and make them its representative.

    Unlike ``create_organisation`` it needs no manager: it cannot create clusters or poles
    (``PermissionDenied``) nor join networks (``clusters`` is an unknown field here). A known
    enterprise number raises ``DuplicateFound``, so the caller can offer to claim it instead.
    """
    if not isinstance(actor, User) or not actor.is_active:
        raise PermissionDenied(_("Log in to add your organisation."))
    if "clusters" in data:
        raise ValidationFailed({"clusters": _("Unknown field.")})
    _authorise_kind(actor, current=None, data=data)
    organisation = Organisation(country="BE")
    changes = clean_organisation_data(data, current=organisation, actor=actor, creating=True)
    with transaction.atomic():
        _insert(organisation, changes)
        Affiliation.objects.create(
            user=actor, organisation=organisation, role=Affiliation.Role.REPRESENTATIVE
        )
        record_event(
            actor=actor,
            action="affiliation.added",
            target=organisation,
            details={"role": Affiliation.Role.REPRESENTATIVE.value},
        )
    return organisation


def _insert(organisation: Organisation, changes: OrganisationChanges) -> None:
    """Save a new organisation with its checked values, inside the caller's transaction."""
    base = _slug_base(str(changes.fields.get("short_name") or changes.fields.get("name") or ""))
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    _prepare(organisation, changes, taken)
    check_unique_enterprise_number(organisation.enterprise_number, exclude_pk=None)
    _save(organisation, update_fields=None)
    add_taxonomy([(organisation.pk, changes.domains or (), changes.nace_codes or ())])


def _prepare(organisation: Organisation, changes: OrganisationChanges, taken: set[str]) -> None:
    """Give a new organisation its checked values, province, unique slug and search text."""
    for name, value in changes.fields.items():
        setattr(organisation, name, value)
    organisation.province = identifiers.province_for_postcode(
        organisation.country, organisation.postcode
    )
    organisation.slug = slug_for(organisation.short_name or organisation.name, taken)
    organisation.fill_search_fields()


def insert_organisations(changes: Sequence[OrganisationChanges]) -> list[Organisation]:
    """Save new organisations from checked values in bulk, inside the caller's transaction,
    and return them in the same order (with their ids).

    Each gets what ``create_organisation`` gives one: its country (BE unless given), province,
    unique slug, search text, domains and NACE codes. The caller has authorised and checked
    the values (and their enterprise numbers) first.
    """
    taken = set(Organisation.objects.values_list("slug", flat=True))
    organisations = []
    for change in changes:
        organisation = Organisation(country="BE")
        _prepare(organisation, change, taken)
        organisations.append(organisation)
    created = Organisation.objects.bulk_create(organisations, batch_size=500)
    add_taxonomy(
        (organisation.pk, change.domains or (), change.nace_codes or ())
        for organisation, change in zip(created, changes, strict=True)
    )
    return created


def _apply(organisation: Organisation, fields: Mapping[str, object]) -> set[str]:
    """Set checked values on ``organisation``; the province follows the country and postcode.
    Returns the fields to save."""
    for name, value in fields.items():
        setattr(organisation, name, value)
    changed = set(fields)
    if {"country", "postcode"} & changed:
        organisation.province = identifiers.province_for_postcode(
            organisation.country, organisation.postcode
        )
        changed.add("province")
    return changed


@dataclass(frozen=True)
class Fill:
    """Values an import adds to an existing organisation (its empty fields only)."""

    organisation_id: int
    fields: Mapping[str, object]
    #: Descriptions by language, for the languages it has none in.
    descriptions: Mapping[str, str]
    domains: Sequence[int] = ()
    nace_codes: Sequence[int] = ()


def fill_organisations(fills: Sequence[Fill]) -> None:
    """Write what an import adds to existing organisations, inside the caller's transaction:
    fields, descriptions, and domain and NACE links (added, never removed)."""
    organisations = Organisation.objects.in_bulk([fill.organisation_id for fill in fills])
    for fill in fills:
        organisation = organisations[fill.organisation_id]
        changed = _apply(organisation, fill.fields)
        if fill.descriptions:
            organisation.descriptions = {**organisation.descriptions, **fill.descriptions}
            changed.add("descriptions")
        if changed:
            organisation.save(update_fields=[*changed, "updated_at"])
    add_taxonomy((fill.organisation_id, fill.domains, fill.nace_codes) for fill in fills)


def add_taxonomy(items: Iterable[tuple[int, Iterable[int], Iterable[int]]]) -> None:
    """Link organisations to domains and NACE codes, by id: ``(organisation, domains, NACE)``.
    Links already there are kept; none is removed."""
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


@dataclass(frozen=True)
class NewMember:
    organisation_id: int
    role: str = Membership.Role.MEMBER
    start_date: datetime.date | None = None
    #: An invitation the organisation accepts or declines (``answer_membership_invitation``).
    pending: bool = False


def add_members(*, network: Organisation, members: Iterable[NewMember]) -> None:
    """Make organisations members of ``network`` (inside the caller's transaction; the caller
    has authorised it and checked that none is a member yet)."""
    Membership.objects.bulk_create(
        [
            Membership(
                organisation_id=member.organisation_id,
                network=network,
                role=member.role,
                start_date=member.start_date,
                pending=member.pending,
            )
            for member in members
        ]
    )


def date_memberships(*, network: Organisation, dates: Mapping[int, datetime.date]) -> None:
    """Give the memberships of ``network`` that have no start date the one known for their
    organisation (organisation id -> date)."""
    for organisation_id, start in dates.items():
        Membership.objects.filter(
            organisation_id=organisation_id, network=network, start_date__isnull=True
        ).update(start_date=start)


def update_organisation(
    *, actor: AnyUser, organisation: Organisation, data: Mapping[str, object]
) -> Organisation:
    """Change the given fields of ``organisation`` (in place) and return it.

    The slug stays as it was, so links keep working; the province follows the postcode.
    """
    permissions.check_can_edit_organisation(actor, organisation)
    _authorise_kind(actor, current=organisation, data=data)
    changes = clean_organisation_data(data, current=organisation, actor=actor, creating=False)
    with transaction.atomic():
        # Lock the row: two editors saving at once are applied one after the other.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        if "enterprise_number" in changes.fields:
            check_unique_enterprise_number(
                str(changes.fields["enterprise_number"]), exclude_pk=organisation.pk
            )
        update_fields = _apply(organisation, changes.fields)
        _save(organisation, update_fields=update_fields | {"updated_at"})
        if changes.domains is not None:
            organisation.domains.set(changes.domains)
        if changes.nace_codes is not None:
            organisation.nace_codes.set(changes.nace_codes)
    return organisation


def _authorise_kind(
    actor: AnyUser, *, current: Organisation | None, data: Mapping[str, object]
) -> None:
    """Networks confer management rights: only some users create them or change their kind."""
    if "kind" not in data:
        return
    new_kind = data["kind"]
    if not isinstance(new_kind, str):
        return  # refused as a bad value by validation
    was_network = current is not None and current.is_network
    becomes_network = new_kind in Organisation.NETWORK_KINDS
    changes_kind = current is None or new_kind != current.kind
    if changes_kind and (was_network or becomes_network):
        permissions.check_can_set_network_kind(actor)


def check_unique_enterprise_number(number: str, *, exclude_pk: int | None) -> None:
    """Raise ``DuplicateFound`` when another organisation has this enterprise number."""
    if not number:
        return
    others = Organisation.objects.filter(enterprise_number=number)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    existing = others.first()
    if existing is not None:
        raise _duplicate(existing)


def _duplicate(existing: Organisation) -> DuplicateFound:
    return DuplicateFound(
        {
            "enterprise_number": _("The enterprise number %(number)s is already used by %(name)s.")
            % {"number": existing.enterprise_number_display, "name": existing.display_name}
        },
        existing=existing,
    )


def _save(organisation: Organisation, *, update_fields: Iterable[str] | None) -> None:
    """Save in a savepoint so a lost race on the unique enterprise number reads as a duplicate."""
    try:
        with transaction.atomic():
            organisation.save(update_fields=update_fields)
    except IntegrityError:
        number = organisation.enterprise_number
        existing = Organisation.objects.filter(enterprise_number=number).first() if number else None
        if existing is not None and existing.pk != organisation.pk:
            raise _duplicate(existing) from None
        raise


def _slug_base(text: str) -> str:
    return slugify(text)[:_SLUG_LENGTH].strip("-") or "organisation"


def slug_for(text: str, taken: set[str]) -> str:
    """A slug made from ``text`` that is not in ``taken``, with ``-2``, ``-3``... appended when
    needed; it is added to ``taken``."""
    base = _slug_base(text)
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    taken.add(slug)
    return slug


def save_contact(*, actor: AnyUser, contact: Contact, organisation: Organisation) -> Contact:
    """Create or update ``contact`` (validated by its form) as a contact of ``organisation``.

    Raises ``PermissionDenied`` unless ``actor`` may edit the organisation's contacts, or when
    the contact belongs to another organisation.
    """
    if contact.pk is not None and contact.organisation_id != organisation.pk:
        raise PermissionDenied(_("This contact belongs to another organisation."))
    contact.organisation = organisation
    permissions.check_can_edit_contact(actor, contact)
    contact.save()
    return contact


def answer_membership_invitation(
    *, actor: AnyUser, membership: Membership, accept: bool
) -> Membership | None:
    """Accept (the organisation becomes a member) or decline (the invitation is deleted) a
    network's invitation; only the organisation's representatives and platform admins may."""
    permissions.check_can_answer_invitation(actor, membership)
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if not current.pending:
            raise ValidationFailed({NON_FIELD: _("This invitation was already answered.")})
        details: dict[str, Detail] = {"network": current.network_id}
        if accept:
            current.pending = False
            current.save(update_fields=["pending"])
            record_event(
                actor=actor,
                action="membership.accepted",
                target=current.organisation,
                details=details,
            )
            return current
        current.delete()
        record_event(
            actor=actor, action="membership.declined", target=current.organisation, details=details
        )
        return None
