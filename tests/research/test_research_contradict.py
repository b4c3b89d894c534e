"""Contradictions: differing years and numbers between notes of different documents on
one sub-question (or one topic), and nothing else."""

from __future__ import annotations

from ponder.research.contradict import contradictions, quantities, years
from ponder.research.loop import Note


def note(quote: str, doc_id: int, sub: int = 0) -> Note:
    return Note(subquestion=sub, claim=quote, quote=quote, passage_id=doc_id * 100,
                doc_id=doc_id, title=f"doc {doc_id}", path=f"/d{doc_id}.txt", start=0,
                end=len(quote), source_start=0, source_end=len(quote), quote_start=0,
                quote_end=len(quote), date=None, speaker=None)


def test_years_and_quantities_are_read() -> None:
    assert years("OpenAI was founded in 2015, and GPT-4 came in 2023年.") == {"2015", "2023"}
    assert quantities("It costs $7 trillion and 1,000 GPUs, 30% more") == {
        "trillion": {"7"}, "gpus": {"1000"}, "%": {"30"}}
    assert quantities("我们还需要10年，投入5万亿") == {"年": {"10"}, "万": {"5"}}
    assert quantities("in 2015 and 2016") == {}  # years are not quantities


def test_differing_numbers_with_one_unit_are_flagged() -> None:
    notes = [note("Altman wants 7 trillion dollars for chips.", 1),
             note("He asked for 5 trillion, the article says.", 2)]
    found = contradictions(notes, ["q"])
    assert [(c.kind, c.unit, c.values, c.notes) for c in found] == [
        ("number", "trillion", ("7", "5"), (0, 1))]
    assert "doc 1" in found[0].explanation and "7 trillion" in found[0].explanation


def test_differing_years_are_flagged() -> None:
    notes = [note("他说AGI会在2030年到来。", 1), note("他预计2027年实现AGI。", 2)]
    found = contradictions(notes, ["q"])
    assert [(c.kind, c.values) for c in found] == [("year", ("2030", "2027"))]


def test_agreeing_unrelated_or_same_document_notes_are_not_flagged() -> None:
    same = [note("It took 10 years.", 1), note("After 10 years, it shipped.", 2)]
    assert contradictions(same, ["q"]) == []
    units = [note("It took 10 years.", 1), note("It has 5 parts.", 2)]
    assert contradictions(units, ["q"]) == []
    one_doc = [note("It took 10 years.", 1), note("It took 5 years.", 1)]
    assert contradictions(one_doc, ["q"]) == []


def test_only_notes_of_one_group_are_compared() -> None:
    notes = [note("It took 10 years.", 1, sub=0), note("It took 5 years.", 2, sub=1)]
    assert contradictions(notes, ["venv", "pip"]) == []
    assert len(contradictions(notes, ["topic", "topic"])) == 1
