from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping|lookup:key``: a dict's value in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
