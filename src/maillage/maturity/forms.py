"""The questionnaire's pages: one form per dimension, built from the questionnaire data.

Field names are the questionnaire's ids (``Q2`` for a checkbox question, ``Q4.1`` for a row),
so errors from ``services.save_dimension`` land on the right field. The form only turns the
posted values into the raw answer shape; the service checks them (one validation for the page,
the API and the command).
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.ecosystem.models import Organisation
from maillage.maturity.dma import Question, Questionnaire, localise
from maillage.maturity.dma.questionnaire import SCALE_TYPES

BLANK = ""


@dataclass(frozen=True)
class Section:
    """A question as the step page shows it."""

    id: str
    type: str
    text: str
    fields: list[forms.BoundField]


def _value(step: float) -> str:
    return f"{step:g}"


class DimensionForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        questionnaire: Questionnaire,
        dimension: str,
        stored: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        self.questionnaire = questionnaire
        self.questions = questionnaire.questions_of(dimension)
        for question in self.questions:
            if question.type == "checkbox":
                self.fields[question.id] = forms.MultipleChoiceField(
                    label=localise(question.text, language),
                    required=False,
                    choices=[(i.id, localise(i.text, language)) for i in question.items],
                    widget=forms.CheckboxSelectMultiple,
                    initial=stored.get(question.id, []),
                )
                continue
            for item in question.items:
                self.fields[item.id] = self._row_field(question, item.id, stored, language)
                self.fields[item.id].label = localise(item.text, language)

    def _row_field(
        self, question: Question, item_id: str, stored: dict[str, Any], language: str
    ) -> forms.Field:
        answer = stored.get(question.id, {})
        if question.type == "dual_checkbox":
            return forms.MultipleChoiceField(
                required=False,
                choices=[(c.id, localise(c.label, language)) for c in question.columns],
                widget=forms.CheckboxSelectMultiple,
                initial=answer.get(item_id, []),
            )
        steps = self.questionnaire.scales[question.type]
        stored_value = answer.get(item_id)
        return forms.ChoiceField(
            required=False,
            choices=[(BLANK, _("No answer"))]
            + [(_value(step.value), localise(step.label, language)) for step in steps],
            widget=forms.RadioSelect,
            initial=BLANK if stored_value is None else _value(float(stored_value)),
        )

    def sections(self) -> list[Section]:
        """Each question with its bound fields, for the template."""
        language = get_language()
        result = []
        for question in self.questions:
            names = [question.id] if question.type == "checkbox" else list(question.item_ids)
            result.append(
                Section(
                    id=question.id,
                    type=question.type,
                    text=localise(question.text, language),
                    fields=[self[name] for name in names],
                )
            )
        return result

    def raw_answers(self) -> dict[str, Any]:
        """The posted values in the raw answer shape (call after ``is_valid``)."""
        data = self.cleaned_data
        raw: dict[str, Any] = {}
        for question in self.questions:
            if question.type == "checkbox":
                raw[question.id] = list(data.get(question.id) or [])
            elif question.type == "dual_checkbox":
                raw[question.id] = {item: list(data.get(item) or []) for item in question.item_ids}
            else:
                assert question.type in SCALE_TYPES
                raw[question.id] = {
                    item: float(data[item]) if data.get(item) not in (None, BLANK) else None
                    for item in question.item_ids
                }
        return raw

    def add_service_errors(self, error: ValidationFailed) -> None:
        """Each message on its field (a question or item id), the others above the form."""
        add_service_errors(self, error)


class FollowForm(forms.Form):
    """A hub manager picks one of the hub's people and the company they will follow."""

    advisor = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Advisor"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Company"),
        to_field_name="slug",
        widget=forms.TextInput,
        help_text=_("The company's identifier in the directory (the end of its address)."),
    )

    def __init__(self, *args: Any, hub: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            affiliations__organisation=hub, is_active=True
        ).distinct()
        self.fields["organisation"].queryset = Organisation.objects.exclude(  # type: ignore[attr-defined]
            pk=hub.pk
        )
