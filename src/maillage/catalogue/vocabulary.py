"""The catalogue's small vocabularies, shared by forms, filters, the API and the demo."""

from django.utils.translation import get_language

from maillage.ecosystem.models import Domain
from maillage.maturity.dma import load_questionnaire, localise

#: Languages a service can be given in.
LANGUAGES = ("fr", "en", "nl", "de")
DIMENSION_IDS = load_questionnaire().dimension_ids


def dimension_labels() -> dict[str, str]:
    """DMA dimension id -> its name in the current language."""
    language = get_language()
    return {d.id: localise(d.label, language) for d in load_questionnaire().dimensions}


def sector_codes() -> set[str]:
    """Sectors are the directory's strategic axes (``ecosystem.sectors``)."""
    return set(Domain.objects.filter(parent__isnull=True).values_list("code", flat=True))
