"""Labels beside an organisation in the directory: ``{% organisation_labels organisation %}``."""

from typing import Any

from django import template

from maillage.catalogue.queries import organisation_labels as labels_of

register = template.Library()


@register.inclusion_tag("catalogue/_organisation_labels.html")
def organisation_labels(organisation: Any) -> dict[str, Any]:
    return {"applications": labels_of([organisation.pk]).get(organisation.pk, [])}
