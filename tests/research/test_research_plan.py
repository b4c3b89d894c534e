"""The plan: facets, entities and time cues read from the question (unit tests), and the
library's documents and dates for a change over time (the fixture library)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.errors import InputError
from ponder.research.plan import compared, date_key, facets, make_plan, plan_from_file, topic
from ponder.store import Library


@pytest.mark.parametrize(("question", "pair"), [
    ("Compare venv and pip", ("venv", "pip")),
    ("What are the differences between Python 2 and Python 3?", ("Python 2", "Python 3")),
    ("venv vs virtualenv?", ("venv", "virtualenv")),
    ("Python 和 Perl 有什么不同？", ("Python", "Perl")),
    ("比较虚拟环境和包管理", ("虚拟环境", "包管理")),
    ("奥特曼与马斯克的区别", ("奥特曼", "马斯克")),
])
def test_a_comparison_names_its_entities(question: str, pair: tuple[str, str]) -> None:
    assert compared(question) == pair
    assert "compare" in facets(question)


@pytest.mark.parametrize("question", ["What is a venv?", "奥特曼对核裂变持什么态度？"])
def test_a_plain_question_has_no_facets(question: str) -> None:
    assert facets(question) == [] and compared(question) is None


@pytest.mark.parametrize(("question", "about"), [
    ("How did Altman's view of AGI change from talk to talk?", "Altman's view of AGI"),
    ("奥特曼对AGI的看法在几次访谈中有什么变化？", "奥特曼对AGI的看法"),
    ("奥特曼对开源的态度有什么变化", "奥特曼对开源的态度"),
])
def test_a_change_question_keeps_its_topic(question: str, about: str) -> None:
    assert "change" in facets(question)
    assert topic(question) == about


def test_why_adds_a_cause_facet() -> None:
    assert facets("Why did Musk leave OpenAI?") == ["why"]
    assert facets("奥特曼的看法为什么变化了？") == ["change", "why"]


def test_dates_sort_oldest_first_yearless_and_undated_last() -> None:
    values = [None, "--05-16", "2025-02-08", "2023"]
    assert sorted(values, key=date_key) == ["2023", "2025-02-08", "--05-16", None]


def test_change_plan_has_one_subquestion_per_talk_by_date(fixture_lib: Library) -> None:
    plan = make_plan(fixture_lib, "How did Altman's view of AGI change from talk to talk?")
    assert plan.over_time
    docs = [s.doc_ids for s in plan.subquestions]
    assert all(d is not None and len(d) == 1 for d in docs)
    paths = [fixture_lib.document(d[0]).path for d in docs if d]
    assert len(paths) >= 3 and all("altman-interviews" in p for p in paths)
    dates = [fixture_lib.document(d[0]).date for d in docs if d]
    assert dates == sorted(dates, key=date_key)
    assert all(s.text == "Altman's view of AGI" for s in plan.subquestions)


def test_comparison_plan_has_one_subquestion_per_entity(fixture_lib: Library) -> None:
    plan = make_plan(fixture_lib, "Compare venv and pip")
    assert [s.text for s in plan.subquestions] == [
        "What do the documents say about venv?", "What do the documents say about pip?"]
    zh = make_plan(fixture_lib, "Python 和 Perl 有什么不同？")
    assert len(zh.subquestions) == 2 and "Python" in zh.subquestions[0].text
    assert "Perl" in zh.subquestions[1].text


def test_plan_file_replaces_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("# my plan\nWhat is venv?\n\n  What is pip?  \n", encoding="utf-8")
    plan = plan_from_file(path, "Compare venv and pip", doc_ids=[5])
    assert [s.text for s in plan.subquestions] == ["What is venv?", "What is pip?"]
    assert all(s.doc_ids == [5] for s in plan.subquestions)


@pytest.mark.parametrize(("content", "reason"), [
    (None, "no such plan file"), (b"# only a comment\n\n", "no sub-questions"),
    (b"\xff\xfe\x00bad", "not UTF-8"),
])
def test_a_bad_plan_file_is_a_clear_error(tmp_path: Path, content: bytes | None,
                                           reason: str) -> None:
    path = tmp_path / "plan.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=reason) as caught:
        plan_from_file(path, "q")
    assert str(path) in str(caught.value)
