"""What the fault-injection suite counts, and how many examples a fuzz test runs."""

from __future__ import annotations

import os
from collections import Counter

#: what the suite did, printed at the end of the run: "fuzz examples", "kill points", ...
FIGURES: Counter[str] = Counter()


def examples(n: int) -> int:
    """A fuzz test's example count, scaled by ``PONDER_FUZZ_SCALE`` (default 1)."""
    return max(1, int(n * float(os.environ.get("PONDER_FUZZ_SCALE", "1"))))
