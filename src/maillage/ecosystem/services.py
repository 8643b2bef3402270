"""Writes to the directory: the single path for the HTML forms, the API and the importers.

Every service authorises first, then validates the whole input (``validation``), then writes
inside one transaction. On refusal it raises ``PermissionDenied`` (Django's),
``ValidationFailed`` or ``DuplicateFound`` (``maillage.core.errors``) and nothing is written.

``data`` holds plain values as a client sends them: strings, lists of codes, a mapping of
descriptions by language. Keys that are absent are left unchanged on update; unknown keys are
refused, so a typo in a field name never passes silently.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.accounts import permissions
from maillage.accounts.models import Affiliation, User
from maillage.accounts.permissions import AnyUser
from maillage.audit.services import record_event
from maillage.core.errors import DuplicateFound, ValidationFailed
from maillage.ecosystem import identifiers
from maillage.ecosystem.models import Contact, Membership, Organisation
from maillage.ecosystem.validation import OrganisationChanges, clean_organisation_data

_SLUG_LENGTH = 100


def create_organisation(*, actor: AnyUser, data: Mapping[str, object]) -> Organisation:
    """Add an organisation to the directory and return it (saved, with a unique slug).

    With ``clusters``, the new organisation becomes a member of those networks, which the actor
    must manage. Raises ``DuplicateFound`` when the enterprise number is already known.
    """
    authorise_organisation_creation(actor)
    _authorise_kind(actor, current=None, data=data)
    organisation = Organisation(country="BE")
    changes = clean_organisation_data(data, current=organisation, actor=actor, creating=True)
    with transaction.atomic():
        _insert(organisation, changes)
        for network in changes.networks or ():
            Membership.objects.create(organisation=organisation, network=network)
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
    for name, value in changes.fields.items():
        setattr(organisation, name, value)
    organisation.province = identifiers.province_for_postcode(
        organisation.country, organisation.postcode
    )
    check_unique_enterprise_number(organisation.enterprise_number, exclude_pk=None)
    organisation.slug = _unique_slug(organisation.short_name or organisation.name)
    _save(organisation, update_fields=None)
    if changes.domains:
        organisation.domains.set(changes.domains)
    if changes.nace_codes:
        organisation.nace_codes.set(changes.nace_codes)


def update_organisation(
    *, actor: AnyUser, organisation: Organisation, data: Mapping[str, object]
) -> Organisation:
    """Change the given fields of ``organisation`` (in place) and return it.

    The slug stays as it was, so links keep working; the province follows the postcode.
    """
    authorise_organisation_update(actor, organisation)
    _authorise_kind(actor, current=organisation, data=data)
    changes = clean_organisation_data(data, current=organisation, actor=actor, creating=False)
    with transaction.atomic():
        # Lock the row: two editors saving at once are applied one after the other.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        if "enterprise_number" in changes.fields:
            check_unique_enterprise_number(
                str(changes.fields["enterprise_number"]), exclude_pk=organisation.pk
            )
        for name, value in changes.fields.items():
            setattr(organisation, name, value)
        update_fields = set(changes.fields)
        if {"country", "postcode"} & update_fields:
            organisation.province = identifiers.province_for_postcode(
                organisation.country, organisation.postcode
            )
            update_fields.add("province")
        _save(organisation, update_fields=update_fields | {"updated_at"})
        if changes.domains is not None:
            organisation.domains.set(changes.domains)
        if changes.nace_codes is not None:
            organisation.nace_codes.set(changes.nace_codes)
    return organisation


def authorise_organisation_creation(actor: AnyUser) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may add organisations (front ends may ask
    before reading the input; the service asks again)."""
    if not permissions.can_create_organisation(actor):
        raise PermissionDenied(_("You may not add organisations to the directory."))


def authorise_organisation_update(actor: AnyUser, organisation: Organisation) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may edit ``organisation``."""
    if not permissions.can_edit_organisation(actor, organisation):
        raise PermissionDenied(_("You may not edit this organisation."))


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
    if (
        changes_kind
        and (was_network or becomes_network)
        and not permissions.can_set_network_kind(actor)
    ):
        raise PermissionDenied(
            _("Only platform administrators may create clusters and poles or change their kind.")
        )


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


def _unique_slug(text: str) -> str:
    """A slug made from ``text``, with ``-2``, ``-3``... appended when it is taken."""
    base = slugify(text)[:_SLUG_LENGTH].strip("-") or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def save_contact(*, actor: AnyUser, contact: Contact, organisation: Organisation) -> Contact:
    """Create or update ``contact`` (validated by its form) as a contact of ``organisation``.

    Raises ``PermissionDenied`` unless ``actor`` may edit the organisation's contacts, or when
    the contact belongs to another organisation.
    """
    if contact.pk is not None and contact.organisation_id != organisation.pk:
        raise PermissionDenied
    contact.organisation = organisation
    if not permissions.can_edit_contact(actor, contact):
        raise PermissionDenied
    contact.save()
    return contact
