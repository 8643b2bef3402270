"""Taxonomy domains as the engine reads them, and its domain reasons in the reader's language.

The engine compares domain labels (folded) and names the shared ones in its reasons. Every
profile the platform builds gives it the English labels (:func:`engine_domains`: one language for
all, so a domain compares equal whatever language its organisation writes in), and
:func:`with_domain_labels` gives the reason every language's labels, from which
``reasons.render_reason`` picks the reader's: the one place that translates domain labels, for
events, calls and every other page that shows the engine's reasons.
"""

from collections.abc import Iterable, Mapping, Sequence

from maillage.core.i18n import LABEL_LANGUAGES
from maillage.ecosystem.models import Domain
from maillage.ecosystem.text import fold

#: A structured reason from the engine: (code, parameters); see ``matching.reasons``.
type Reason = tuple[str, dict[str, str | float]]


def engine_domains(domains: Iterable[Domain]) -> tuple[str, ...]:
    """The labels a profile's domains are given to the engine by (English)."""
    return tuple(domain.label_en for domain in domains)


def with_domain_labels(
    code: str, params: dict[str, str | float], *, mine: Sequence[Domain], theirs: Sequence[Domain]
) -> Reason:
    """A "shared domains" reason with the shared domains' labels in each label language
    (``domains_fr``, ``domains_en``, ``domains_nl``); any other reason as it is. ``mine`` and
    ``theirs``: the domains the two profiles were given to the engine with."""
    if code != "shared_domains":
        return code, params
    codes = {d.code for d in theirs}
    shared = [d for d in mine if d.code in codes]
    if not shared:
        return code, params
    return code, {
        **params,
        **{
            f"domains_{language}": ", ".join(d.label_in(language) for d in shared)
            for language in LABEL_LANGUAGES
        },
    }


def domain_names() -> dict[str, Domain]:
    """Every domain by the names it is known by (code, labels in each language, folded: case
    and accents do not matter), for :func:`domains_named`. One query."""
    names: dict[str, Domain] = {}
    for domain in Domain.objects.order_by("code"):
        for name in (domain.code, domain.label_en, domain.label_fr, domain.label_nl):
            if name:
                names.setdefault(fold(name).strip(), domain)
    return names


def domains_named(words: Iterable[str], names: Mapping[str, Domain]) -> list[Domain]:
    """The domains that ``words`` name (``names``: :func:`domain_names`), each once, in the
    words' order."""
    found: dict[str, Domain] = {}
    for word in words:
        domain = names.get(fold(word).strip())
        if domain is not None:
            found.setdefault(domain.code, domain)
    return list(found.values())
