"""The store's core: adding, duplicates, supersession with history, recall, reminders."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ponder.errors import MemoryInputError, MemoryNotFoundError
from ponder.memory import MemoryStore, Provenance

from .memory_helpers import Clock, texts


def test_add_returns_the_stored_memory_with_provenance(store: MemoryStore) -> None:
    origin = Provenance("rule", conversation_id=4, turn_id=9, quote="I'm vegetarian, by the way")
    added = store.remember("ann", "Ann is vegetarian", reason="said it", provenance=origin)
    assert added.status == "stored"
    m = added.memory
    assert m is not None and m.id == 1 and m.user == "ann" and m.current
    assert (m.kind, m.tier, m.reason, m.provenance) == ("fact", "saved", "said it", origin)
    assert m.created_at == m.valid_from == "2025-03-01T09:00:00+00:00"
    assert store.get("ann", 1) == m


def test_exact_duplicates_are_merged_not_stored_twice(store: MemoryStore) -> None:
    first = store.add("ann", "I prefer short answers.", kind="preference")
    again = store.remember("ann", "  i PREFER short answers ", kind="preference")
    assert again.status == "duplicate" and again.memory is not None
    assert first is not None and again.memory.id == first.id and again.memory.mentions == 2
    assert texts(store.list("ann")) == ["I prefer short answers."]


@pytest.mark.parametrize("variant", [
    "Please cite the full interview rather than the summary",
    "cite the full interviews rather than the summaries!",
    "Cite the full intreview rather than the summary",  # a typo
    "Cite the FULL interview, rather than the summary.",
])
def test_near_duplicates_are_merged(store: MemoryStore, variant: str) -> None:
    store.add("ann", "Cite the full interview rather than the summary", kind="lesson")
    again = store.remember("ann", variant, kind="lesson")
    assert again.status in {"duplicate", "merged"}
    assert len(store.list("ann")) == 1


def test_traditional_and_simplified_are_the_same_memory(store: MemoryStore) -> None:
    store.add("ann", "我喜歡簡短的回答", kind="preference")
    assert store.remember("ann", "我喜欢简短的回答", kind="preference").status == "duplicate"


@pytest.mark.parametrize(("one", "other"), [
    ("I prefer answers in English", "I prefer answers in Chinese"),
    ("I like tea", "I do not like tea"),
    ("My office is in building 5 on floor 3", "My office is in building 5 on floor 4"),
    ("Alice manages Bob", "Bob manages Alice"),
])
def test_different_statements_are_not_merged(store: MemoryStore, one: str, other: str) -> None:
    store.add("ann", one)
    assert store.remember("ann", other).status == "stored"
    assert len(store.list("ann")) == 2


def test_a_saved_repeat_promotes_an_inferred_memory(store: MemoryStore) -> None:
    store.add("ann", "Ann reads papers on the train", tier="inferred", reason="said 3 times",
              provenance=Provenance("smollm2"))
    again = store.remember("ann", "Ann reads papers on the train")
    assert again.memory is not None
    assert (again.memory.tier, again.memory.reason) == ("saved", "user asked")


def test_same_subject_and_slot_supersedes_with_history(store: MemoryStore, clock: Clock) -> None:
    old = store.add("ann", "Answer in English", kind="preference", subject="answer",
                    slot="language")
    clock.advance(days=3)
    added = store.remember("ann", "Answer in traditional Chinese", kind="preference",
                           subject="answer", slot="language", reason="correction")
    new = added.memory
    assert old is not None and new is not None
    assert [m.id for m in added.superseded] == [old.id]
    assert texts(store.list("ann")) == ["Answer in traditional Chinese"]
    history = store.list("ann", include_history=True)
    ended = next(m for m in history if m.id == old.id)
    assert ended.valid_to == new.valid_from == "2025-03-04T09:00:00+00:00"
    assert ended.superseded_by == new.id and not ended.current
    assert [r.memory.text for r in store.recall("ann", "answer language")] == [new.text]


def test_other_slots_and_kinds_do_not_supersede(store: MemoryStore) -> None:
    store.add("ann", "Answer in English", kind="preference", subject="answer", slot="language")
    store.add("ann", "Keep answers short", kind="preference", subject="answer", slot="length")
    store.add("ann", "English is Ann's second language", kind="fact", subject="answer",
              slot="language")
    assert len(store.list("ann")) == 3


def test_a_duplicate_gives_its_slot_to_a_memory_that_had_none(store: MemoryStore) -> None:
    store.add("ann", "Answer in English", kind="preference")
    store.add("ann", "answer in english", kind="preference", subject="answer", slot="language")
    store.add("ann", "Answer in Chinese", kind="preference", subject="answer", slot="language")
    assert texts(store.list("ann")) == ["Answer in Chinese"]


def test_list_filters_kinds_and_rejects_unknown_ones(store: MemoryStore) -> None:
    store.add("ann", "Ann likes sailing", kind="fact")
    store.add("ann", "Use bullet points", kind="preference")
    assert texts(store.list("ann", kinds=["preference"])) == ["Use bullet points"]
    with pytest.raises(MemoryInputError, match="kind 'mood' is not one of"):
        store.list("ann", kinds=["mood"])  # type: ignore[list-item]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"text": "   "}, "needs some text"),
    ({"text": "x" * 5000}, "longer than"),
    ({"text": "ok", "kind": "mood"}, "kind 'mood'"),
    ({"text": "ok", "tier": "maybe"}, "tier 'maybe'"),
    ({"text": "ok", "subject": "answer"}, "both a subject and a slot"),
    ({"text": "?!…"}, "no words"),
    ({"text": "ok", "due_at": "next tuesday"}, "not an ISO 8601"),
])
def test_bad_input_is_refused_with_a_reason(store: MemoryStore, kwargs: dict[str, str],
                                            message: str) -> None:
    text = kwargs.pop("text")
    with pytest.raises(MemoryInputError, match=message):
        store.remember("ann", text, **kwargs)  # type: ignore[arg-type]
    assert store.list("ann") == []


@pytest.mark.parametrize("user", ["", "   ", "a\nb", "x" * 200])
def test_bad_user_names_are_refused(store: MemoryStore, user: str) -> None:
    with pytest.raises(MemoryInputError):
        store.add(user, "anything")


def test_get_and_find(store: MemoryStore) -> None:
    store.add("ann", "Ann's locker code is 4417", provenance=Provenance(quote="locker: 4417"))
    store.add("ann", "Ann parks on level 2")
    with pytest.raises(MemoryNotFoundError, match="no memory #9"):
        store.get("ann", 9)
    assert texts(store.find("ann", "1")) == ["Ann's locker code is 4417"]
    assert texts(store.find("ann", "#2")) == ["Ann parks on level 2"]
    assert texts(store.find("ann", "LOCKER CODE")) == ["Ann's locker code is 4417"]
    assert texts(store.find("ann", "code locker")) == ["Ann's locker code is 4417"]  # every word
    assert texts(store.find("ann", "locker: 4417")) == ["Ann's locker code is 4417"]  # the quote
    assert store.find("ann", "bicycle") == []


def test_recall_hybrid_saved_first_within_budget(store: MemoryStore) -> None:
    store.add("ann", "Ann's daughter is called Mia", tier="inferred", reason="said twice")
    store.add("ann", "Ann's son is called Leo")
    store.add("ann", "Ann sails on Sundays")
    store.add("ann", "Use bullet points", kind="preference")
    recalled = store.recall("ann", "Who is my kid?")
    # no word of the question is in any memory: the (fake) model links kid ~ son/daughter
    assert [r.memory.text for r in recalled] == [
        "Use bullet points", "Ann's son is called Leo", "Ann's daughter is called Mia",
    ]
    assert recalled[0].always and recalled[1].dense_rank is not None
    assert sum(r.tokens for r in store.recall("ann", "kid", token_budget=12)) <= 12
    assert len(store.recall("ann", "kid", token_budget=12)) < len(recalled)


def test_recall_reuses_a_given_query_vector(store: MemoryStore) -> None:
    store.add("ann", "Ann's son is called Leo")
    assert store.embedder is not None
    vector = store.embedder.embed_query("who is my kid")
    calls = store.embedder.calls  # type: ignore[attr-defined]
    recalled = store.recall("ann", "who is my kid", query_vector=vector)
    assert [r.memory.text for r in recalled] == ["Ann's son is called Leo"]
    assert store.embedder.calls == calls  # type: ignore[attr-defined]


def test_recall_ranks_by_words_and_leaves_out_the_unrelated(store: MemoryStore) -> None:
    store.add("ann", "Sails a small boat on Lake Constance")
    store.add("ann", "Grows tomatoes on the balcony")
    recalled = store.recall("ann", "Where do I sail my boat?", always=())
    assert [r.memory.text for r in recalled] == ["Sails a small boat on Lake Constance"]
    assert recalled[0].lexical_rank == 1


def test_recall_without_an_embedder_is_lexical(library: object, clock: Clock) -> None:
    plain = MemoryStore(library, clock=clock)  # type: ignore[arg-type]
    plain.add("ann", "Ann's son is called Leo")
    assert [r.memory.text for r in plain.recall("ann", "what is my son called")] == [
        "Ann's son is called Leo"]
    assert plain.recall("ann", "who is my kid") == []


def test_reminders_come_due(store: MemoryStore, clock: Clock) -> None:
    store.add("ann", "Call the dentist", kind="reminder", due_at="2025-03-05T09:00:00+00:00")
    store.add("ann", "Renew passport", kind="reminder", due_at=datetime(2025, 4, 1, tzinfo=UTC))
    store.add("ann", "Water the plants", kind="reminder")  # no time: due at once
    assert texts(store.due_reminders("ann")) == ["Water the plants"]
    due = store.due_reminders("ann", now="2025-03-06")
    assert texts(due) == ["Call the dentist", "Water the plants"]
    store.mark_done("ann", due[0].id)
    clock.advance(days=60)
    assert texts(store.due_reminders("ann")) == ["Renew passport", "Water the plants"]
    with pytest.raises(MemoryInputError, match="not a reminder"):
        store.mark_done("ann", store.add("ann", "a fact").id)  # type: ignore[union-attr]


def test_same_reminder_for_another_day_is_not_a_duplicate(store: MemoryStore) -> None:
    store.add("ann", "Call mum", kind="reminder", due_at="2025-03-02")
    later = store.remember("ann", "Call mum", kind="reminder", due_at="2025-03-09")
    again = store.remember("ann", "call mum", kind="reminder", due_at="2025-03-09")
    assert (later.status, again.status) == ("stored", "duplicate")


def test_review_promotes_inferred(store: MemoryStore) -> None:
    store.add("ann", "Ann works on climate models", tier="inferred", reason="said 3 times")
    (inferred,) = store.inferred("ann")
    kept = store.promote("ann", inferred.id)
    assert (kept.tier, kept.reason) == ("saved", "confirmed in review")
    assert store.inferred("ann") == []


def test_ids_are_numbered_per_user_and_never_reused(store: MemoryStore) -> None:
    a1 = store.add("ann", "first of ann")
    b1 = store.add("bob", "first of bob")
    assert a1 is not None and b1 is not None and a1.id == b1.id == 1
    store.forget("ann", [1])
    a2 = store.add("ann", "second of ann")
    assert a2 is not None and a2.id == 2


def test_conversations_and_turns(store: MemoryStore, clock: Clock) -> None:
    talk = store.start_conversation("ann", title="Trip planning")
    store.add_turn("ann", talk.id, "user", "What trains go to Basel?")
    clock.advance(days=8)
    store.add_turn("ann", talk.id, "assistant", "Hourly from Zurich.")
    assert [t.text for t in store.turns("ann", since="2025-03-05")] == ["Hourly from Zurich."]
    assert [t.text for t in store.turns("ann", until="2025-03-05")] == ["What trains go to Basel?"]
    assert [t.role for t in store.search_turns("ann", "Basel trains")] == ["user"]
    assert [c.title for c in store.conversations("ann")] == ["Trip planning"]
    with pytest.raises(MemoryInputError, match="role 'bot'"):
        store.add_turn("ann", talk.id, "bot", "hi")  # type: ignore[arg-type]
    with pytest.raises(MemoryNotFoundError, match="no conversation 7"):
        store.add_turn("ann", 7, "user", "hi")
