"""The listing form. It only parses what the browser sends; the rules (a title, lengths, an
expiry ahead) are the service's, whose refusals are shown next to the fields."""

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.core.i18n import label_expression
from maillage.ecosystem.models import Domain, Organisation
from maillage.marketplace.models import Listing

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English"), ("nl", "Nederlands"), ("de", "Deutsch")]
#: Service field -> form field, where they differ.
_FORM_FIELDS = {"expires_at": "expires_on"}


class _DateInput(forms.DateInput):
    input_type = "date"


class ListingForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    direction = forms.ChoiceField(label=_("Offer or need"), choices=Listing.Direction.choices)
    category = forms.ChoiceField(label=_("Type"), choices=Listing.Category.choices)
    title = forms.CharField(label=_("Title"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains"),
        queryset=Domain.objects.all(),
        to_field_name="code",
        required=False,
        help_text=_("The domains matching uses to find who offers or needs the same."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=_DateInput(format="%Y-%m-%d"),
        help_text=_("The listing leaves the marketplace and matching after this day."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any = None,
        listing: Listing | None = None,
        **kwargs: Any,
    ) -> None:
        if listing is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "direction": listing.direction,
                "category": listing.category,
                "title": listing.title,
                "description": listing.description,
                "language": listing.language,
                "domains": [d.code for d in listing.domains.all()],
                "expires_on": timezone.localtime(listing.expires_at).date(),
            }
        super().__init__(*args, **kwargs)
        # In the reader's alphabetical order, hence per form rather than per class.
        self.fields["domains"].queryset = Domain.objects.order_by(label_expression())  # type: ignore[attr-defined]
        if organisations is None:
            # Editing: the organisation is the listing's and does not change.
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them (the expiry at the end of the day)."""
        data = self.cleaned_data
        day = data.get("expires_on")
        expires_at = (
            timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
            if day is not None
            else None
        )
        return {
            "direction": data["direction"],
            "category": data["category"],
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "language": data["language"],
            "domains": [d.code for d in data.get("domains") or []],
            "expires_at": expires_at,
        }

    def add_service_errors(self, error: ValidationFailed) -> None:
        add_service_errors(self, error, fields=_FORM_FIELDS)
