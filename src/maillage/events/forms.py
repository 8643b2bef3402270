"""Forms of the event pages. They collect and type the input; the services decide and write,
and their ``ValidationFailed`` errors are put back on the form with ``add_service_errors``."""

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Organisation
from maillage.events.models import Registration
from maillage.events.slots import Slot


class _DateInput(forms.DateInput):
    input_type = "date"


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class _TimeInput(forms.TimeInput):
    input_type = "time"


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organising clusters and poles"),
        queryset=Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two or more, including one you manage."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=_DateInput)
    end_date = forms.DateField(label=_("End date"), widget=_DateInput, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"), widget=_DateTimeInput, required=False
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"), widget=_DateTimeInput, required=False
    )
    pending_request_quota = forms.IntegerField(
        label=_("Pending requests per participant"), min_value=1, initial=10
    )
    request_ttl_days = forms.IntegerField(
        label=_("Request validity (days)"), min_value=1, initial=7
    )


class ConferenceSessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    speakers = forms.CharField(label=_("Speakers"), max_length=300, required=False)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=_DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=_DateTimeInput)


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=_DateTimeInput, required=False)


class B2BSessionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. morning"))
    date = forms.DateField(label=_("Date"), widget=_DateInput)
    start_time = forms.TimeField(label=_("Start"), widget=_TimeInput)
    end_time = forms.TimeField(label=_("End"), widget=_TimeInput)
    slot_minutes = forms.IntegerField(label=_("Slot length (minutes)"), min_value=1, initial=20)
    table_count = forms.IntegerField(label=_("Tables"), min_value=1, initial=10)


class RegistrationForm(forms.Form):
    """Account (when logged out), organisation (mine / claim / new), role, offers, needs, slots."""

    MINE, CLAIM, NEW = "mine", "claim", "new"

    email = forms.EmailField(label=_("E-mail"), required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False)
    organisation_mode = forms.ChoiceField(
        label=_("Organisation"),
        choices=[
            (MINE, _("One of my organisations")),
            (CLAIM, _("An organisation of the directory I work for")),
            (NEW, _("A new organisation")),
        ],
        widget=forms.RadioSelect,
        initial=MINE,
    )
    organisation = forms.ModelChoiceField(
        label=_("My organisation"), queryset=Organisation.objects.none(), required=False
    )
    claim_enterprise_number = forms.CharField(
        label=_("Enterprise number of the organisation to claim"),
        max_length=20,
        required=False,
        help_text=_("As in the directory, e.g. 0403.170.701."),
    )
    new_name = forms.CharField(label=_("Name of the new organisation"), required=False)
    new_kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (value, label)
            for value, label in Organisation.Kind.choices
            if value not in Organisation.NETWORK_KINDS
        ],
        required=False,
    )
    new_enterprise_number = forms.CharField(
        label=_("Enterprise number"), max_length=20, required=False
    )
    role = forms.ChoiceField(
        label=_("Your role at this event"),
        choices=Registration.Role.choices,
        widget=forms.RadioSelect,
    )
    offers = forms.CharField(
        label=_("What you offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One offer per line."),
    )
    needs = forms.CharField(
        label=_("What you look for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One need per line."),
    )
    unavailable_slots = forms.TypedMultipleChoiceField(
        label=_("B2B slots when you are unavailable"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        anonymous: bool,
        own_organisations: list[Organisation],
        slots: list[Slot],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        if not anonymous:
            for name in ("email", "full_name", "password"):
                del self.fields[name]
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in own_organisations]
        ).order_by("name")
        if not own_organisations:
            mode_field = self.fields["organisation_mode"]
            assert isinstance(mode_field, forms.ChoiceField)
            mode_field.choices = [
                (self.CLAIM, _("An organisation of the directory I work for")),
                (self.NEW, _("A new organisation")),
            ]
            mode_field.initial = self.CLAIM
        slot_field = self.fields["unavailable_slots"]
        assert isinstance(slot_field, forms.TypedMultipleChoiceField)
        slot_field.choices = [
            (
                slot.number,
                f"{slot.session.name} {formats.time_format(slot.starts.time(), 'TIME_FORMAT')}",
            )
            for slot in slots
        ]
        if not slots:
            del self.fields["unavailable_slots"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.anonymous:
            for name in ("email", "password"):
                if not data.get(name):
                    self.add_error(name, _("This field is required."))
            if data.get("password"):
                try:
                    validate_password(data["password"])
                except forms.ValidationError as error:
                    self.add_error("password", error)
        mode = data.get("organisation_mode")
        if mode == self.MINE and not data.get("organisation"):
            self.add_error("organisation", _("Choose one of your organisations."))
        if mode == self.CLAIM and not data.get("claim_enterprise_number"):
            self.add_error(
                "claim_enterprise_number", _("Give the enterprise number of your organisation.")
            )
        if mode == self.NEW:
            if not data.get("new_name"):
                self.add_error("new_name", _("Name your organisation."))
            if not data.get("new_kind"):
                self.add_error("new_kind", _("Choose the kind of organisation."))
        return data


class MeetingRequestForm(forms.Form):
    recipient = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the participant to meet."),
            "invalid": _("Choose the participant to meet."),
        },
    )
    # Its length is checked by the service (send_meeting_request), as for the API.
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        strip=False,
    )


def _participant_label(registration: Registration) -> str:
    return registration.organisation.display_name


class ProposalForm(forms.Form):
    first = forms.ModelChoiceField(
        label=_("First participant"), queryset=Registration.objects.none()
    )
    second = forms.ModelChoiceField(
        label=_("Second participant"), queryset=Registration.objects.none()
    )

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = participants
            field.label_from_instance = _participant_label  # type: ignore[method-assign,assignment]


class ChallengeForm(forms.Form):
    workshop = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Challenge"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class IdeaForm(forms.Form):
    challenge = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Your idea"), widget=forms.Textarea(attrs={"rows": 2}))


class PitchSessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Pitches"))
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=_DateTimeInput, required=False)


class PitchForm(forms.Form):
    """A pitch; the organisation is given by its directory address (its slug)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    team = forms.CharField(
        label=_("Team"), max_length=300, help_text=_("The people who pitch, as printed.")
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=120,
        required=False,
        help_text=_("Its address in the directory, e.g. helmo."),
    )
    abstract = forms.CharField(label=_("Abstract"), widget=forms.Textarea, required=False)
    stand = forms.CharField(label=_("Demo stand"), max_length=20, required=False)
    slides_url = forms.URLField(label=_("Slides link"), max_length=200, required=False)
    presenter = forms.ModelChoiceField(
        label=_("Presenter"),
        queryset=Registration.objects.none(),
        required=False,
        help_text=_(
            "Who receives the follow-up requests; by default, the organisation's first "
            "registered participant."
        ),
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        presenter: Any = self.fields["presenter"]
        presenter.queryset = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).select_related("organisation", "user")
        presenter.label_from_instance = lambda registration: (
            f"{registration.user} ({registration.organisation.display_name})"
        )

    def clean_organisation(self) -> Organisation | None:
        slug = self.cleaned_data["organisation"].strip()
        if not slug:
            return None
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise forms.ValidationError(
                _("No organisation has the address %(slug)s in the directory."),
                params={"slug": slug},
            )
        return organisation


class PitchFollowUpForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the team"), widget=forms.Textarea, max_length=2000, required=False
    )
