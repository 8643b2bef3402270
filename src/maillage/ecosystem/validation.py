"""Checking organisation input: every value a client may write, with the user's messages.

One set of field cleaners for every way in: ``services`` (the only writer) checks the forms' and
the API's input with ``clean_organisation_data``, forms may call it for early feedback, and the
member importer checks each cell with ``clean_field`` and each row with ``country_rule_errors``,
so a website, an identifier or a postcode is accepted or refused alike everywhere. Unknown keys
are refused, so a typo never passes.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from maillage.accounts.permissions import AnyUser
from maillage.core.errors import ValidationFailed
from maillage.ecosystem import identifiers, permissions
from maillage.ecosystem.countries import normalise_country_code
from maillage.ecosystem.models import Domain, NaceCode, Organisation

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

#: Fields stored as they are given (after checking): the form passes these through unchanged.
PLAIN_FIELDS = (
    "name",
    "short_name",
    "kind",
    "enterprise_number",
    "vat_number",
    "country",
    "address",
    "postcode",
    "city",
    "website",
    "size_band",
)
#: Fields a client may write. ``clusters`` (network slugs) is accepted on creation only.
EDITABLE_FIELDS = frozenset({*PLAIN_FIELDS, "domains", "nace_codes", "descriptions"})
CREATE_ONLY_FIELDS = frozenset({"clusters"})
_LANGUAGE = re.compile(r"^[a-z]{2}$")
#: Language names as they read inside a sentence ("the description in French").
_LANGUAGE_NAMES = {
    "fr": pgettext_lazy("inside a sentence", "French"),
    "en": pgettext_lazy("inside a sentence", "English"),
    "nl": pgettext_lazy("inside a sentence", "Dutch"),
    "de": pgettext_lazy("inside a sentence", "German"),
}


def _language_name(code: str) -> str:
    return str(_LANGUAGE_NAMES.get(code, code))


#: Longest description accepted per language, in characters.
MAX_DESCRIPTION_LENGTH = 10_000

#: Records one message for one field.
type _FailFn = Callable[[str], None]


@dataclass
class OrganisationChanges:
    """Validated values: model fields, and the ids of the related objects to link."""

    fields: dict[str, object] = field(default_factory=dict)
    domains: list[int] | None = None
    nace_codes: list[int] | None = None
    networks: list[Organisation] | None = None


def clean_organisation_data(
    data: Mapping[str, object], *, current: Organisation, actor: AnyUser, creating: bool
) -> OrganisationChanges:
    """Check every value; collect all the errors before raising, so a form shows them at once."""
    errors: dict[str, list[str]] = {}

    def fail_for(name: str) -> _FailFn:
        return lambda message: errors.setdefault(name, []).append(message)

    allowed = EDITABLE_FIELDS | CREATE_ONLY_FIELDS if creating else EDITABLE_FIELDS
    cleaned: dict[str, object] = {}
    for name, value in data.items():
        if name not in allowed:
            fail_for(name)(_("Unknown field."))
        elif value is None:
            fail_for(name)(_("This field may not be null."))
        elif name == "clusters":
            cleaned[name] = _clean_networks(actor, value, fail_for(name))
        else:
            cleaned[name] = _CLEANERS[name](value, fail_for(name))
    if (creating or "name" in data) and not cleaned.get("name") and "name" not in errors:
        fail_for("name")(_("This field is required."))
    if creating and "kind" not in data:
        fail_for("kind")(_("This field is required."))
    # In the same pass as the fields' own checks, on the values that passed them; a postcode's
    # shape for its country says more than its length, so it replaces that message.
    checked = {name: value for name, value in cleaned.items() if name not in errors}
    if "postcode" in errors and isinstance(cleaned.get("postcode"), str):
        checked["postcode"] = cleaned["postcode"]
    for name, messages in country_rule_errors(checked, current).items():
        errors[name] = messages if name == "postcode" else errors.get(name, []) + messages
    if errors:
        raise ValidationFailed(errors)
    changes = OrganisationChanges()
    changes.domains = cast("list[int] | None", cleaned.pop("domains", None))
    changes.nace_codes = cast("list[int] | None", cleaned.pop("nace_codes", None))
    changes.networks = cast("list[Organisation] | None", cleaned.pop("clusters", None))
    changes.fields = cleaned
    return changes


#: Postcode shapes of the countries the ecosystem deals with most; others are not checked.
POSTCODE_PATTERNS = {
    "BE": (
        re.compile(r"^[1-9]\d{3}$"),
        gettext_lazy("A Belgian postcode has four digits, e.g. 4000."),
    ),
    "LU": (
        re.compile(r"^(L-)?\d{4}$"),
        gettext_lazy("A Luxembourg postcode has four digits, e.g. 1855."),
    ),
    "FR": (re.compile(r"^\d{5}$"), gettext_lazy("A French postcode has five digits, e.g. 59000.")),
    "DE": (re.compile(r"^\d{5}$"), gettext_lazy("A German postcode has five digits, e.g. 52062.")),
    "NL": (
        re.compile(r"^\d{4} ?[A-Z]{2}$"),
        gettext_lazy("A Dutch postcode has four digits and two letters, e.g. 6211 AB."),
    ),
}

#: VAT prefixes that differ from the ISO country code.
VAT_PREFIXES = {"GR": "EL"}


def country_rule_errors(
    cleaned: Mapping[str, object], current: Organisation
) -> dict[str, list[str]]:
    """Rules across fields that depend on the country, checked on ``current`` as ``cleaned``
    (checked values of the fields that change) will leave it: field -> messages."""
    errors: dict[str, list[str]] = {}
    country = str(cleaned.get("country", current.country))
    postcode = str(cleaned.get("postcode", current.postcode) or "")
    vat = str(cleaned.get("vat_number", current.vat_number) or "")
    if ({"country", "postcode"} & set(cleaned)) and postcode and country in POSTCODE_PATTERNS:
        pattern, message = POSTCODE_PATTERNS[country]
        if not pattern.match(postcode.upper()):
            errors["postcode"] = [str(message)]
    if not ({"country", "vat_number"} & set(cleaned)) or not vat:
        return errors
    if country == "BE":
        errors["vat_number"] = [
            _("Belgian organisations are identified by their enterprise number, not a VAT number.")
        ]
    elif not vat.startswith(prefix := VAT_PREFIXES.get(country, country)):
        errors["vat_number"] = [
            _("A VAT number of this country starts with %(prefix)s.") % {"prefix": prefix}
        ]
    return errors


def clean_field(name: str, value: object) -> tuple[object, list[str]]:
    """One field's value as it will be stored, and the messages refusing it (none when good).

    ``name`` is one of ``EDITABLE_FIELDS``; domains and NACE codes are given as lists of codes.
    """
    messages: list[str] = []
    cleaned = _CLEANERS[name](value, messages.append)
    return cleaned, messages


# Each cleaner returns the value to store, or reports through ``fail`` (its return value is then
# ignored, since the whole input is refused).


def _text_cleaner(name: str) -> "_Cleaner":
    model_field = Organisation._meta.get_field(name)
    max_length = getattr(model_field, "max_length", None)

    def clean(value: object, fail: _FailFn) -> object:
        text = _text(value, fail)
        if text is not None and max_length is not None and len(text) > max_length:
            fail(
                _("Write at most %(n)d characters here; this has %(length)d.")
                % {"n": max_length, "length": len(text)}
            )
        return text

    return clean


def _text(value: object, fail: _FailFn) -> str | None:
    if not isinstance(value, str):
        fail(_("This field must be text."))
        return None
    return value.strip()


def _choice_cleaner(choices: list[str], message: "StrOrPromise", *, blank: bool) -> "_Cleaner":
    def clean(value: object, fail: _FailFn) -> object:
        if not (value in choices or (blank and value == "")):
            fail(str(message) % {"value": value})
        return value

    return clean


def _clean_enterprise_number(value: object, fail: _FailFn) -> object:
    raw = _text(value, fail)
    if not raw:
        return raw
    try:
        return identifiers.normalise_enterprise_number(raw)
    except identifiers.InvalidIdentifierError as error:
        fail(str(error))
        return None


def _clean_vat_number(value: object, fail: _FailFn) -> object:
    raw = _text(value, fail)
    if not raw:
        return raw
    try:
        return identifiers.normalise_vat_number(raw)
    except identifiers.InvalidIdentifierError as error:
        fail(str(error))
        return None


def _clean_country(value: object, fail: _FailFn) -> object:
    raw = _text(value, fail)
    if raw is None:
        return None
    country = normalise_country_code(raw)
    if country is None:
        fail(
            _(
                'Unknown country code "%(value)s": use the two-letter ISO 3166-1 code, '
                "such as BE, FR, NL, DE or LU."
            )
            % {"value": raw}
        )
    return country


def _clean_website(value: object, fail: _FailFn) -> object:
    raw = _text(value, fail)
    if not raw:
        return raw
    # People type "example.be"; store the address a browser can follow.
    website = raw if "://" in raw else f"https://{raw}"
    max_length = getattr(Organisation._meta.get_field("website"), "max_length", None) or 200
    try:
        URLValidator(schemes=["http", "https"])(website)
    except DjangoValidationError:
        fail(_("Enter a valid web address, e.g. https://example.be."))
    else:
        if len(website) > max_length:
            fail(_("At most %(n)d characters.") % {"n": max_length})
    return website


def _clean_descriptions(value: object, fail: _FailFn) -> object:
    if not isinstance(value, dict):
        fail(_('Descriptions map language codes to text, e.g. {"fr": "..."}.'))
        return None
    result: dict[str, str] = {}
    for language, text in value.items():
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            fail(_("Unknown language code: %(code)s.") % {"code": language})
        elif not isinstance(text, str):
            fail(
                _("The description in %(language)s must be text.")
                % {"language": _language_name(language)}
            )
        elif len(text) > MAX_DESCRIPTION_LENGTH:
            fail(
                _(
                    "The description in %(language)s has %(length)d characters; shorten it to"
                    " %(most)d at most."
                )
                % {
                    "language": _language_name(language),
                    "length": len(text),
                    "most": MAX_DESCRIPTION_LENGTH,
                }
            )
        elif text.strip():
            result[language] = text.strip()
    return result


def _codes(value: object, fail: _FailFn) -> list[str] | None:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        fail(_("This field must be a list of codes."))
        return None
    return list(dict.fromkeys(str(v).strip() for v in value))


def _clean_domains(value: object, fail: _FailFn) -> object:
    codes = _codes(value, fail)
    if codes is None:
        return None
    found = dict(Domain.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = [code for code in codes if code not in found]
    if unknown:
        fail(_("Unknown domain: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [found[code] for code in codes if code in found]


def _clean_nace_codes(value: object, fail: _FailFn) -> object:
    codes = _codes(value, fail)
    if codes is None:
        return None
    found = dict(NaceCode.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = [code for code in codes if code not in found]
    if unknown:
        fail(_("Unknown NACE code: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [found[code] for code in codes if code in found]


def _clean_networks(actor: AnyUser, value: object, fail: _FailFn) -> object:
    slugs = _codes(value, fail)
    if slugs is None:
        return None
    networks = {
        network.slug: network
        for network in Organisation.objects.filter(
            slug__in=slugs, kind__in=Organisation.NETWORK_KINDS
        )
    }
    result: list[Organisation] = []
    for slug in slugs:
        network = networks.get(slug)
        if network is None:
            fail(_("Unknown cluster or pole: %(slug)s.") % {"slug": slug})
        elif not permissions.can_manage_network(actor, network):
            fail(_("You may not add members to %(name)s.") % {"name": network.display_name})
        else:
            result.append(network)
    return result


type _Cleaner = Callable[[object, _FailFn], object]

_CLEANERS: dict[str, _Cleaner] = {
    **{name: _text_cleaner(name) for name in ("name", "short_name", "address", "postcode", "city")},
    "kind": _choice_cleaner(
        Organisation.Kind.values, gettext_lazy("Unknown kind: %(value)s."), blank=False
    ),
    "size_band": _choice_cleaner(
        Organisation.SizeBand.values, gettext_lazy("Unknown size band: %(value)s."), blank=True
    ),
    "enterprise_number": _clean_enterprise_number,
    "vat_number": _clean_vat_number,
    "country": _clean_country,
    "website": _clean_website,
    "descriptions": _clean_descriptions,
    "domains": _clean_domains,
    "nace_codes": _clean_nace_codes,
}
