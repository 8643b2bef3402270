"""Funding calls, expressions of interest, consortia, and the jobs that import and rank them."""

from maillage.calls.models.call import (
    Call,
    CallDeadline,
    CallQuerySet,
    CallStatus,
    ExpressionOfInterest,
)
from maillage.calls.models.consortium import (
    Consortium,
    Partner,
    PartnerProposalRun,
    PartnerRole,
    WantedPartner,
)
from maillage.calls.models.jobs import CallFitRun, CallImportJob, Job

__all__ = [
    "Call",
    "CallDeadline",
    "CallFitRun",
    "CallImportJob",
    "CallQuerySet",
    "CallStatus",
    "Consortium",
    "ExpressionOfInterest",
    "Job",
    "Partner",
    "PartnerProposalRun",
    "PartnerRole",
    "WantedPartner",
]
