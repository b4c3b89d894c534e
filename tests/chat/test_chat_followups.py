"""Issue 8, "the conversation follows": follow-up questions resolved against the
conversation, and the documents under discussion preferred for them.

The library is the fixture library (``tests/fixture_library.py``) with the Python 3.11
"What's New" page beside it (for PEP 657), built by the real pipeline and embedded with
the shipped e5 model; answers come from the shipped answer model (extractive backend)
unless a test names a model.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ponder.chat.followup import Asked, library_weigh, resolve
from ponder.llm import ScriptedBackend
from ponder.store import Library

from .chat_helpers import chat, replies
from corpus import PYDOCS
from fixture_library import cached_library, fixture_files
from markers import local_extra

PEP657 = "What does PEP 657 add?"
WHATSNEW = "3.11.html"


def followup_library_dir() -> Path:
    """The fixture library and whatsnew/3.11.html, embedded (built once, cached)."""
    return cached_library("followup-library",
                          [*fixture_files(), PYDOCS / "whatsnew" / "3.11.html"], embedded=True)


@pytest.fixture(scope="session")
def followup_source() -> Path:
    return followup_library_dir()


@pytest.fixture
def flib(followup_source: Path, tmp_path: Path) -> Path:
    """A private copy of the follow-up library for one test."""
    target = tmp_path / "lib"
    target.mkdir()
    shutil.copy2(followup_source / "library.sqlite", target / "library.sqlite")
    return target


def answers(lines: list[str], library: Path, user: str = "ann") -> list[dict[str, Any]]:
    found = replies(chat(lines, library=library, user=user))
    assert [r["type"] for r in found] == ["answer"] * len(lines), found
    return found


def cited_docs(reply: dict[str, Any]) -> set[int]:
    return {int(c["doc_id"]) for c in reply["citations"]}


def test_pep657_follow_ups_are_resolved(flib: Path) -> None:
    """'What does PEP 657 add?' → 'Who contributed it?' → 'tell me more'."""
    first, who, more = answers([PEP657, "Who contributed it?", "tell me more"], flib)
    assert first["resolved_question"] is None and first["followup"] is False
    assert who["followup"] is True and "PEP 657" in who["resolved_question"]
    assert "it" not in who["resolved_question"].split()
    assert "Pablo Galindo" in who["answer"]
    assert more["followup"] is True and "PEP 657" in more["resolved_question"]
    for reply in (who, more):
        assert reply["citations"] and all(WHATSNEW in c["path"] for c in reply["citations"])


def test_chinese_follow_up_names_the_person_and_the_topic(flib: Path) -> None:
    """奥特曼怎么看开源？ → 那他后来的看法变了吗？ is asked about 奥特曼 and 开源."""
    first, later = answers(["奥特曼怎么看开源？", "那他后来的看法变了吗？"], flib)
    assert first["resolved_question"] is None
    resolved = later["resolved_question"]
    assert later["followup"] is True and "奥特曼" in resolved and "开源" in resolved
    assert "他" not in resolved
    assert not later["abstained"] and "开源" in later["answer"].replace("開源", "开源")


def test_elided_subjects_in_both_languages(flib: Path) -> None:
    """'why?', 'and in 2023?'-style openings and 为什么？ carry the earlier question's terms."""
    _, why = answers(["What did Altman say about Sora?", "and compute?"], flib)
    assert why["resolved_question"] == "What did Altman say about compute?"
    _, zh = answers(["奥特曼如何看待AGI？", "为什么？"], flib, user="bo")
    assert "AGI" in zh["resolved_question"] and zh["followup"] is True


def test_a_new_question_is_asked_as_it_is(flib: Path) -> None:
    """A question on a new topic is not rewritten, and prefers no documents."""
    _, new = answers(["What did Altman say about Sora?",
                          "How do I create a virtual environment?"], flib)
    assert new["followup"] is False and new["resolved_question"] is None
    assert new["preferred_documents"] == []
    assert new["citations"] and all("venv.html" in c["path"] for c in new["citations"])


def test_a_follow_up_prefers_the_documents_under_discussion(flib: Path) -> None:
    """'and AGI?' after a question about Sora stays with the interview that answered
    it (which answers it at least as surely as the library does), where the same question
    asked afresh cites another document as well."""
    sora, followup = answers(["What did Altman say about Sora?", "and AGI?"], flib)
    discussed = cited_docs(sora)
    assert followup["followup"] is True and set(followup["preferred_documents"]) == discussed
    assert followup["citations"] and cited_docs(followup) <= discussed
    fresh = answers([followup["resolved_question"]], flib, user="cy")[0]
    assert not cited_docs(fresh) <= discussed  # without the preference, it goes elsewhere


def test_a_new_topic_is_not_dragged_toward_old_documents(flib: Path) -> None:
    """The same question typed in full after the Sora question is a new topic: it is
    answered exactly as in a fresh session."""
    question = "What did Altman say about AGI?"
    sora, typed = answers(["What did Altman say about Sora?", question], flib)
    fresh = answers([question], flib, user="dee")[0]
    assert typed["followup"] is False and typed["preferred_documents"] == []
    assert cited_docs(typed) == cited_docs(fresh) and not cited_docs(typed) <= cited_docs(sora)


def test_incognito_follows_too_and_stores_nothing(flib: Path) -> None:
    _, who = replies(chat([PEP657, "Who contributed it?"], library=flib, user="eve",
                          args=("--incognito",)))
    assert "PEP 657" in who["resolved_question"]
    history = replies(chat(["what did I ask you?"], library=flib, user="eve"))[0]
    assert "PEP 657" not in history["answer"]


# ---- the model rewrites, checked ------------------------------------------------------------


def _weigh(library_dir: Path) -> Any:
    return library_weigh(Library.open(library_dir, create=False))


def test_a_model_rewrite_that_keeps_the_words_is_used(flib: Path) -> None:
    model = ScriptedBackend(["Who contributed PEP 657?"])
    found = resolve("Who contributed it?", [Asked(PEP657)], weigh=_weigh(flib), backend=model)
    assert (found.question, found.how) == ("Who contributed PEP 657?", "model")
    assert "Last question: Who contributed it?" in model.calls[0].messages[-1].content


@pytest.mark.parametrize("rewrite", [
    "Who wrote PEP 657?",  # drops "contributed"
    "Who contributed PEP 657 to Rust?",  # adds a word the conversation never said
    "PEP 657 was contributed by Guido.",  # answers instead of rewriting
    "",
])
def test_a_model_rewrite_that_changes_the_words_falls_back_to_rules(flib: Path,
                                                                    rewrite: str) -> None:
    found = resolve("Who contributed it?", [Asked(PEP657)], weigh=_weigh(flib),
                    backend=ScriptedBackend([rewrite]))
    assert (found.question, found.how) == ("Who contributed PEP 657?", "rules")


def test_a_new_topic_is_not_sent_to_the_model(flib: Path) -> None:
    model = ScriptedBackend(["What did Altman say about PEP 657?"])
    found = resolve("How do I create a virtual environment?", [Asked(PEP657)],
                    weigh=_weigh(flib), backend=model)
    assert not found.followup and found.question == "How do I create a virtual environment?"
    assert model.calls == []


@pytest.mark.slow
@local_extra
def test_the_shipped_model_rewrites_or_the_rules_do(flib: Path) -> None:
    """SmolLM2 through llama.cpp: its rewrite is kept only when it keeps the words; either
    way the question asked names PEP 657."""
    _, who = replies(chat([PEP657, "Who contributed it?"], library=flib, user="fay",
                          args=("--backend", "llamacpp")))
    assert who["followup"] is True and "PEP 657" in who["resolved_question"]
    assert "contributed" in who["resolved_question"]


def test_forgetting_a_topic_leaves_nothing_to_follow(flib: Path) -> None:
    """After "forget PEP 657" the session holds nothing of it: "who contributed it?" is
    no longer read as a question about PEP 657."""
    found = replies(chat([PEP657, "forget PEP 657", "Who contributed it?"], library=flib,
                         user="gus", args=("--yes",)))
    assert [r["type"] for r in found] == ["answer", "forget", "answer"]
    assert found[2]["resolved_question"] is None and found[2]["preferred_documents"] == []


def test_a_question_that_named_nothing_lends_its_cited_title(flib: Path) -> None:
    """When the earlier question named nothing, "it" is the document its answer cited."""
    earlier = [Asked("What is this?", titles=("General Python FAQ",))]
    found = resolve("Who wrote it?", earlier, weigh=_weigh(flib))
    assert (found.question, found.how) == ("Who wrote General Python FAQ?", "rules")


@pytest.mark.parametrize(("message", "rewrite"), [
    ("tell me more", "Who contributed PEP 657?"),  # a different question
    ("Who contributed it?", "Who contributed it?"),  # nothing resolved
])
def test_a_model_rewrite_must_keep_the_request_and_resolve_something(
        flib: Path, message: str, rewrite: str) -> None:
    weigh = _weigh(flib)
    found = resolve(message, [Asked(PEP657)], weigh=weigh, backend=ScriptedBackend([rewrite]))
    by_rules = resolve(message, [Asked(PEP657)], weigh=weigh)
    assert (found.question, found.how) == (by_rules.question, "rules")
    assert "PEP 657" in found.question


def test_a_follow_up_reads_the_last_question_even_when_it_went_unanswered(flib: Path) -> None:
    _, unanswered, why = answers([PEP657, "What is the boiling point of liquid nitrogen?",
                                  "Why?"], flib, user="hal")
    assert unanswered["abstained"] and why["followup"] is True
    assert "liquid nitrogen" in why["resolved_question"]
    assert "PEP 657" not in why["resolved_question"] and why["preferred_documents"] == []


# ---- the new-user trial -----------------------------------------------------------------------


def test_one_and_it_stand_for_the_noun_not_the_verb(flib: Path) -> None:
    """"how do I create one?" after a question about virtual environments is about them;
    so are "tell me more" and "turn it off" after it (not "create")."""
    _, one, more, off = answers(["How do I create a virtual environment?",
                                 "how do I create one?", "tell me more", "turn it off"], flib)
    for reply in (one, more, off):
        assert reply["followup"] is True
        assert "virtual environment" in reply["resolved_question"]
        assert "about create" not in reply["resolved_question"]
        assert "turn create" not in reply["resolved_question"]
    assert one["citations"] and all("venv.html" in c["path"] for c in one["citations"])


def test_a_chinese_pronoun_is_a_name_not_a_numeral(flib: Path) -> None:
    """他 after 奥特曼有多担心…？ is 奥特曼, not 多 (a numeral) or "奥特曼真的"."""
    _, later = answers(["奥特曼有多担心AI的安全？", "他后来怎么说？"], flib, user="ivy")
    resolved = later["resolved_question"]
    assert later["followup"] is True and "奥特曼" in resolved and "他" not in resolved
    assert "多后来" not in resolved
    earlier = [Asked("奥特曼真的认为AGI快来了吗？")]
    found = resolve("他为什么这么认为？", earlier, weigh=_weigh(flib))
    assert "奥特曼为什么" in found.question and "真的为什么" not in found.question


@pytest.mark.parametrize(("earlier", "message", "want", "gone"), [
    ("How do I activate a virtual environment on Windows?", "and on Unix?",
     "How do I activate a virtual environment on Unix?", "Windows"),
    ("What did Altman say about GPT-4o in 2024?", "and in 2025?",
     "What did Altman say about GPT-4o in 2025?", "2024"),
    ("在Windows上怎么激活虚拟环境？", "在Unix上呢？", "在Unix上怎么激活虚拟环境？", "Windows"),
])
def test_and_on_x_replaces_the_facet(flib: Path, earlier: str, message: str, want: str,
                                     gone: str) -> None:
    found = resolve(message, [Asked(earlier)], weigh=_weigh(flib))
    assert found.followup and found.question == want and gone not in found.question


def test_and_on_unix_end_to_end(flib: Path) -> None:
    _, unix = answers(["How do I activate a virtual environment on Windows?", "and on Unix?"],
                      flib, user="jo")
    assert unix["resolved_question"] == "How do I activate a virtual environment on Unix?"


@pytest.mark.parametrize("message", ["scratch that", "never mind", "Never mind.", "算了",
                                     "nevermind, thanks", "当我没问"])
def test_withdrawing_is_not_a_follow_up(flib: Path, message: str) -> None:
    """A withdrawal is not a question about the topic before. (Routing it as no question
    at all is for ``intents``; ``Resolved.cancel`` says it.)"""
    found = resolve(message, [Asked(PEP657)], weigh=_weigh(flib))
    assert found.cancel and not found.followup and found.question == message
    assert not resolve("What is tomllib?", [Asked(PEP657)], weigh=_weigh(flib)).cancel
