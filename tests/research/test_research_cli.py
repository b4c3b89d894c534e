"""``ponder research`` through the real entry point (in-process): the report, ``--json``,
``--out``, ``--plan-file``, ``--doc``, and one-line errors with the right exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ponder.store import Library

from ponder_cli import invoke

COMPARE = "Compare venv and pip"


def research(library: Library, *args: str | Path) -> dict[str, object]:
    ran = invoke("--library", library.path, "research", *args)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == ""  # not a terminal: no progress lines
    return json.loads(ran.stdout) if "--json" in args else {"stdout": ran.stdout}


def test_json_shape(fixture_lib: Library) -> None:
    data = research(fixture_lib, COMPARE, "--json", "--budget-steps", "2")
    assert set(data) == {"question", "plan", "notes", "contradictions", "abstained",
                         "unexplored", "steps", "budget", "citations", "report"}
    plan = data["plan"]
    assert isinstance(plan, dict) and plan["facets"] == ["compare"]
    assert [s["text"] for s in plan["subquestions"]] == [
        "What do the documents say about venv?", "What do the documents say about pip?"]
    budget = data["budget"]
    assert isinstance(budget, dict) and isinstance(budget.pop("seconds"), float)
    # both entities asked; the follow-ups they earned were cut by the budget
    assert budget == {"steps": 2, "max_steps": 2, "max_seconds": 60.0, "exhausted": "steps"}
    assert data["unexplored"] == []
    notes, cites = data["notes"], data["citations"]
    assert isinstance(notes, list) and isinstance(cites, list) and notes
    assert {"claim", "quote", "passage_id", "doc_id", "title", "path", "start", "end",
            "source_start", "source_end", "date", "speaker"} <= set(notes[0])
    assert [c["n"] for c in cites] == list(range(1, len(notes) + 1))
    assert isinstance(data["report"], str) and data["report"].startswith("# Research: ")


def test_report_to_stdout_and_out_file(fixture_lib: Library, tmp_path: Path) -> None:
    shown = research(fixture_lib, COMPARE, "--budget-steps", "2")["stdout"]
    assert isinstance(shown, str) and shown.startswith("# Research: Compare venv and pip")
    assert "## References" in shown
    out = tmp_path / "report.md"
    printed = research(fixture_lib, COMPARE, "--budget-steps", "2", "--out", out)["stdout"]
    assert isinstance(printed, str) and "Plan (2 sub-questions):" in printed
    assert f"Wrote the report to {out}" in printed
    def steady(text: str) -> str:  # the seconds used differ from run to run
        return re.sub(r"\d+\.\d of 60 seconds", "S of 60 seconds", text)

    assert steady(out.read_text(encoding="utf-8")) == steady(shown)


def test_plan_file_and_doc_filter(fixture_lib: Library, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("What is a virtual environment?\n", encoding="utf-8")
    data = research(fixture_lib, "venv", "--plan-file", plan, "--doc", "venv", "--json")
    subs = data["plan"]["subquestions"]  # type: ignore[index]
    assert [s["text"] for s in subs] == ["What is a virtual environment?"]
    venv = fixture_lib.resolve_document("venv").id
    assert subs[0]["doc_ids"] == [venv]
    notes = data["notes"]
    assert isinstance(notes, list) and notes and {n["doc_id"] for n in notes} == {venv}


def test_errors_are_one_line_with_exit_codes(fixture_lib: Library, tmp_path: Path) -> None:
    empty = invoke("--library", fixture_lib.path, "research", "  ")
    assert empty.returncode == 2 and "the question is empty" in empty.stderr
    missing = invoke("--library", tmp_path / "nowhere", "research", "What is venv?")
    assert missing.returncode == 1 and "no library" in missing.stderr
    assert not (tmp_path / "nowhere").exists()
    bad_plan = invoke("--library", fixture_lib.path, "research", "q", "--plan-file",
                      tmp_path / "none.txt")
    assert bad_plan.returncode == 1
    assert bad_plan.stderr.strip() == f"Error: {tmp_path / 'none.txt'}: no such plan file"
    budget = invoke("--library", fixture_lib.path, "research", "q", "--budget-steps", "0")
    assert budget.returncode == 2 and "--budget-steps" in budget.stderr


def test_help_has_examples() -> None:
    ran = invoke("research", "--help")
    assert ran.returncode == 0
    assert "Examples:" in ran.stdout and "--plan-file" in ran.stdout
    assert "--budget-seconds" in ran.stdout
