"""A research run over the fixture library (real files, the real embedding model, the
extractive composer): a change over time across the Altman talks, the budget, and a
question the documents do not cover. Each question is researched once per module."""

from __future__ import annotations

import pytest

from ponder.config import Settings
from ponder.research import Budget, Research, research
from ponder.research.plan import date_key
from ponder.store import Library

CHANGE_EN = "How did Altman's view of AGI change from talk to talk?"
CHANGE_ZH = "奥特曼对AGI的看法在几次访谈中有什么变化？"
SETTINGS = Settings({}, {}, {})


@pytest.fixture(scope="module")
def change_en(fixture_lib: Library) -> Research:
    return research(fixture_lib, CHANGE_EN, settings=SETTINGS)


@pytest.fixture(scope="module")
def change_zh(fixture_lib: Library) -> Research:
    return research(fixture_lib, CHANGE_ZH, settings=SETTINGS)


def _timeline_dates(done: Research) -> list[str]:
    section = done.markdown.split("## Timeline\n", 1)[1].split("\n## ", 1)[0]
    return [line.split("**")[1] for line in section.splitlines() if line.startswith("- **")]


@pytest.mark.parametrize("which", ["change_en", "change_zh"])
def test_change_over_time_cites_the_talks_in_date_order(which: str,
                                                        request: pytest.FixtureRequest) -> None:
    done: Research = request.getfixturevalue(which)
    talks = {n.path for n in done.result.notes if "altman-interviews" in n.path}
    assert len(talks) >= 3, talks
    dates = _timeline_dates(done)
    assert len(dates) == len(done.result.notes)
    assert dates == sorted(dates, key=lambda d: date_key(None if d == "undated" else d))
    assert "2025-02-08" in dates  # 004's dateline


def test_every_quote_is_exact_and_every_reference_is_listed(change_en: Research,
                                                            fixture_lib: Library) -> None:
    for i, n in enumerate(change_en.result.notes, 1):
        passage = fixture_lib.document_text(n.doc_id, n.start, n.end)
        assert n.quote in passage
        if n.quote_start is not None:
            assert fixture_lib.document_text(n.doc_id, n.quote_start, n.quote_end) == n.quote
        assert f"[{i}] {n.title}" in change_en.markdown
        assert f"{n.path}:{n.source_start}-{n.source_end}" in change_en.markdown


def test_report_sentences_come_only_from_quotes(change_zh: Research) -> None:
    """Every bullet in the short answer and the sections is a note's quote and its mark."""
    quotes = {" ".join(n.quote.split()) for n in change_zh.result.notes}
    body = change_zh.markdown.split("## Timeline", 1)[0]
    bullets = [line for line in body.splitlines() if line.startswith("- “")]
    assert bullets
    for line in bullets:
        quote = line[3:line.rindex("”")]
        assert quote in quotes, line


def test_a_budget_of_three_steps_is_respected_and_reported(fixture_lib: Library) -> None:
    done = research(fixture_lib, CHANGE_EN, settings=SETTINGS, budget=Budget(steps=3))
    assert len(done.result.steps) == 3
    assert done.to_json()["budget"] == {**done.result.budget_json(), "steps": 3}
    assert done.result.budget_json()["max_steps"] == 3
    assert "_Budget used: 3 of 3 steps" in done.markdown


def test_an_exhausted_budget_lists_the_unexplored_subquestions(fixture_lib: Library) -> None:
    done = research(fixture_lib, CHANGE_EN, settings=SETTINGS, budget=Budget(steps=1))
    assert len(done.result.steps) == 1 and done.result.exhausted == "steps"
    assert len(done.result.unexplored) >= 2
    assert "## Unexplored" in done.markdown and "Not explored" in done.markdown


def test_a_question_the_documents_do_not_cover_is_said_so(fixture_lib: Library) -> None:
    question = "What did Altman say about the price of bananas in Peru?"
    done = research(fixture_lib, question, settings=SETTINGS, budget=Budget(steps=2))
    assert done.result.notes == []
    silent = done.markdown.split("## What the documents do not say\n", 1)[1]
    assert question in silent.split("\n## ", 1)[0]
    assert "The documents do not answer this question." in done.markdown
    assert done.to_json()["abstained"] == [{"index": 0, "text": question}]


def test_a_branch_stops_when_a_step_adds_no_new_passage(change_en: Research) -> None:
    """A sub-question is asked again only after a step that found passages no note cited;
    a step that adds none ends its branch."""
    by_branch: dict[int, list[int]] = {}
    for step in change_en.result.steps:
        by_branch.setdefault(step.subquestion, []).append(step.new_passages)
    assert len(by_branch) == len(change_en.result.plan.subquestions)
    for fresh in by_branch.values():
        assert all(n > 0 for n in fresh[:-1])  # every step but the last found something new
        assert fresh[0] == 0 or len(fresh) == 2  # ... and one that did earns a follow-up


def test_a_seconds_budget_stops_before_the_next_step(fixture_lib: Library) -> None:
    """The clock is checked before each step: with the time used up, nothing more is asked
    and every sub-question is listed as unexplored."""
    from ponder.research import make_plan, run

    ticks = iter(range(0, 10_000, 100))
    plan = make_plan(fixture_lib, "Compare venv and pip")
    result = run(fixture_lib, plan, settings=SETTINGS, budget=Budget(seconds=50),
                 clock=lambda: float(next(ticks)))
    assert result.steps == [] and result.exhausted == "seconds"
    assert result.unexplored == [0, 1]
