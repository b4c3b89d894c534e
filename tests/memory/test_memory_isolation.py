"""One user never sees another's: every store method, called as user B, finds nothing of A.

The test holds a table with one probe per public method of ``MemoryStore``, and a
check that the table covers them all — a new method must come with its probe.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ponder.errors import MemoryNotFoundError
from ponder.memory import ForgetPlan, Memory, MemoryStore, Provenance, prompt_history

MARKER = "Zebrafinch4471"

Probe = Callable[[MemoryStore, str], Any]
OWN_EXPORT = {"format": "ponder-memory-export", "version": 1,
              "memories": [{"text": "b's own memory", "kind": "fact"}]}


def seed_ann(store: MemoryStore) -> None:
    talk = store.start_conversation("ann", title=f"talk {MARKER}")
    turn = store.add_turn("ann", talk.id, "user", f"my bike lock code is {MARKER}")
    store.add("ann", f"Bike lock code is {MARKER}",
              provenance=Provenance("rule", talk.id, turn.id, f"bike lock code is {MARKER}"))
    store.add("ann", f"Answer as {MARKER} style", kind="preference", subject="answer",
              slot="style")
    store.add("ann", f"Answer as plain {MARKER} prose", kind="preference", subject="answer",
              slot="style")  # supersedes: history
    store.add("ann", f"Ann studies {MARKER} birds", tier="inferred", reason="said twice")
    store.add("ann", f"Feed the {MARKER}", kind="reminder", due_at="2025-01-01")
    store.deny("ann", "salary")
    prompt_history.append(store.prompt_history("ann"), f"my bike lock code is {MARKER}")


def snapshot(store: MemoryStore) -> tuple[object, ...]:
    data = store.export("ann")
    data.pop("exported_at")
    return (data, store.turns("ann"), store.conversations("ann"), store.enabled("ann"),
            store.learning("ann"), prompt_history.read(store.prompt_history("ann")))


PROBES: dict[str, Probe] = {
    "list": lambda s, b: s.list(b, include_history=True),
    "get": lambda s, b: [_missing(lambda i=i: s.get(b, i)) for i in range(1, 6)],
    "find": lambda s, b: s.find(b, MARKER) + s.find(b, "1") + s.find(b, "bike lock"),
    "recall": lambda s, b: s.recall(b, f"{MARKER} bike lock code answer", 10_000),
    "inferred": lambda s, b: s.inferred(b),
    "promote": lambda s, b: [_missing(lambda i=i: s.promote(b, i)) for i in range(1, 6)],
    "due_reminders": lambda s, b: s.due_reminders(b, "2030-01-01"),
    "mark_done": lambda s, b: [_missing(lambda i=i: s.mark_done(b, i)) for i in range(1, 6)],
    "embed_pending": lambda s, b: s.embed_pending(b),
    "plan_forget": lambda s, b: [_found(s.plan_forget(b, MARKER, everywhere=True)),
                                 _found(s.plan_forget(b, [1, 2, 3, 4, 5], everywhere=True))],
    "forget": lambda s, b: s.forget(b, [1, 2, 3, 4, 5], everywhere=True, mentions=[MARKER]),
    "execute_forget": lambda s, b: s.execute_forget(
        ForgetPlan(b, tuple(s.find(b, MARKER)), (), (MARKER,))),
    "clear": lambda s, b: s.clear(b),
    "checkpoint": lambda s, b: s.checkpoint(),
    "deny": lambda s, b: s.deny(b, MARKER),
    "undeny": lambda s, b: [s.undeny(b, "salary"), s.undeny(b, MARKER)],
    "deny_list": lambda s, b: s.deny_list(b),
    "export": lambda s, b: s.export(b),
    "export_markdown": lambda s, b: s.export_markdown(b),
    "import_": lambda s, b: s.import_(b, OWN_EXPORT),
    "remember": lambda s, b: _own(s.remember(b, f"Bike lock code is {MARKER}").memory, b),
    "add": lambda s, b: _own(s.add(b, f"Answer as {MARKER} haiku", kind="preference",
                                   subject="answer", slot="style"), b),
    "start_conversation": lambda s, b: s.start_conversation(b),
    "add_turn": lambda s, b: _missing(lambda: s.add_turn(b, 99, "user", "hi")),
    "turns": lambda s, b: s.turns(b),
    "search_turns": lambda s, b: s.search_turns(b, f"{MARKER} bike lock"),
    "conversations": lambda s, b: s.conversations(b),
    "enabled": lambda s, b: s.enabled(b),
    "learning": lambda s, b: s.learning(b),
    "set_enabled": lambda s, b: s.set_enabled(b, False),
    "set_learning": lambda s, b: s.set_learning(b, True),
    "status": lambda s, b: s.status(b),
    "counters": lambda s, b: s.counters(b),
    "prompt_history": lambda s, b: _elsewhere(s.prompt_history(b), s.prompt_history("ann")),
}


def _elsewhere(mine: Path, anns: Path) -> str:
    assert mine != anns and mine.name.lower() != anns.name.lower(), (mine, anns)
    return mine.name


def _found(plan: ForgetPlan) -> object:
    """What a plan would delete (its ``mentions`` only echo what B typed)."""
    return (plan.memories, plan.turns)


def _missing(call: Callable[[], object]) -> str:
    with pytest.raises(MemoryNotFoundError):
        call()
    return "missing"


def _own(memory: object, user: str) -> object:
    assert isinstance(memory, Memory) and memory.user == user
    return memory


def public_methods() -> set[str]:
    return {n for n, v in inspect.getmembers(MemoryStore) if not n.startswith("_") and callable(v)}


def test_every_public_method_has_an_isolation_probe() -> None:
    assert set(PROBES) == public_methods()


# user names that differ from "ann" only in case, or look like SQL/LIKE/FTS syntax ("ann "
# is not another user but a misspelling, refused: test_memory_user_names.py)
OTHERS = ["bob", "Ann", "%", "_nn", "' OR 1=1 --", 'owner:"x" OR ann', "ann*"]


@pytest.mark.parametrize("other", OTHERS)
def test_user_b_never_reaches_user_a(store: MemoryStore, other: str) -> None:
    seed_ann(store)
    before = snapshot(store)
    for name, probe in PROBES.items():
        if name in {"set_enabled"}:
            continue  # run last: it would make the reads after it refuse
        result = probe(store, other)
        assert MARKER not in repr(_strip_own(result, other)), f"{name} leaked ann's memory"
        assert snapshot(store) == before, f"{name} as {other!r} changed ann's memory"
    PROBES["set_enabled"](store, other)
    assert snapshot(store) == before and store.enabled("ann")


def _strip_own(result: object, other: str) -> object:
    """B's own writes may echo B's own text (which contains the marker): drop those."""
    if getattr(result, "user", None) == other:
        return None
    return result


def test_b_gets_its_own_copy_of_the_same_words(store: MemoryStore) -> None:
    seed_ann(store)
    mine = store.remember("bob", f"Bike lock code is {MARKER}")
    assert mine.status == "stored" and mine.memory is not None and mine.memory.user == "bob"
    store.add("bob", "Answer in limericks", kind="preference", subject="answer", slot="style")
    assert [m.text for m in store.list("ann", kinds=["preference"])] == [
        f"Answer as plain {MARKER} prose"]


def test_b_forgetting_by_text_leaves_a(store: MemoryStore) -> None:
    seed_ann(store)
    store.add("bob", f"Bob also knows {MARKER}")
    receipt = store.forget("bob", [1], everywhere=True, mentions=[MARKER])
    assert receipt.memory_rows == 1 and receipt.memories[0]["text"] == f"Bob also knows {MARKER}"
    assert len(store.find("ann", MARKER)) == 5
