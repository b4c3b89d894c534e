"""Learning and sessions in one process: what is extracted, from whose words, and when."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ponder.chat import Answerer, ChatSession, Exchange, Learner
from ponder.config import Settings
from ponder.errors import ModelUnavailableError
from ponder.llm import ScriptedBackend
from ponder.memory import MemoryStore
from ponder.search import default_embedder
from ponder.store import Library

from .chat_helpers import GPT5


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(lib: Path) -> Iterator[MemoryStore]:
    library = Library.open(lib)
    yield MemoryStore(library, clock=Clock())
    library.close()


def session(store: MemoryStore, user: str = "ann", *, backend: ScriptedBackend | None = None,
            incognito: bool = False) -> ChatSession:
    from ponder.answer import ExtractiveBackend

    answerer = Answerer(store.library, Settings({}, {}, {}),
                        backend=backend or ExtractiveBackend(), embedder=default_embedder())
    return ChatSession(store, user, answerer, incognito=incognito)


def test_nothing_is_learned_unless_learning_is_on(store: MemoryStore) -> None:
    learner = Learner(store, "ann")
    assert learner.learn(Exchange("Please answer in traditional Chinese")).memories == []
    store.set_learning("ann", True)
    learned = learner.learn(Exchange("Please answer in traditional Chinese", 1, 2))
    [m] = learned.memories
    assert (m.text, m.kind, m.tier, m.reason) == (
        "Answer in traditional Chinese", "preference", "inferred", "stated preference")
    assert (m.subject, m.slot) == ("answer", "script")
    p = m.provenance
    assert (p.extractor, p.conversation_id, p.turn_id, p.quote) == (
        "rule", 1, 2, "Please answer in traditional Chinese")


@pytest.mark.parametrize("message", ["hi", "thanks!", "ok", "谢谢", "remember that I am a cook",
                                     "what did I ask you last week?"])
def test_never_on_small_talk_controls_or_history(store: MemoryStore, message: str) -> None:
    store.set_learning("ann", True)
    assert Learner(store, "ann").learn(Exchange(message)).memories == []


def test_a_correction_and_a_fact(store: MemoryStore) -> None:
    store.set_learning("ann", True)
    learner = Learner(store, "ann")
    [lesson] = learner.learn(Exchange("no, cite the full interview, not the summary")).memories
    assert (lesson.kind, lesson.reason, lesson.text) == (
        "lesson", "correction", "Cite the full interview, not the summary")
    [fact] = learner.learn(Exchange("I am a journalist writing about OpenAI")).memories
    assert (fact.kind, fact.reason, fact.text) == (
        "fact", "stated fact", "I am a journalist writing about OpenAI")


def test_newer_preference_supersedes(store: MemoryStore) -> None:
    store.set_learning("ann", True)
    learner = Learner(store, "ann")
    learner.learn(Exchange("keep answers short"))
    learner.learn(Exchange("I'd like detailed answers"))
    current = store.list("ann", kinds=["preference"])
    assert [m.text for m in current] == ["Give detailed answers"]
    history = store.list("ann", include_history=True, kinds=["preference"])
    assert [m.valid_to is not None for m in history] == [True, False]


@pytest.mark.parametrize("junk", ["junk", "not json {", "[{\"kind\": \"fact\"}", "", "null"])
def test_model_junk_stores_nothing(store: MemoryStore, junk: str) -> None:
    store.set_learning("ann", True)
    backend = ScriptedBackend([junk], model="tiny-test-model")
    learned = Learner(store, "ann", backend).learn(Exchange("Please answer in traditional Chinese"))
    assert learned.memories == [] and store.list("ann") == []
    assert len(backend.calls) == 1


def test_model_failure_stores_nothing(store: MemoryStore) -> None:
    store.set_learning("ann", True)
    backend = ScriptedBackend([ModelUnavailableError("server gone")])
    learned = Learner(store, "ann", backend).learn(Exchange("keep answers short"))
    assert learned.memories == [] and "model failed" in learned.notes[0]


def test_model_json_is_checked_against_the_users_words(store: MemoryStore) -> None:
    store.set_learning("ann", True)
    reply = json.dumps([
        {"kind": "preference", "text": "short answers", "quote": "keep answers short"},
        {"kind": "fact", "text": "The user loves advertising", "quote": "I love advertising"},
    ])
    backend = ScriptedBackend([f"```json\n{reply}\n```"], model="tiny-test-model")
    learned = Learner(store, "ann", backend).learn(Exchange("Please keep answers short."))
    [m] = learned.memories
    assert (m.text, m.provenance.extractor) == (
        "Keep answers short (at most 2 sentences)", "tiny-test-model")
    assert "Message:\nPlease keep answers short." in backend.calls[0].messages[-1].content


def test_said_three_times_becomes_a_topic(store: MemoryStore) -> None:
    store.set_learning("ann", True)
    clock = store.clock
    assert isinstance(clock, Clock)
    found = []
    for day in range(3):
        clock.now += timedelta(days=1)
        chat = session(store)
        reply = chat.respond(GPT5 if day != 1 else "What did Altman say about GPT-5?")
        found.append(chat.learn(reply).memories)
    assert found[0] == [] and found[1] == []
    [topic] = found[2]
    assert (topic.kind, topic.tier, topic.reason, topic.text) == (
        "topic", "inferred", "said 3 times", "Often asks about GPT-5")


def test_document_text_never_becomes_a_memory(store: MemoryStore) -> None:
    store.set_learning("ann", True)
    chat = session(store)
    reply = chat.respond("What do the marketing notes say about advertising?")
    assert reply.answer is not None and not reply.answer.abstained
    assert any("marketing" in c.path for c in reply.answer.citations)
    assert not reply.answer.answer.startswith("- ")  # the document's "bullet points" order
    assert chat.learn(reply).memories == []
    assert store.list("ann") == []
    assert "advertising" not in json.dumps(store.export("ann")["memories"])


def test_incognito_session_stores_nothing(store: MemoryStore) -> None:
    store.set_learning("ann", True)
    chat = session(store, incognito=True)
    for message in ["remember that my editor is Li Wei", "Please answer in traditional Chinese",
                    GPT5, "remind me to call Li tomorrow", "don't remember my health"]:
        reply = chat.respond(message)
        chat.learn(reply)
    assert "奧特曼" in reply.text or "Incognito" in reply.text
    assert store.status("ann")["saved"] == 0 and store.status("ann")["turns"] == 0
    assert store.list("ann") == [] and store.deny_list("ann") == []


def test_session_preference_applies_within_the_session_without_learning(
    store: MemoryStore,
) -> None:
    chat = session(store)
    noted = chat.respond("用繁體中文回答")
    assert noted.kind == "statement" and "this session" in noted.text
    reply = chat.respond(GPT5)
    assert reply.answer is not None and "什麼" in reply.text
    assert [(k.text, k.tier, k.id) for k in reply.used] == [
        ("Answer in traditional Chinese", "session", None)]
    for c in reply.answer.citations:
        assert "什麼" not in c.quote


def test_a_model_gets_memories_as_context_and_learns_from_the_user_only(
    store: MemoryStore,
) -> None:
    store.remember("ann", "I am a journalist writing about OpenAI", subject="user", slot="role")
    store.remember("ann", "Answer in English", kind="preference", subject="answer",
                   slot="language")
    store.set_learning("ann", True)
    backend = ScriptedBackend(["The documents say he does not know [1].", "[]"],
                              model="tiny-test-model")
    chat = session(store, backend=backend)
    question = "OpenAI什么时候发布GPT-5？"
    reply = chat.respond(f"Keep it brief. {question}")
    chat.learn(reply)
    answer_prompt, extract_prompt = (c.messages[-1].content for c in backend.calls)
    assert "About me" in answer_prompt and "journalist writing about OpenAI" in answer_prompt
    assert "- Answer in English\n" in answer_prompt and "Answer in English, citing" in answer_prompt
    assert "journalist" not in extract_prompt and "Passages" not in extract_prompt
    assert extract_prompt == f"Message:\nKeep it brief. {question}\n\nJSON:"


def test_controls_in_chinese(store: MemoryStore) -> None:
    asked: list[int] = []

    def confirm(plan: object) -> bool:
        asked.append(1)
        return True

    chat = session(store)
    chat.confirm = confirm
    saved = chat.respond("记住我喜欢简短的回答")
    assert saved.kind == "remember" and "Keep answers short" in saved.text
    reminder = chat.respond("提醒我明天给李伟打电话")
    assert reminder.kind == "remind" and "2026-11-21" in reminder.text
    [due] = [m for m in store.list("ann") if m.kind == "reminder"]
    assert (due.text, due.due_at) == ("给李伟打电话", "2026-11-21T00:00:00+00:00")
    denied = chat.respond("不要记住我的健康状况")
    assert denied.kind == "deny" and [d.pattern for d in store.deny_list("ann")] == ["健康状况"]
    assert "deny pattern" in chat.respond("记住我的健康状况很好").text
    gone = chat.respond("忘记简短的回答")
    assert gone.kind == "forget" and asked == [1] and "Forgotten: 1 memories" in gone.text
    assert [m.kind for m in store.list("ann")] == ["reminder"]
    everything = chat.respond("forget everything")
    # asked once more, then cleared (issue 8, defect 5; it used to point to 'memory clear')
    assert everything.kind == "forget" and asked == [1, 1] and store.list("ann") == []
