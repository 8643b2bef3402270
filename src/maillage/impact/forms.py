"""Forms of the impact pages: they collect and type the input; the services decide and write,
and their refusals come back on the form through ``add_service_errors``."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.ecosystem.models import Organisation
from maillage.impact.models import MeetingRating, Outcome
from maillage.impact.models.answers import AmountBand
from maillage.impact.services.plans import MAX_WAVES


class _DateInput(forms.DateInput):
    input_type = "date"


YES_NO = (("yes", pgettext_lazy("answer", "yes")), ("no", pgettext_lazy("answer", "no")))


class RatingForm(forms.Form):
    took_place = forms.ChoiceField(
        label=_("Did the meeting take place?"), choices=YES_NO, widget=forms.RadioSelect
    )
    interest = forms.ChoiceField(
        label=_("What did it bring?"),
        choices=MeetingRating.Interest.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment (only your organisation and the platform admins see it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    @property
    def took_place_value(self) -> bool | None:
        value = self.cleaned_data.get("took_place")
        return None if not value else value == "yes"


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.Status.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label=_("Kind of agreement"),
        choices=[("", "—"), *Outcome.Kind.choices],
        required=False,
    )
    amount = forms.CharField(
        label=_("Amount in EUR (optional, exact)"),
        required=False,
        max_length=40,
        help_text=_("The turnover or funding the agreement brings your organisation."),
    )
    amount_band = forms.ChoiceField(
        label=_("or a band"), choices=[("", "—"), *AmountBand.choices], required=False
    )
    agreed_on = forms.DateField(label=_("Date of the agreement"), required=False, widget=_DateInput)
    publishable = forms.BooleanField(
        label=_("The partnership may be shown publicly (on the ecosystem map)"), required=False
    )


class NewPartnerForm(OutcomeForm):
    partner = forms.ModelChoiceField(
        label=_("New partner met through the event"),
        queryset=Organisation.objects.none(),
        empty_label="—",
    )
    field_order = ("partner", "status", "kind", "amount", "amount_band", "agreed_on")

    def __init__(self, *args: Any, partners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[p.pk for p in partners]).order_by(
            "name"
        )


def _wave_months_help() -> str:
    return _("Whole numbers separated by commas, e.g. 3, 6, 12 (at most %(n)d waves).") % {
        "n": MAX_WAVES
    }


class PlanForm(forms.Form):
    held_on = forms.DateField(label=_("The meetings took place on"), widget=_DateInput)
    wave_months = forms.CharField(
        label=_("Follow-up waves, in months after the event"),
        # Interpolated when the form is shown: done here, in the class body, it would freeze the
        # text in the language active when the module was imported.
        help_text=lazy(_wave_months_help, str)(),
        max_length=60,
    )

    def clean_wave_months(self) -> list[int]:
        text = self.cleaned_data["wave_months"]
        try:
            return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("Write the months as whole numbers separated by commas, e.g. 3, 6, 12.")
            ) from None


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_DateInput)
    end = forms.DateField(label=_("To"), widget=_DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("start", _("The period must start before it ends."))
        return cleaned
