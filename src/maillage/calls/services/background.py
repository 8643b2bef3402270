"""Starting the calls app's background work: imports from the web, rankings, proposals.

A ranking is reused while its fingerprint (a digest of everything it read) is unchanged, so
visiting the page again costs two queries and no engine run; any change to the organisation,
the calls or the consortium makes a new fingerprint and queues a new run.
"""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.tasks import Task
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.calls import permissions
from maillage.calls.models import (
    Call,
    CallFitRun,
    CallImportJob,
    CallStatus,
    Consortium,
    Job,
    PartnerProposalRun,
)
from maillage.calls.tasks import run_call_fits, run_call_import, run_partner_proposals
from maillage.core.errors import ValidationFailed
from maillage.core.progress import JobStatus
from maillage.ecosystem.models import Organisation
from maillage.marketplace.models import Listing

#: Largest portal answer accepted from the web (the command line has no limit).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def start_call_import(
    *, actor: AnyUser, data: bytes, file_name: str, language: str
) -> CallImportJob:
    """Queue the import of an uploaded portal answer; the page then polls the job."""
    permissions.check_can_import_calls(actor)
    assert isinstance(actor, User), "only logged-in users import"
    if not data.strip():
        raise ValidationFailed({"file": _("The file is empty.")})
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            {"file": _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES >> 20}}
        )
    job = CallImportJob.objects.create(
        user=actor, file_name=file_name[:255], data=data, language=language
    )
    # After the commit, so a worker on another connection finds the row.
    transaction.on_commit(lambda: run_call_import.enqueue(job.pk))
    return job


def _language() -> str:
    """The asker's language: the worker writes the job's stages in it."""
    return get_language() or settings.LANGUAGE_CODE


def _digest(parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def fit_fingerprint(organisation: Organisation, today: dt.date) -> str:
    """What a ranking of calls for ``organisation`` reads: its profile, its active offers and
    needs, and every open or forthcoming call's version, on ``today``."""
    calls = (
        Call.objects.with_status(today)
        .in_statuses(CallStatus.OPEN, CallStatus.FORTHCOMING)
        .order_by("pk")
        .values_list("pk", "updated_at")
    )
    listings = (
        Listing.objects.active()
        .filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", "title", "direction")
    )
    return _digest(
        [
            today,
            organisation.pk,
            organisation.updated_at,
            sorted(organisation.domains.values_list("pk", flat=True)),
            sorted(organisation.nace_codes.values_list("pk", flat=True)),
            list(listings),
            list(calls),
        ]
    )


def _current_or_queued[RunT: Job](
    runs: QuerySet[RunT], task: Task[[int], None], **inputs: object
) -> RunT:
    """The run of ``inputs`` (its fingerprint included) unless it failed; else a new one,
    queued on ``task`` once committed."""
    run = runs.filter(**inputs).exclude(status=JobStatus.FAILED).first()
    if run is None:
        run = runs.create(language=_language(), **inputs)
        transaction.on_commit(lambda: task.enqueue(run.pk))
    return run


def call_fits_for(*, actor: AnyUser, organisation: Organisation) -> CallFitRun:
    """The ranking of calls for ``organisation``: the current one, or a new one queued."""
    permissions.check_can_act_for(actor, organisation)
    fingerprint = fit_fingerprint(organisation, timezone.localdate())
    return _current_or_queued(
        CallFitRun.objects.all(),
        run_call_fits,
        organisation=organisation,
        fingerprint=fingerprint,
    )


def partner_proposals_for(*, actor: AnyUser, consortium: Consortium) -> PartnerProposalRun:
    """The partners proposed for ``consortium`` (for its lead): the current run, or a new one
    queued.

    Its fingerprint covers the call's version, the idea, the wanted partners, who is in
    already, and the directory's last change."""
    permissions.check_can_lead(actor, consortium)
    fingerprint = _digest(
        [
            consortium.call.updated_at,
            consortium.description,
            list(consortium.wanted.order_by("pk").values_list("pk", "role", "country")),
            list(consortium.partners.order_by("pk").values_list("organisation_id", "status")),
            Organisation.objects.aggregate(last=Max("updated_at"))["last"],
        ]
    )
    return _current_or_queued(
        PartnerProposalRun.objects.all(),
        run_partner_proposals,
        consortium=consortium,
        fingerprint=fingerprint,
    )
