"""The organisers' page to write to an event's participants (all or a filtered group)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.core.forms import add_service_errors
from maillage.events import queries
from maillage.events.models import Registration
from maillage.events.services.announcements import (
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    send_announcement,
)


class AnnouncementForm(forms.Form):
    role = forms.ChoiceField(
        label=_("To"),
        required=False,
        choices=[("", _("every participant")), *Registration.Role.choices],
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        required=False,
        choices=[
            ("", _("arrived or not")),
            ("checked_in", _("arrived (checked in)")),
            ("awaited", _("not arrived yet")),
        ],
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=BODY_MAX_LENGTH
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def announcement(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.event_organised_by(request.user, slug, "message")
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        try:
            count = send_announcement(actor=request.user, event=event, **form.cleaned_data)
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your message is being sent to %(n)d participant.",
                    "Your message is being sent to %(n)d participants.",
                    count,
                )
                % {"n": count},
            )
            return redirect("events:eventday_page", slug=event.slug)
    status = 422 if form.errors else 200
    return render(
        request, "events/announcement.html", {"event": event, "form": form}, status=status
    )
