"""Forms of the directory pages.

Forms shape the input (widgets, choices, required fields); the services check it and write it,
exactly as for the API, and their errors are shown next to the form's fields.
"""

import re
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from maillage.accounts.permissions import AnyUser
from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.core.i18n import label_expression
from maillage.ecosystem import permissions, services
from maillage.ecosystem.identifiers import format_enterprise_number
from maillage.ecosystem.models import Contact, Domain, NaceCode, Organisation
from maillage.ecosystem.places import country_choices
from maillage.ecosystem.validation import PLAIN_FIELDS, clean_field, clean_organisation_data

DESCRIPTION_LANGUAGES = (
    ("fr", _("Description in French")),
    ("en", _("Description in English")),
    ("nl", _("Description in Dutch")),
    ("de", _("Description in German")),
)


class DomainChoiceField(forms.ModelMultipleChoiceField[Domain]):
    def label_from_instance(self, obj: Domain) -> str:
        return obj.label


def _label(name: str) -> Any:
    """The model field's (translated) verbose name, capitalised, as a form label."""
    field = Organisation._meta.get_field(name)
    return capfirst(getattr(field, "verbose_name", name))


class OrganisationForm(forms.Form):
    """An organisation's profile: the descriptions are four text areas stored in the
    ``descriptions`` JSON field. A plain form, not a model form: the services, not the model,
    check the values (the enterprise number is typed with dots, stored as ten digits)."""

    # Lengths and shapes are checked by the shared cleaners (validation.py), as for the API and
    # the importer: no max_length here, which would cut a paste short in the browser.
    name = forms.CharField(label=_label("name"))
    short_name = forms.CharField(label=_label("short_name"), required=False)
    kind = forms.ChoiceField(label=_label("kind"), choices=Organisation.Kind.choices)
    enterprise_number = forms.CharField(
        label=_("Enterprise number (BCE/KBO)"),
        required=False,
        max_length=20,
        help_text=_("Belgian organisations: ten digits, e.g. 0403.170.701."),
    )
    vat_number = forms.CharField(
        label=_("VAT number"),
        required=False,
        max_length=20,
        help_text=_("Organisations outside Belgium: with the country prefix, e.g. FR12345678901."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=())
    address = forms.CharField(label=_label("address"), required=False)
    postcode = forms.CharField(label=_label("postcode"), required=False)
    city = forms.CharField(label=_label("city"), required=False)
    website = forms.CharField(label=_label("website"), max_length=200, required=False)
    size_band = forms.ChoiceField(
        label=_label("size_band"),
        choices=[("", "---------"), *Organisation.SizeBand.choices],
        required=False,
    )
    nace_codes = forms.ModelMultipleChoiceField(
        label=_("NACE codes"),
        queryset=NaceCode.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    domains = DomainChoiceField(
        label=_("Domains and technologies"),
        queryset=Domain.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    description_fr = forms.CharField(label=DESCRIPTION_LANGUAGES[0][1], required=False)
    description_en = forms.CharField(label=DESCRIPTION_LANGUAGES[1][1], required=False)
    description_nl = forms.CharField(label=DESCRIPTION_LANGUAGES[2][1], required=False)
    description_de = forms.CharField(label=DESCRIPTION_LANGUAGES[3][1], required=False)
    #: Shown on creation to non-admins: the cluster or pole the new organisation joins.
    network = forms.ModelChoiceField(
        label=_("Member of"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, data: Any = None, *, instance: Organisation, actor: AnyUser = None) -> None:
        self.instance = instance
        self.actor = actor
        initial: dict[str, object] = {}
        if instance.pk:
            initial = {name: getattr(instance, name) for name in PLAIN_FIELDS}
            initial["enterprise_number"] = format_enterprise_number(instance.enterprise_number)
            initial["domains"] = list(instance.domains.all())
            initial["nace_codes"] = list(instance.nace_codes.all())
        else:
            initial["country"] = instance.country or "BE"
        for code, _label_text in DESCRIPTION_LANGUAGES:
            initial[f"description_{code}"] = instance.descriptions.get(code, "")
        super().__init__(data, initial=initial)
        # In the reader's alphabetical order (axis, then domain), hence per form.
        self.fields["domains"].queryset = Domain.objects.select_related("parent").order_by(  # type: ignore[attr-defined]
            label_expression("parent__"), label_expression()
        )
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]
        self.fields["website"].widget.attrs["placeholder"] = "https://"
        for code, _label_text in DESCRIPTION_LANGUAGES:
            self.fields[f"description_{code}"].widget = forms.Textarea(attrs={"rows": 4})
        if instance.pk:
            del self.fields["network"]
        else:
            managed = permissions.managed_network_ids(actor)
            network_field = self.fields["network"]
            network_field.queryset = Organisation.objects.filter(pk__in=managed).order_by("name")  # type: ignore[attr-defined]
            # A cluster manager's new organisation joins one of their networks, so they keep
            # the right to edit it; platform admins may leave it outside any network.
            network_field.required = not (
                actor is not None and getattr(actor, "is_platform_admin", False)
            )

    def description_fields(self) -> list[forms.BoundField]:
        return [self[f"description_{code}"] for code, _label in DESCRIPTION_LANGUAGES]

    def descriptions(self) -> dict[str, str]:
        """The non-empty descriptions by language code (after validation)."""
        texts = {
            code: self.cleaned_data.get(f"description_{code}", "").strip()
            for code, _l in DESCRIPTION_LANGUAGES
            if f"description_{code}" not in self.errors
        }
        return {code: text for code, text in texts.items() if text}

    def service_data(self) -> dict[str, object]:
        """The input of ``services.create_organisation`` / ``update_organisation``: the fields
        that passed the form's own checks (during ``clean``, the others are left out)."""
        data: dict[str, object] = {
            name: self.cleaned_data[name] for name in PLAIN_FIELDS if name in self.cleaned_data
        }
        if "domains" in self.cleaned_data:
            data["domains"] = [domain.code for domain in self.cleaned_data["domains"]]
        if "nace_codes" in self.cleaned_data:
            data["nace_codes"] = [nace.code for nace in self.cleaned_data["nace_codes"]]
        data["descriptions"] = self.descriptions()
        network = self.cleaned_data.get("network")
        if network is not None:
            data["clusters"] = [network.slug]
        return data

    def clean(self) -> dict[str, Any]:
        """The services' own checks (they run them again when saving), in the same pass as the
        form's: every problem is named at once, each next to its field."""
        cleaned = super().clean() or {}
        for code, _label_text in DESCRIPTION_LANGUAGES:
            name = f"description_{code}"
            _value, messages = clean_field("descriptions", {code: cleaned.get(name, "")})
            for message in messages:
                self.add_error(name, message)
        creating = self.instance.pk is None
        try:
            changes = clean_organisation_data(
                self.service_data(), current=self.instance, actor=self.actor, creating=creating
            )
            services.check_unique_enterprise_number(
                str(changes.fields.get("enterprise_number") or ""), exclude_pk=self.instance.pk
            )
        except ValidationFailed as error:
            self.add_service_errors(error)
        return cleaned

    def add_service_errors(self, error: ValidationFailed) -> None:
        add_service_errors(self, error)


class LogoForm(forms.Form):
    """A new logo; ``logos.prepare_logo`` checks and re-encodes it when the service saves it."""

    logo = forms.FileField(
        label=_("New logo"),
        help_text=_("PNG, JPEG or WebP, up to 2 MB. It is resized to fit 256 × 256 pixels."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ("first_name", "last_name", "job_title", "email", "phone", "public_consent")
        labels = {"public_consent": _("This person agrees that anyone may see these details")}
        help_texts = {
            "public_consent": _(
                "Without consent, only members sharing a cluster or pole with the organisation "
                "see the details."
            )
        }

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"\+?[\d ()./-]{6,30}", phone):
            raise forms.ValidationError(
                _("Write the phone number with digits, e.g. +32 4 123 45 67."), code="invalid"
            )
        return phone
