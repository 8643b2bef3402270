"""The one place the impact reports ask the digital maturity assessments for their figure.

The European hub indicators include "the change in digital maturity" of the organisations a hub
served. Until the ``maturity`` app exists this provider answers None, and the reports show the
row as *not available* (null with a note, never zero). To wire it: return a ``MaturityChange``
computed from the assessments of ``organisation_ids`` (those assessed both before ``start`` and
by ``end``, say), with the number of organisations it rests on; the reports apply the disclosure
threshold to ``respondents`` like any other figure.
"""

import datetime as dt
from collections.abc import Set
from dataclasses import dataclass


@dataclass(frozen=True)
class MaturityChange:
    #: Mean change of the maturity score, as a share of the scale (e.g. 0.08 for 8 points of 100).
    value: float
    #: Organisations assessed twice, whose change the value averages.
    respondents: int
    #: Organisations served (those who could have been assessed).
    asked: int
    interval: tuple[float, float] | None = None


def maturity_change(
    *, organisation_ids: Set[int], start: dt.date, end: dt.date
) -> MaturityChange | None:
    """The change in digital maturity of these organisations over the period; None while the
    platform has no maturity assessments."""
    return None
