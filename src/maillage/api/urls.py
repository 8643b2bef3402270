from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path, reverse
from django.views.decorators.csrf import csrf_exempt

from maillage.api.errors import not_found, problem_fallback
from maillage.api.main import api


@csrf_exempt  # answers 404 to any method; a CSRF 403 would hide that
def _unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return not_found(request)


def _index(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """``/api/v1/``: where the schema and the documentation are."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
        }
    )


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            # ninja's root view only raises 404; its name still serves to compute the prefix.
            view = _index if pattern.name == "api-root" else pattern.callback
            pattern.callback = problem_fallback(view)
    return patterns


app_name = "api"
urlpatterns = [*_patterns(), re_path(r"^(?P<rest>.*)$", _unknown)]
