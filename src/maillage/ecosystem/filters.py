"""The directory's filters, defined once for the list page, the API, the exports and the map.

Every path reads its parameters with ``DirectoryFilters.from_params`` and selects organisations
with ``directory.matching_ids``, so the four cannot drift apart (``test_directory_paths`` runs
the same filters through all of them and compares). Parameters, each repeatable to mean "any of
these"; empty values are ignored and unknown values select nothing:

- ``q`` (also ``search``): every folded word must occur in the name, short name, city or a
  description, or in the French or English label of one of the organisation's domains;
- ``kind``: an organisation kind code (``sme``, ``pole``...);
- ``cluster`` (also its old name ``network``): the slug of a cluster or pole the organisation is
  a member of now; an ended membership never counts;
- ``domain``: a domain code; an axis code also selects its sub-domains;
- ``nace``: a NACE code or its prefix (``62`` selects ``62.01``, ``62.02``...);
- ``province``: a province code (``WLG``, ``WNA``...), any case;
- ``country``: an ISO 3166-1 alpha-2 code, any case;
- ``partner_cluster``: the slug of the cluster or pole abroad a foreign organisation comes from
  (its cluster of origin);
- ``size``: a size band (``micro``, ``small``, ``medium``, ``large``).

To add a filter: one ``DirectoryFilter`` in ``FILTERS``, the fact it reads on ``Indexed`` (and
``directory_index.Entry``, which fills it), and, if the list page shows it, its facet in
``directory.FACET_LABELS``.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlencode

from django.http import QueryDict

type Values = tuple[str, ...]

#: Longest search kept; a longer one is cut rather than refused.
MAX_QUERY_LENGTH = 200


class Indexed(Protocol):
    """What the directory index knows of one organisation (``directory_index.Entry``)."""

    @property
    def kind(self) -> str: ...
    @property
    def province(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def size_band(self) -> str: ...
    #: Slugs of the clusters and poles it is a member of now.
    @property
    def networks(self) -> frozenset[str]: ...
    #: Codes of its domains and of their axes.
    @property
    def domains(self) -> frozenset[str]: ...
    #: Codes of its own domains only.
    @property
    def own_domains(self) -> frozenset[str]: ...
    @property
    def nace(self) -> tuple[str, ...]: ...
    #: Slug of its cluster of origin, or "".
    @property
    def origin(self) -> str: ...


@dataclass(frozen=True)
class DirectoryFilter:
    """One filter: its parameter, the values an organisation offers it, and when it matches."""

    name: str
    #: The organisation's values for this filter: the options its facet counts.
    facet_values: Callable[[Indexed], Iterable[str]]
    #: Whether the organisation matches any of the values asked; by default, when one of its
    #: ``facet_values`` is among them.
    matches: Callable[[Indexed, Values], bool] | None = None
    #: Older names of the parameter, still accepted.
    aliases: tuple[str, ...] = ()
    max_length: int = 120
    upper: bool = False

    def test(self, organisation: Indexed, values: Values) -> bool:
        if self.matches is not None:
            return self.matches(organisation, values)
        return any(value in values for value in self.facet_values(organisation))


FILTERS: tuple[DirectoryFilter, ...] = (
    DirectoryFilter("kind", lambda o: (o.kind,), max_length=20),
    DirectoryFilter("cluster", lambda o: o.networks, aliases=("network",)),
    DirectoryFilter(
        "domain",
        lambda o: o.own_domains,
        matches=lambda o, values: not o.domains.isdisjoint(values),
    ),
    DirectoryFilter(
        "nace",
        lambda o: o.nace,
        matches=lambda o, values: any(code.startswith(values) for code in o.nace),
        max_length=8,
    ),
    DirectoryFilter("province", lambda o: (o.province,), max_length=3, upper=True),
    DirectoryFilter("country", lambda o: (o.country,), max_length=2, upper=True),
    DirectoryFilter("partner_cluster", lambda o: (o.origin,)),
    DirectoryFilter("size", lambda o: (o.size_band,), max_length=10),
)
FILTERS_BY_NAME = {spec.name: spec for spec in FILTERS}
#: Every parameter the directory understands, old names included.
PARAMETERS = ("q", "search", *(n for spec in FILTERS for n in (spec.name, *spec.aliases)))


def _values(params: Mapping[str, Any] | QueryDict, name: str) -> list[str]:
    if isinstance(params, QueryDict):
        raw: list[Any] = params.getlist(name)
    else:
        value = params.get(name)
        raw = list(value) if isinstance(value, list | tuple) else [value]
    return [str(value).strip() for value in raw if value is not None and str(value).strip()]


@dataclass(frozen=True)
class DirectoryFilters:
    """What was asked of the directory: a search and, per filter, the values accepted."""

    q: str = ""
    #: Filter name (of ``FILTERS``) -> the values asked for, any of which matches.
    chosen: Mapping[str, Values] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: Mapping[str, Any] | QueryDict) -> "DirectoryFilters":
        """From query parameters (a ``QueryDict``, or a mapping of strings or lists)."""
        q = " ".join(_values(params, "q") + _values(params, "search"))[:MAX_QUERY_LENGTH]
        chosen: dict[str, Values] = {}
        for spec in FILTERS:
            found: list[str] = []
            for name in (spec.name, *spec.aliases):
                for raw in _values(params, name):
                    value = raw[: spec.max_length]
                    value = value.upper() if spec.upper else value
                    if value not in found:
                        found.append(value)
            if found:
                chosen[spec.name] = tuple(found)
        return cls(q=q.strip(), chosen=chosen)

    def values(self, name: str) -> Values:
        return self.chosen.get(name, ())

    def replaced(self, name: str, values: Values) -> "DirectoryFilters":
        """The same filters with ``name`` asking for ``values`` instead."""
        chosen = {key: value for key, value in self.chosen.items() if key != name}
        if values:
            chosen[name] = values
        return replace(self, chosen=chosen)

    @property
    def active(self) -> bool:
        return bool(self.q or self.chosen)

    def as_params(self) -> dict[str, list[str]]:
        params = {"q": [self.q]} if self.q else {}
        params.update({name: list(values) for name, values in self.chosen.items()})
        return params

    def query_string(self) -> str:
        """The filters as a query string (``cluster=a&cluster=b&...``), for links."""
        return urlencode(self.as_params(), doseq=True)
