"""The directory's filters, shared by the list page and the exports so both select the same rows.

Query parameters (each may be repeated to mean "any of these"; empty values are ignored):

- ``q``: words searched accent- and case-insensitively in ``search_text`` (every word must match);
- ``kind``: an organisation kind code (``sme``, ``pole``...);
- ``cluster``: a cluster's or pole's slug (or id): its members;
- ``domain``: a domain code; an axis code also selects its sub-domains;
- ``nace``: a NACE code or its prefix (``62`` selects ``62.01``, ``62.02``...);
- ``province``: a province code (``WLG``, ``WNA``...);
- ``country``: an ISO 3166-1 code;
- ``size``: a size band (``micro``, ``small``, ``medium``, ``large``).
"""

from collections.abc import Mapping
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import QueryDict

from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.text import search_terms

FILTER_PARAMETERS = ("q", "kind", "cluster", "domain", "nace", "province", "country", "size")


def _values(params: Mapping[str, str] | QueryDict, name: str) -> list[str]:
    if isinstance(params, QueryDict):
        raw = params.getlist(name)
    else:
        value = params.get(name)
        raw = value if isinstance(value, list | tuple) else [value] if value else []
    return [str(value).strip() for value in raw if value and str(value).strip()]


def filter_organisations(
    queryset: QuerySet[Organisation], params: Mapping[str, str] | QueryDict
) -> QuerySet[Organisation]:
    """``queryset`` narrowed by the directory's query parameters (see the module docstring).

    Relations are filtered through subqueries, so the result has no duplicate rows and needs no
    ``distinct()``. Unknown values select nothing rather than raising.
    """
    for text in _values(params, "q"):
        for term in search_terms(text):
            queryset = queryset.filter(search_text__contains=term)
    if kinds := _values(params, "kind"):
        queryset = queryset.filter(kind__in=kinds)
    if clusters := _values(params, "cluster"):
        networks = Q(network__slug__in=clusters)
        ids = [int(value) for value in clusters if value.isdigit()]
        if ids:
            networks |= Q(network_id__in=ids)
        queryset = queryset.filter(
            pk__in=Membership.objects.filter(networks).values("organisation_id")
        )
    if domains := _values(params, "domain"):
        domain_links = Organisation.domains.through.objects.filter(
            Q(domain__code__in=domains) | Q(domain__parent__code__in=domains)
        )
        queryset = queryset.filter(pk__in=domain_links.values("organisation_id"))
    if nace := _values(params, "nace"):
        prefixes = reduce(or_, (Q(nacecode__code__startswith=code) for code in nace))
        nace_links = Organisation.nace_codes.through.objects.filter(prefixes)
        queryset = queryset.filter(pk__in=nace_links.values("organisation_id"))
    if provinces := _values(params, "province"):
        queryset = queryset.filter(province__in=[value.upper() for value in provinces])
    if countries := _values(params, "country"):
        queryset = queryset.filter(country__in=[value.upper() for value in countries])
    if sizes := _values(params, "size"):
        queryset = queryset.filter(size_band__in=sizes)
    return queryset
