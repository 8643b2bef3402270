"""Test parameters shared by several scheduling test modules."""

from __future__ import annotations

import importlib.util

import pytest

#: Tests taking ``solver`` run once per exact solver of the race (race_child.solve's names).
exact_solvers = pytest.mark.parametrize(
    "solver",
    [
        "rc2",
        "lsu",
        pytest.param(
            "exact",
            marks=pytest.mark.skipif(
                importlib.util.find_spec("exact") is None,
                reason="Exact publishes wheels for Linux x86_64 only",
            ),
        ),
    ],
)
