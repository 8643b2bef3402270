"""Pieces of the directory that other apps' pages show, so that those apps import nothing of
the ecosystem: ``accounts``' page of the user includes ``{% editable_organisations %}``."""

from typing import Any

from django import template

from maillage.ecosystem import permissions

register = template.Library()

#: Organisations listed by name; a manager of a large cluster sees a count beyond.
EDITABLE_SHOWN = 50


@register.inclusion_tag("ecosystem/_editable_organisations.html", takes_context=True)
def editable_organisations(context: template.Context) -> dict[str, Any]:
    """The organisations the page's user may edit, and whether they may add one."""
    user = context["user"]
    editable = permissions.editable_organisations(user).order_by("name")
    count = editable.count()
    return {
        "editable": editable.only("name", "short_name", "slug", "kind")[:EDITABLE_SHOWN],
        "editable_count": count,
        "editable_more": max(count - EDITABLE_SHOWN, 0),
        "can_create": permissions.can_create_organisation(user),
    }
