"""Labels stored once per interface language (``label_fr``, ``label_en``, ``label_nl`` columns,
as the taxonomy's domains and NACE codes have): which one the active language reads, and what
it reads when that one is blank.

The one rule, in Python (:func:`pick_label`, :class:`LabelledModel`) and in the database
(:func:`label_expression`, to order or read labels in a query).
"""

from collections.abc import Mapping, Sequence

from django.db.models import F, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

#: The languages labels are stored in: the order of the label tuples this module reads.
LABEL_LANGUAGES = ("fr", "en", "nl")
#: Where a blank label falls back. French is always filled (the taxonomy is written in it);
#: Flemish readers are given English before French.
_FALLBACK = {"fr": ("fr",), "en": ("en", "fr"), "nl": ("nl", "en", "fr")}


def label_language(language: str | None = None) -> str:
    """The label language for ``language`` (default: the active one); French for any other."""
    code = (language or get_language() or "fr")[:2]
    return code if code in _FALLBACK else "fr"


def label_fields(prefix: str = "") -> tuple[str, ...]:
    """Every label column, in :data:`LABEL_LANGUAGES` order (to read the labels for
    :func:`pick_label`)."""
    return tuple(f"{prefix}label_{code}" for code in LABEL_LANGUAGES)


def pick_label(labels: Sequence[str], language: str | None = None) -> str:
    """The label in ``language`` (default: the active one) out of ``labels``, given in
    :data:`LABEL_LANGUAGES` order; a blank one falls back (Dutch to English to French)."""
    return pick_text(dict(zip(LABEL_LANGUAGES, labels, strict=False)), language)


def pick_text(texts: Mapping[str, object], language: str | None = None) -> str:
    """The text in ``language`` (default: the active one) out of texts by language code (a
    JSON field such as a label's criteria), with :func:`pick_label`'s fallback, else any."""
    for code in _FALLBACK[label_language(language)]:
        if texts.get(code):
            return str(texts[code])
    return next((str(text) for text in texts.values() if text), "")


def label_expression(prefix: str = "", language: str | None = None) -> Combinable:
    """:func:`pick_label` in SQL: the label in ``language`` or its fallback, to order by or to
    read in ``values_list``."""
    *first, last = (f"{prefix}label_{code}" for code in _FALLBACK[label_language(language)])
    if not first:
        return F(last)
    return Coalesce(*(NullIf(F(name), Value("")) for name in first), F(last))


class LabelledModel:
    """A model mixin: ``label``, the label in the active language (with the fallback)."""

    label_fr: str
    label_en: str
    label_nl: str

    @property
    def label(self) -> str:
        return self.label_in()

    def label_in(self, language: str | None = None) -> str:
        return pick_label(tuple(getattr(self, name) for name in label_fields()), language)
