"""Account pages beyond Django's own login and password-reset views."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.accounts import permissions
from maillage.accounts.models import Affiliation, User

#: Organisations listed by name on the page; a manager of a large cluster sees a count beyond.
EDITABLE_SHOWN = 50


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    """The user's affiliations and the organisations they may edit."""
    user = request.user
    assert isinstance(user, User)  # login_required
    affiliations = (
        Affiliation.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    editable = permissions.editable_organisations(request.user).order_by("name")
    editable_count = editable.count()
    context = {
        "affiliations": affiliations,
        "editable": editable.only("name", "short_name", "slug", "kind")[:EDITABLE_SHOWN],
        "editable_count": editable_count,
        "editable_more": max(editable_count - EDITABLE_SHOWN, 0),
        "can_create": permissions.can_create_organisation(request.user),
    }
    return render(request, "accounts/me.html", context)
