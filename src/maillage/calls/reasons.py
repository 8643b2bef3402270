"""Reasons of call rankings and partner proposals, rendered in the reader's language.

The engine's reasons are rendered by ``matching.reasons``; the rules this app adds
(``calls.ranking``) have their own codes here. Codes and parameters are stored, sentences are
made at display time, so a French reader gets French whatever language the job ran in.
"""

from collections.abc import Callable, Mapping, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.calls.models import PartnerRole
from maillage.ecosystem.models import Organisation
from maillage.matching.reasons import render_reason


def _label(choices: type[Organisation.Kind] | type[PartnerRole], value: object) -> str:
    try:
        return str(choices(str(value)).label)
    except ValueError:
        return str(value)


def _opens_in(params: Mapping[str, str | float]) -> str:
    days = int(params["days"])
    return ngettext("The call opens in %(days)d day", "The call opens in %(days)d days", days) % {
        "days": days
    }


def _next_deadline(params: Mapping[str, str | float]) -> str:
    days = int(params["days"])
    if days == 0:
        return _("The next deadline is today")
    return ngettext(
        "The next deadline is in %(days)d day",
        "The next deadline is in %(days)d days",
        days,
    ) % {"days": days}


_RENDERERS: Mapping[str, Callable[[Mapping[str, str | float]], str]] = {
    "call_funds_kind": lambda p: (
        _("The call funds organisations like yours (%(kind)s)")
        % {"kind": _label(Organisation.Kind, p["kind"])}
    ),
    "call_open_in_country": lambda p: (
        _("Open to organisations established in %(country)s") % dict(p)
    ),
    "call_relayed_by_your_cluster": lambda p: (
        _("Relayed by %(cluster)s, one of your clusters") % dict(p)
    ),
    "call_opens_in": _opens_in,
    "call_next_deadline": _next_deadline,
    "fills_role": lambda p: (
        _("Fills the wanted role (%(role)s) in %(country)s")
        % {"role": _label(PartnerRole, p["role"]), "country": p["country"]}
    ),
    "shares_cluster_with_lead": lambda p: (
        _("Member of %(cluster)s, like the lead organisation") % dict(p)
    ),
}


def render_call_reason(code: str, params: Mapping[str, str | float]) -> str:
    """One reason in the active language (the engine's through ``matching.reasons``); an
    unknown code renders as nothing."""
    renderer = _RENDERERS.get(code)
    return renderer(params) if renderer else render_reason(code, params)


def render_reasons(reasons: Sequence[Sequence[object]]) -> list[str]:
    """Stored ``[[code, params], ...]`` as sentences (empty ones dropped)."""
    out = []
    for code, params in reasons:
        text = render_call_reason(str(code), params)  # type: ignore[arg-type]
        if text:
            out.append(text)
    return out
