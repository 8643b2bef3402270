from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from maillage.ecosystem.models import Organisation
from maillage.events.models import Event


def home(request: HttpRequest) -> HttpResponse:
    networks = Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS).order_by(
        "kind", "name"
    )
    context = {
        "networks": networks,
        "organisation_count": Organisation.objects.count(),
        "events": Event.objects.order_by("-year", "-start_date")[:10],
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
