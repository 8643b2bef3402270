"""The living style guide (/design/): each component of maillage.css with its states, on sample
data, so that reviewers and the accessibility test see them all on one page."""

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

#: Steps of the type scale (custom properties ``--step-N`` of maillage.css), largest first.
TYPE_STEPS = ("4", "3", "2", "1", "0", "-1")


class SampleForm(forms.Form):
    """A form in every state a field can be in: required, optional with help, in error."""

    required_css_class = "required"

    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("We only use it to confirm a meeting.")
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", "---------"), ("energy", _("Energy")), ("health", _("Health"))],
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))
    agree = forms.BooleanField(label=_("I agree to be contacted"), required=False)


def style_guide_context() -> dict[str, Any]:
    """A blank form, the same form with errors, and a page of a paginated list."""
    invalid = SampleForm({"invalid-name": "", "invalid-email": "not-an-address"}, prefix="invalid")
    invalid.is_valid()
    return {
        "type_steps": TYPE_STEPS,
        "form": SampleForm(prefix="blank"),
        "invalid_form": invalid,
        "page": Paginator(range(30), 10).page(2),
    }
