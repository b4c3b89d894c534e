"""The real shipped model (SmolLM2-135M through llama.cpp): slow, but the real thing."""

from __future__ import annotations

import pytest

from ponder.answer import ask
from ponder.config import Settings
from ponder.llm.backends.llamacpp import shipped_model
from ponder.store import Library

pytestmark = pytest.mark.slow

LLAMA = Settings({"model_backend": "llamacpp", "model_ctx": "2048"}, {}, {})


@pytest.fixture(scope="module", autouse=True)
def needs_model() -> None:
    if shipped_model() is None:
        pytest.fail("shipped model missing: pip install 'ponder[local]'")


def test_chinese_goes_to_extractive_with_a_note(corpus_library: Library) -> None:
    answer = ask(corpus_library, "奥特曼对核裂变持什么态度？", settings=LLAMA)
    assert answer.backend == "extractive"
    assert any("cannot handle Chinese" in n for n in answer.notes)
    assert not answer.abstained and answer.citations


def test_english_answer_is_checked_and_cited(corpus_library: Library) -> None:
    pieces: list[str] = []
    answer = ask(corpus_library, "What does PurePath.with_name do?", settings=LLAMA,
                 on_token=pieces.append)
    assert answer.backend in ("llamacpp", "extractive")
    assert "".join(pieces) == answer.answer or answer.abstained
    for c in answer.citations:
        assert c.quote in corpus_library.document_text(c.doc_id, c.start, c.end)
    assert answer.abstained or "[1]" in answer.answer


def test_the_model_does_not_obey_a_document(injection_library: Library) -> None:
    answer = ask(injection_library, "What storage engine does the library use?", settings=LLAMA)
    assert "PWNED" not in answer.answer
