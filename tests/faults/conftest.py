"""The fault-injection suite's settings: hypothesis profiles and the figures it reports.

Fuzz tests run a bounded number of examples each, without deadlines (two shared cores
make timing meaningless). Under CI (``CI`` set) the profile is derandomized, so a run is
reproducible; elsewhere each run explores new inputs. ``PONDER_FUZZ_SCALE`` multiplies
every test's example count (e.g. 10 for a long local hunt).

At the end of a run the suite prints its figures: fuzz examples run, kill points tried,
disk-full points tried, and what was lost (nothing, or the suite failed).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from .suite import FIGURES
from corpus import REPO

settings.register_profile(
    "ponder-ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ponder-dev",  # failing examples are kept under .cache/ and replayed first
    database=DirectoryBasedExampleDatabase(REPO / ".cache" / "hypothesis"),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("ponder-ci" if os.environ.get("CI") else "ponder-dev")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        said = ", ".join(f"{n} {what}" for what, n in sorted(FIGURES.items()))
        terminalreporter.write_line(f"fault-injection suite: {said}")
