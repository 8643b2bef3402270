"""Downloads of the directory list, with the list page's filters (``filters``)."""

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.ecosystem.directory import matching_ids
from maillage.ecosystem.exports import CONTENT_TYPES, ExportFormat, export_organisations
from maillage.ecosystem.filters import DirectoryFilters
from maillage.ecosystem.models import Organisation


@require_GET
def organisation_export(request: HttpRequest, file_format: ExportFormat) -> StreamingHttpResponse:
    """The directory list as CSV or XLSX, with the list page's filters (public data only).

    With a single ``cluster`` filter, the membership columns describe that cluster's membership.
    """
    filters = DirectoryFilters.from_params(request.GET)
    clusters = filters.values("cluster")
    network = None
    if len(clusters) == 1:
        network = Organisation.objects.filter(
            slug=clusters[0], kind__in=Organisation.NETWORK_KINDS
        ).first()
    response = StreamingHttpResponse(
        export_organisations(matching_ids(filters), file_format, network=network),
        content_type=CONTENT_TYPES[file_format],
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="organisations-{stamp}.{file_format}"'
    return response
