"""Fetching answers from the EU Funding & Tenders portal's public search API.

The portal's pages ask ``POST {url}?apiKey=SEDIA&text=...&pageSize=...&pageNumber=...`` with a
multipart body whose ``query`` part (JSON) filters the results, and answer ``totalResults``
and one page of ``results``. :func:`fetch_portal_answer` asks page after page until it holds
``totalResults`` results (or ``max_pages`` pages), and returns them merged as one answer, which
``import_calls`` then reads exactly as a saved file. Only the standard library is used.
"""

import json
import uuid
from collections.abc import Callable
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

PORTAL_SEARCH_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
#: The portal's public key for its own search pages.
PORTAL_API_KEY = "SEDIA"
#: Forthcoming and open calls (the portal's status codes, see ``portal.STATUSES``).
DEFAULT_QUERY: dict[str, Any] = {
    "bool": {"must": [{"terms": {"status": ["31094501", "31094502"]}}]}
}

#: Told (pages fetched, results so far, total announced).
FetchProgress = Callable[[int, int, int], None]


class FetchError(RuntimeError):
    """The portal could not be reached or answered something that is not a search answer."""


def _multipart(parts: dict[str, tuple[str, str]]) -> tuple[bytes, str]:
    """``name -> (content type, text)`` as a multipart/form-data body and its content type."""
    boundary = uuid.uuid4().hex
    chunks = []
    for name, (content_type, text) in parts.items():
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="blob"'
            f"\r\nContent-Type: {content_type}\r\n\r\n{text}\r\n"
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode("utf-8"), f"multipart/form-data; boundary={boundary}"


def fetch_page(
    *,
    url: str,
    text: str,
    query: dict[str, Any],
    page_number: int,
    page_size: int,
    timeout: float,
) -> dict[str, Any]:
    params = urlencode(
        {
            "apiKey": PORTAL_API_KEY,
            "text": text,
            "pageSize": page_size,
            "pageNumber": page_number,
        }
    )
    body, content_type = _multipart(
        {
            "query": ("application/json", json.dumps(query)),
            "languages": ("application/json", json.dumps(["en"])),
        }
    )
    request = Request(  # noqa: S310 - the URL is the operator's choice (https by default)
        f"{url}?{params}", data=body, headers={"Content-Type": content_type}, method="POST"
    )
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - see above
            raw = response.read()
    except (URLError, OSError) as error:
        raise FetchError(f"cannot fetch page {page_number} from {url}: {error}") from error
    try:
        answer = json.loads(raw)
    except ValueError as error:
        raise FetchError(f"page {page_number} from {url} is not JSON: {error}") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
        raise FetchError(f"page {page_number} from {url} has no 'results' list")
    return answer


def fetch_portal_answer(
    *,
    url: str = PORTAL_SEARCH_URL,
    text: str = "***",
    query: dict[str, Any] | None = None,
    page_size: int = 50,
    max_pages: int = 40,
    timeout: float = 30.0,
    progress: FetchProgress | None = None,
) -> dict[str, Any]:
    """Every page of the search, merged: ``{"totalResults": n, "results": [...]}``."""
    results: list[Any] = []
    total = 0
    for page_number in range(1, max_pages + 1):
        answer = fetch_page(
            url=url,
            text=text,
            query=query or DEFAULT_QUERY,
            page_number=page_number,
            page_size=page_size,
            timeout=timeout,
        )
        page = answer["results"]
        results.extend(page)
        raw_total = answer.get("totalResults")
        total = raw_total if isinstance(raw_total, int) else len(results)
        if progress:
            progress(page_number, len(results), total)
        if not page or len(results) >= total:
            break
    return {"totalResults": total, "results": results}
