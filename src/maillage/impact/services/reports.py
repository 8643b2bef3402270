"""Report files: queued by an organiser, built by the worker (``jobs.build_report_file``),
downloaded from the page."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.impact.models import ReportJob
from maillage.impact.permissions import REFUSE_REPORTS, can_view_reports
from maillage.impact.tasks import build_report_file

#: Earliest day a report may start: before the platform, there is nothing to count.
EARLIEST = dt.date(2000, 1, 1)


def check_period(start: dt.date, end: dt.date) -> None:
    """``ValidationFailed`` unless ``start``..``end`` is a period a report can cover."""
    if start > end:
        raise ValidationFailed({"start": _("The period must start before it ends.")})
    if start < EARLIEST:
        raise ValidationFailed(
            {"start": _("Reports start on %(day)s at the earliest.") % {"day": EARLIEST}}
        )
    if end > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationFailed({"end": _("The period cannot end more than a year from now.")})


def start_report_job(
    *, actor: User, organiser: Organisation, start: dt.date, end: dt.date, file_format: str
) -> ReportJob:
    """Queue the building of a PDF or XLSX report; the page polls the job."""
    if not can_view_reports(actor, organiser):
        raise PermissionDenied(REFUSE_REPORTS)
    check_period(start, end)
    if file_format not in ReportJob.Format.values:
        raise ValidationFailed({"file_format": _("Choose PDF or XLSX.")})
    with transaction.atomic():
        job = ReportJob.objects.create(
            organiser=organiser,
            start=start,
            end=end,
            file_format=file_format,
            created_by=actor,
            language=translation.get_language() or "fr",
        )
        transaction.on_commit(lambda: build_report_file.enqueue(job.pk))
    return job
