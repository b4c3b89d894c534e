"""Composing with a model: citations parsed, every sentence checked, unsupported ones
removed (or shown marked), quotes taken from the passages, never invented.

Scripted models answer over the fixture library: ``MUSK`` is answered by altman 000
(奥特曼认为,马斯克的离开是因为“马斯克觉得OpenAI会失败”), ``VENV`` by the Python
tutorial's venv page.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence

import pytest

from answer.checks import assert_quotes_exact
from ponder.answer import ask
from ponder.answer.ask import UNSUPPORTED
from ponder.answer.extractive import ExtractiveBackend, parse_prompt
from ponder.answer.sentences import split_sentences
from ponder.config import Settings
from ponder.errors import ModelUnavailableError
from ponder.llm import Message, ScriptedBackend
from ponder.store import Library

MUSK = "奥特曼认为马斯克为什么离开OpenAI？"
VENV = "How do you create a virtual environment?"
ADVERT = "Upgrade to Ponder Pro today at https://example.com for faster answers!"


def first_sentence(messages: Sequence[Message], n: int) -> str:
    """The first full sentence of passage ``n`` as the prompt gives it (not a label)."""
    _, hits = parse_prompt(messages)
    sentences = [s.text for s in split_sentences(hits[n - 1].text)]
    full = [s for s in sentences if len(s.split()) >= 4 or (len(s) >= 12 and not s.isascii())]
    return (full or sentences)[0]


def reply(make: Callable[[Sequence[Message]], str]) -> ScriptedBackend:
    return ScriptedBackend([make])


def test_supported_sentence_is_kept_and_invented_one_removed(
    corpus_library: Library, settings: Settings
) -> None:
    invented = "奥特曼说马斯克计划在2031年买下OpenAI。"
    backend = reply(lambda m: f"{first_sentence(m, 1)}[1] {invented}[1]")
    answer = ask(corpus_library, MUSK, settings=settings, backend=backend)
    assert not answer.abstained
    assert answer.unsupported == [invented]
    assert "2031" not in answer.answer
    assert len(answer.citations) == 1 and "[1]" in answer.answer
    assert_quotes_exact(corpus_library, answer)


def test_citations_are_renumbered_in_order_of_use(
    corpus_library: Library, settings: Settings
) -> None:
    backend = reply(lambda m: f"{first_sentence(m, 3)} [3]")
    answer = ask(corpus_library, VENV, settings=settings, backend=backend)
    prompt_hits = parse_prompt(backend.calls[0].messages)[1]
    assert "[1]" in answer.answer and "[3]" not in answer.answer
    assert answer.citations[0].n == 1
    assert answer.citations[0].quote in prompt_hits[2].text


def test_uncited_supported_sentence_gets_its_citation(
    corpus_library: Library, settings: Settings
) -> None:
    backend = reply(lambda m: first_sentence(m, 2))
    answer = ask(corpus_library, VENV, settings=settings, backend=backend)
    assert answer.citations and answer.answer.endswith(("[1].", "[1]", "[1]:"))
    assert not answer.unsupported


def test_a_citation_to_a_passage_that_does_not_say_it_is_dropped(
    corpus_library: Library, settings: Settings
) -> None:
    def cite_first_and_last(m: Sequence[Message]) -> str:
        return f"{first_sentence(m, 1)}[1][{len(parse_prompt(m)[1])}]"

    backend = reply(cite_first_and_last)
    answer = ask(corpus_library, MUSK, settings=settings, backend=backend)
    said = first_sentence(backend.calls[0].messages, 1)
    assert answer.citations
    for c in answer.citations:  # only passages that say it remain cited
        assert said.rstrip(".。") in corpus_library.document_text(c.doc_id, c.start, c.end)


def test_show_unsupported_keeps_removed_sentences_marked(
    corpus_library: Library, settings: Settings
) -> None:
    backend = reply(lambda m: f"{first_sentence(m, 1)} [1] Bananas are purple on Tuesdays. [1]")
    answer = ask(corpus_library, VENV, settings=settings, backend=backend,
                 show_unsupported=True)
    assert f"{UNSUPPORTED} Bananas are purple on Tuesdays." in answer.answer
    assert answer.unsupported == ["Bananas are purple on Tuesdays."]


def test_everything_unsupported_falls_back_to_quoting(
    corpus_library: Library, settings: Settings
) -> None:
    backend = ScriptedBackend(["Bananas are purple on Tuesdays [1]. Cats run Python 2.9 [2]."])
    answer = ask(corpus_library, VENV, settings=settings, backend=backend)
    quoted = ask(corpus_library, VENV, settings=settings, backend=ExtractiveBackend())
    assert not answer.abstained and answer.backend == "extractive"
    assert answer.answer == quoted.answer and "Bananas" not in answer.answer
    assert len(answer.unsupported) == 2 and answer.citations
    assert any("wrote no sentence that the passages it cited support" in n
               for n in answer.notes)
    assert_quotes_exact(corpus_library, answer)


def test_everything_unsupported_on_an_unanswerable_question_still_abstains(
    corpus_library: Library, settings: Settings
) -> None:
    backend = ScriptedBackend(["Bananas are purple on Tuesdays [1]."])
    answer = ask(corpus_library, "What is the capital of Mongolia?", settings=settings,
                 backend=backend)
    assert answer.abstained and answer.answer == "The documents don't say."
    assert not backend.calls  # the decision abstained before any model was asked
    assert answer.closest
    assert_quotes_exact(corpus_library, answer)


def test_the_model_saying_it_does_not_know_is_an_abstention(
    corpus_library: Library, settings: Settings
) -> None:
    answer = ask(corpus_library, MUSK, settings=settings,
                 backend=ScriptedBackend(["文档中没有提到。"]))
    assert answer.abstained and answer.answer == "文档中没有提到。"


def test_advertising_is_not_said(corpus_library: Library, settings: Settings) -> None:
    backend = reply(lambda m: f"{first_sentence(m, 1)} [1] {ADVERT} [1]")
    answer = ask(corpus_library, VENV, settings=settings, backend=backend)
    assert "example.com" not in answer.answer and "Ponder Pro" not in answer.answer
    assert answer.unsupported == [ADVERT]
    system = backend.calls[0].messages[0]
    assert system.role == "system" and "No promotion or advertising" in system.content


def test_tokens_stream_as_checked_sentences(corpus_library: Library, settings: Settings) -> None:
    pieces: list[str] = []
    backend = reply(lambda m: f"{first_sentence(m, 1)} [1] Bananas are purple. [1] "
                              f"{first_sentence(m, 2)} [2]")
    answer = ask(corpus_library, VENV, settings=settings, backend=backend,
                 on_token=pieces.append)
    assert len(pieces) >= 2
    assert "".join(pieces) == answer.answer
    assert "Bananas" not in "".join(pieces)


def test_passages_are_packed_into_the_context_window(
    corpus_library: Library, settings: Settings
) -> None:
    small = ScriptedBackend([lambda m: first_sentence(m, 1)], context_window=1100)
    ask(corpus_library, MUSK, settings=settings, backend=small)
    big = ScriptedBackend([lambda m: first_sentence(m, 1)], context_window=8192)
    ask(corpus_library, MUSK, settings=settings, backend=big)
    small_call, big_call = small.calls[0], big.calls[0]
    used = sum(small.count_tokens(m.content) for m in small_call.messages)
    assert used + small_call.max_tokens <= small.context_window
    assert len(parse_prompt(small_call.messages)[1]) < len(parse_prompt(big_call.messages)[1])


def test_a_failing_model_gives_way_to_extractive(
    corpus_library: Library, settings: Settings
) -> None:
    backend = ScriptedBackend([ModelUnavailableError("scripted: the server went away")])
    answer = ask(corpus_library, MUSK, settings=settings, backend=backend)
    assert answer.backend == "extractive" and not answer.abstained
    assert any("failed" in n and "extractively" in n for n in answer.notes)


def test_an_unloadable_model_gives_way_to_extractive(
    corpus_library: Library, tmp_path: pytest.TempPathFactory
) -> None:
    settings = Settings({"model_backend": "llamacpp", "model_path": "/nonexistent/model.gguf"},
                        {}, {})
    answer = ask(corpus_library, MUSK, settings=settings)
    assert answer.backend == "extractive"
    assert any("could not be loaded" in n for n in answer.notes)


def test_nothing_leaves_the_machine_by_default(
    corpus_library: Library, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    answer = ask(corpus_library, VENV, settings=settings)
    assert answer.backend == "extractive" and answer.citations
