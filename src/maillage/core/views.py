from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.static import serve

from maillage.core.design import style_guide_context
from maillage.core.readiness import readiness_checks
from maillage.ecosystem.models import Organisation
from maillage.events.queries import events_in_listing_order


def home(request: HttpRequest) -> HttpResponse:
    networks = Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS).order_by(
        "kind", "name"
    )
    context = {
        "networks": networks,
        "organisation_count": Organisation.objects.count(),
        "events": events_in_listing_order(today=timezone.localdate())[:10],
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness, for the load balancer: 200 when this web process can serve (database up and
    fully migrated, shared cache reachable), else 503 naming what is not ready."""
    checks = readiness_checks()
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )


def design_system(request: HttpRequest) -> HttpResponse:
    """The style guide: every component of the design system with its states."""
    return render(request, "core/design.html", style_guide_context())


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """An uploaded file, in debug and the demo (``settings.SERVE_MEDIA``); the reverse proxy
    serves them in production. Read at each request, so tests may move ``MEDIA_ROOT``."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
