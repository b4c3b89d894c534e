"""The protocol, the token estimate, the SSE reader and the scripted test double."""

from __future__ import annotations

import pytest

from ponder.errors import ModelError, ModelResponseError
from ponder.llm import Backend, Message, ScriptedBackend, complete, estimate_tokens
from ponder.llm._sse import sse_data, stream_pieces, whole_text

URL = "http://x/v1/chat/completions"


def test_message_rejects_unknown_role() -> None:
    assert Message("user", "hi").content == "hi"
    with pytest.raises(ValueError, match="role"):
        Message("robot", "hi")


def test_estimate_tokens() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("a") == 1
    assert estimate_tokens("The quick brown fox jumps.") == 8  # 26 chars / 3.5
    assert estimate_tokens("北京是中国的首都") == 16
    assert estimate_tokens("奥特曼：Hello") == 8 + 2  # full-width colon counts as wide


def test_scripted_replays_and_records() -> None:
    backend = ScriptedBackend(["Paris is the capital.", lambda ms: ms[-1].content.upper()])
    assert isinstance(backend, Backend)
    msgs = [Message("system", "Be brief."), Message("user", "capital?")]
    assert list(backend.generate(msgs)) == ["Paris ", "is ", "the ", "capital."]
    assert complete(backend, msgs, max_tokens=7, stop=["?"]) == "CAPITAL"
    assert [c.messages for c in backend.calls] == [tuple(msgs), tuple(msgs)]
    assert backend.calls[1].max_tokens == 7 and backend.calls[1].stop == ("?",)
    with pytest.raises(ModelResponseError, match="no reply left"):
        complete(backend, msgs)


def test_scripted_limits_raises_and_defaults() -> None:
    backend = ScriptedBackend([ModelError("boom")], default="北京 is big")
    with pytest.raises(ModelError, match="boom"):
        complete(backend, [Message("user", "x")])
    assert list(backend.generate([Message("user", "x")])) == ["北", "京", " ", "is ", "big"]
    assert complete(backend, [Message("user", "x")], max_tokens=2) == "北京"


def test_sse_reader_handles_comments_and_multiline() -> None:
    lines = [": keep-alive", "event: message", "data: a", "data:b", "", "data: c"]
    assert list(sse_data(lines)) == ["a\nb", "c"]


def test_stream_pieces_skips_empty_choices_and_stops_at_done() -> None:
    lines = [
        'data: {"choices": [{"delta": {"role": "assistant"}}]}', "",
        'data: {"choices": [{"delta": {"content": "Hi"}, "finish_reason": null}]}', "",
        'data: {"choices": [], "usage": {"total_tokens": 3}}', "",
        "data: [DONE]", "", 'data: {"choices": [{"delta": {"content": "never"}}]}',
    ]
    assert list(stream_pieces(lines, URL)) == ["Hi"]


def test_stream_pieces_accepts_finish_without_done() -> None:
    lines = ['data: {"choices": [{"delta": {"content": "Hi"}, "finish_reason": "stop"}]}']
    assert list(stream_pieces(lines, URL)) == ["Hi"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["data: nope"], "not JSON"),
        (['data: {"object": "x"}'], "no 'choices'"),
        (['data: {"error": {"message": "out of memory"}}'], "out of memory"),
        (['data: {"choices": [{"delta": {"content": 5}}]}'], "content is 5"),
        (['data: {"choices": [{"delta": {"content": "Hi"}}]}'], "before the answer finished"),
        ([": only a comment"], "empty stream"),
    ],
)
def test_stream_pieces_malformed(lines: list[str], message: str) -> None:
    with pytest.raises(ModelResponseError, match=message) as info:
        list(stream_pieces(lines, URL))
    assert URL in str(info.value)


def test_whole_text() -> None:
    assert whole_text('{"choices": [{"message": {"content": "Hi"}}]}', URL) == "Hi"
    assert whole_text('{"choices": [{"message": {"content": null}}]}', URL) == ""
    with pytest.raises(ModelResponseError, match="no choices"):
        whole_text('{"choices": []}', URL)
