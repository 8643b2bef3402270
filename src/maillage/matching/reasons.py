"""The engine's structured reasons, rendered in the user's language.

The engine (``matching.engine.explain``) returns each reason as a code and parameters, and
renders English itself for the command line; these are the same sentences as gettext msgids,
so the catalogues translate them (a test keeps both renderings identical in English).
"""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

MESSAGES: Mapping[str, Promise] = {
    "marked_useful": _("You marked this suggestion as useful"),
    "offer_meets_need": _("Your offer “%(offer)s” meets %(them)s's need “%(need)s”"),
    "need_met_by_offer": _("%(them)s's offer “%(offer)s” meets your need “%(need)s”"),
    "mutual_interest": _("Mutual interest: each side offers something the other needs"),
    "shared_domains": _("Shared domains: %(domains)s"),
    "related_nace": _("Related NACE activity (same code prefix %(code)s)"),
    "similar_activity": _("Similar activity: “%(passage)s”"),
    "shared_terms": _("Shared key terms: %(terms)s"),
    "complementary_kinds": _("Complementary kinds: %(mine)s and %(theirs)s"),
    "cross_sector": _("Cross-sector pairing: no shared sector, suited to intersectoral meetings"),
    "cross_border": _("Cross-border partner (%(mine)s - %(theirs)s)"),
    "close_to_useful": _("Close to profiles you marked useful: %(profiles)s"),
    "closest_overall": _("Closest overall profile among the candidates (no single strong overlap)"),
    "past_partner": _("You have already worked together"),
    # Added by the platform, which knows the projects behind a past collaboration...
    "same_projects": _("You took part in the same projects: %(projects)s"),
    # ...and what fits an event: complementary roles, the event's two sides.
    "role_supplier": _("A supplier of solutions for what you are looking for"),
    "role_demander": _("Looking for solutions such as the ones you offer"),
    "role_research": _("A research partner for your company"),
    "role_company": _("A company that can put your research to work"),
    "event_sides": _("Crosses the event's two sectors: you with %(mine)s, them with %(theirs)s"),
    # ...and why a suggestion comes before closer ones: the event's shares (suggestion_fit).
    "balance_roles": _("Put forward because this event pairs complementary roles"),
    "balance_sides": _("Put forward because this event crosses its two sectors"),
    # Plural forms pick the number from the parameter named last (see explain.PLURALS).
    "common_partners": ngettext_lazy(
        "Worked with one of your partners: %(names)s",
        "Worked with %(count)d of your partners: %(names)s",
        "count",
    ),
    "common_partners_more": ngettext_lazy(
        "Worked with %(count)d of your partners: %(names)s and %(others)d other",
        "Worked with %(count)d of your partners: %(names)s and %(others)d others",
        "others",
    ),
    "common_partners_unnamed": ngettext_lazy(
        "Worked with one of your partners",
        "Worked with %(count)d of your partners",
        "count",
    ),
    "active_partner": ngettext_lazy(
        "Active in collaborations: worked with %(count)d organisation",
        "Active in collaborations: worked with %(count)d organisations",
        "count",
    ),
}


#: Codes the platform writes itself (the engine does not know what they need).
PLATFORM_CODES = frozenset(
    {
        "same_projects",
        "role_supplier",
        "role_demander",
        "role_research",
        "role_company",
        "event_sides",
        "balance_roles",
        "balance_sides",
    }
)


def render_reason(code: str, params: Mapping[str, str | float]) -> str:
    """One reason in the active language (an unknown code, from a newer engine, renders as
    nothing rather than failing the page).

    A parameter given per language as ``<name>_<language>`` (``domains_fr``: the French domain
    labels) is used in that language instead of ``<name>``.
    """
    message = MESSAGES.get(code)
    if message is None:
        return ""
    language = (get_language() or "fr")[:2]
    localised = {
        name: params.get(f"{name}_{language}", value)
        for name, value in params.items()
        if not _is_localised(name)
    }
    return str(message % localised)


def _is_localised(name: str) -> bool:
    base, _sep, suffix = name.rpartition("_")
    return bool(base) and suffix in _LANGUAGES


_LANGUAGES = frozenset({"fr", "en", "nl", "de"})
