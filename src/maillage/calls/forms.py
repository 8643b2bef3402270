"""Forms of the calls pages: they parse what people type; the services decide what is valid."""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.calls.eligibility import Applicant, unpack
from maillage.calls.models import Call, PartnerRole
from maillage.calls.services.publishing import CallInput
from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.ecosystem.models import Organisation

_SEPARATORS = re.compile(r"[\s,;]+")
WANTED_ROWS = 3
WANTED_ROLES = [(value, label) for value, label in PartnerRole.choices if value != "coordinator"]


def _only(field: forms.Field, organisations: Sequence[Organisation]) -> None:
    """Offer only ``organisations`` (those the visitor acts for) in a choice of organisation."""
    field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
        pk__in=[o.pk for o in organisations]
    ).order_by("name")


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationFailed) -> None:
        form: Any = self
        add_service_errors(form, error)

    def as_refusal(self) -> ValidationFailed:
        """The form's own errors, as a service would refuse them."""
        form: Any = self
        return ValidationFailed(
            {name: [str(message) for message in errors] for name, errors in form.errors.items()}
        )


class CallForm(ServiceErrorsMixin, forms.Form):
    """A call a cluster publishes (cascade funding, a relayed regional call...)."""

    network = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Relayed by"), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    funder = forms.CharField(label=_("Funder"), max_length=200, required=False)
    programme = forms.CharField(label=_("Programme"), max_length=200, required=False)
    topics = forms.CharField(
        label=_("Topics"),
        max_length=1000,
        required=False,
        help_text=_("Separated by commas: what the call funds (the matching reads them)."),
    )
    applicants = forms.MultipleChoiceField(
        label=_("Eligible applicants"),
        choices=Applicant.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any applicant."),
    )
    countries = forms.CharField(
        label=_("Eligible countries"),
        max_length=400,
        required=False,
        help_text=_("ISO codes such as BE, FR, DE, or EU for every member state; empty: any."),
    )
    eligibility_note = forms.CharField(label=_("Eligibility note"), max_length=300, required=False)
    amount_min = forms.DecimalField(
        label=_("Grant from (EUR)"), required=False, max_digits=14, decimal_places=2
    )
    amount_max = forms.DecimalField(
        label=_("Grant up to (EUR)"), required=False, max_digits=14, decimal_places=2
    )
    budget = forms.DecimalField(
        label=_("Total budget (EUR)"), required=False, max_digits=16, decimal_places=2
    )
    opens_on = forms.DateField(
        label=_("Opens on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deadlines = forms.CharField(
        label=_("Deadlines"),
        max_length=300,
        help_text=_("One or more cut-off dates, YYYY-MM-DD, separated by commas."),
    )
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")

    def __init__(self, *args: Any, networks: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _only(self.fields["network"], networks)

    @classmethod
    def initial_for(cls, call: Call) -> dict[str, object]:
        return {
            "network": call.relayed_by_id,
            "title": call.title,
            "summary": call.summary,
            "funder": call.funder,
            "programme": call.programme,
            "topics": ", ".join(call.topics),
            "applicants": unpack(call.eligible_applicants),
            "countries": ", ".join(unpack(call.eligible_countries)),
            "eligibility_note": call.eligibility_note,
            "amount_min": call.amount_min,
            "amount_max": call.amount_max,
            "budget": call.budget,
            "opens_on": call.opens_on,
            "deadlines": ", ".join(d.date.isoformat() for d in call.deadlines.all()),
            "link": call.link,
        }

    def clean_deadlines(self) -> tuple[dt.date, ...]:
        days = []
        for raw in _SEPARATORS.split(self.cleaned_data["deadlines"].strip()):
            if not raw:
                continue
            try:
                days.append(dt.date.fromisoformat(raw))
            except ValueError:
                raise forms.ValidationError(
                    _("%(value)s is not a date (YYYY-MM-DD)."), params={"value": raw}
                ) from None
        return tuple(days)

    def to_input(self) -> CallInput:
        data = self.cleaned_data
        return CallInput(
            title=data["title"],
            summary=data["summary"],
            funder=data["funder"],
            programme=data["programme"],
            topics=tuple(t.strip() for t in data["topics"].split(",") if t.strip()),
            applicants=tuple(data["applicants"]),
            countries=tuple(c for c in _SEPARATORS.split(data["countries"]) if c),
            eligibility_note=data["eligibility_note"],
            amount_min=data["amount_min"],
            amount_max=data["amount_max"],
            budget=data["budget"],
            opens_on=data["opens_on"],
            deadlines=data["deadlines"],
            link=data["link"],
        )


class InterestForm(ServiceErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("On behalf of"), empty_label=None
    )
    message = forms.CharField(
        label=_("Message to the cluster (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _only(self.fields["organisation"], organisations)


class CallImportForm(forms.Form):
    file = forms.FileField(
        label=_("Saved answer of the portal's search API (.json)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


class ConsortiumForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name (acronym or working title)"), max_length=200)
    lead = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Lead organisation"), empty_label=None
    )
    description = forms.CharField(
        label=_("Project idea"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text=_("What the consortium will do: partners are proposed from it and the call."),
    )

    def __init__(self, *args: Any, leads: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _only(self.fields["lead"], leads)
        for row in range(1, WANTED_ROWS + 1):
            self.fields[f"wanted_role_{row}"] = forms.ChoiceField(
                label=_("Wanted partner %(row)d") % {"row": row},
                choices=[("", "—"), *WANTED_ROLES],
                required=False,
            )
            self.fields[f"wanted_country_{row}"] = forms.CharField(
                label=_("in (country code)"), max_length=2, required=False
            )

    def wanted(self) -> tuple[tuple[str, str], ...]:
        rows = []
        for row in range(1, WANTED_ROWS + 1):
            role = self.cleaned_data.get(f"wanted_role_{row}") or ""
            if role:
                rows.append((role, self.cleaned_data.get(f"wanted_country_{row}") or ""))
        return tuple(rows)

    def wanted_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"wanted_role_{row}"], self[f"wanted_country_{row}"])
            for row in range(1, WANTED_ROWS + 1)
        ]


class WantedPartnerForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=WANTED_ROLES)
    country = forms.CharField(label=_("Country code (optional)"), max_length=2, required=False)


class InviteForm(ServiceErrorsMixin, forms.Form):
    organisation = forms.SlugField(label=_("Organisation (directory address)"), max_length=120)
    role = forms.ChoiceField(label=_("Role"), choices=WANTED_ROLES)
    wanted = forms.IntegerField(required=False, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
