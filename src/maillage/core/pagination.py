"""Pagination links keep the list's other parameters (filters, search)."""

from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page``, for ``core/_pagination.html``'s links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
