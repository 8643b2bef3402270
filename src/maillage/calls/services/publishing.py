"""Calls a cluster publishes itself (cascade funding such as GEMSTONE's or DREAM's)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.calls import permissions
from maillage.calls.eligibility import EU, Applicant, pack
from maillage.calls.models import Call, CallDeadline
from maillage.calls.services.portal_import import unique_call_slug
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.countries import normalise_country_code
from maillage.ecosystem.models import Organisation

MAX_DEADLINES = 12


@dataclass(frozen=True)
class CallInput:
    """What a cluster manager writes about a call (the form's and the API's cleaned data)."""

    title: str
    deadlines: tuple[dt.date, ...]
    summary: str = ""
    funder: str = ""
    programme: str = ""
    topics: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    eligibility_note: str = ""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    budget: Decimal | None = None
    opens_on: dt.date | None = None
    link: str = ""
    action_types: tuple[str, ...] = field(default=())


def _deadline_errors(data: CallInput) -> list[str]:
    if not data.deadlines:
        return [_("Give at least one deadline.")]
    if len(data.deadlines) > MAX_DEADLINES:
        return [_("A call has at most %(count)d deadlines.") % {"count": MAX_DEADLINES}]
    if data.opens_on is None:
        return []
    return [
        _("The deadline %(deadline)s is before the opening date %(opening)s.")
        % {"deadline": day.isoformat(), "opening": data.opens_on.isoformat()}
        for day in sorted(set(data.deadlines))
        if day < data.opens_on
    ]


def _amount_errors(data: CallInput) -> dict[str, list[str]]:
    errors = {
        name: [_("An amount cannot be negative.")]
        for name in ("amount_min", "amount_max", "budget")
        if (value := getattr(data, name)) is not None and value < 0
    }
    if (
        data.amount_min is not None
        and data.amount_max is not None
        and data.amount_max < data.amount_min
    ):
        errors.setdefault("amount_max", []).append(
            _("The largest grant is smaller than the smallest.")
        )
    return errors


def _country_codes(raw_codes: tuple[str, ...], errors: dict[str, list[str]]) -> list[str]:
    codes = []
    for raw in raw_codes:
        code = EU if raw.strip().upper() == EU else normalise_country_code(raw)
        if code is None:
            errors.setdefault("countries", []).append(
                _("%(code)s is not a country code (ISO 3166, such as BE or FR) nor EU.")
                % {"code": raw}
            )
        else:
            codes.append(code)
    return codes


def check_call_input(data: CallInput) -> dict[str, object]:
    """The model values for ``data``; raises ``ValidationFailed`` naming each wrong field."""
    errors = _amount_errors(data)
    if not data.title.strip():
        errors["title"] = [_("Give the call a title.")]
    if deadline_errors := _deadline_errors(data):
        errors["deadlines"] = deadline_errors
    unknown = [code for code in data.applicants if code not in Applicant.values]
    if unknown:
        errors["applicants"] = [
            _("Unknown applicant type: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    countries = _country_codes(data.countries, errors)
    if errors:
        raise ValidationFailed(errors)
    return {
        "title": data.title.strip(),
        "summary": data.summary.strip(),
        "funder": data.funder.strip(),
        "programme": data.programme.strip(),
        "topics": list(dict.fromkeys(t.strip() for t in data.topics if t.strip())),
        "action_types": list(data.action_types),
        "eligible_applicants": pack(data.applicants),
        "eligible_countries": pack(countries),
        "eligibility_note": data.eligibility_note.strip(),
        "amount_min": data.amount_min,
        "amount_max": data.amount_max,
        "budget": data.budget,
        "opens_on": data.opens_on,
        "link": data.link.strip(),
    }


def publish_call(*, actor: AnyUser, network: Organisation, data: CallInput) -> Call:
    """A new call relayed by ``network``, published by one of its managers.

    Its reference is generated from the network and the year it opens
    (``MECATECH-2027-01``).
    """
    permissions.check_can_publish_call(actor, network)
    values = check_call_input(data)
    with transaction.atomic():
        reference = _next_reference(network, data.opens_on or timezone.localdate())
        call = Call(
            reference=reference,
            slug=unique_call_slug(f"{reference} {values['title']}"),
            source=Call.Source.CLUSTER,
            relayed_by=network,
            created_by=actor if isinstance(actor, User) else None,
            **values,
        )
        call.save()
        _set_deadlines(call, data.deadlines)
    return call


def update_call(*, actor: AnyUser, call: Call, data: CallInput) -> Call:
    permissions.check_can_edit_call(actor, call)
    values = check_call_input(data)
    with transaction.atomic():
        for name, value in values.items():
            setattr(call, name, value)
        call.save()
        call.deadlines.all().delete()
        _set_deadlines(call, data.deadlines)
    return call


def _set_deadlines(call: Call, dates: tuple[dt.date, ...]) -> None:
    CallDeadline.objects.bulk_create(
        CallDeadline(call=call, date=day) for day in sorted(set(dates))
    )


def _next_reference(network: Organisation, opens_on: dt.date) -> str:
    prefix = f"{slugify(network.short_name or network.name).upper()}-{opens_on.year}-"
    taken = set(
        Call.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .values_list("reference", flat=True)
    )
    number = len(taken) + 1
    while f"{prefix}{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"
