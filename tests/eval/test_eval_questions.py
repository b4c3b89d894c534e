"""Reading question files (real ones, and broken ones) and locating gold quotes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ponder.errors import InputError
from ponder.eval import (
    default_corpus_root,
    find_all,
    load_questions,
    locate_gold,
    missing_files,
    same_file,
)

from .answerers import DEV, PYDEV
from corpus import CORPUS, EVAL

GOOD = {"id": "x1", "lang": "en", "question": "Why?", "kind": "lookup", "answer": "Because.",
        "must_include": [["because"]], "sources": [], "abstain": False}


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "qs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def line(**changes: object) -> str:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not ...}, ensure_ascii=False)


def error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_questions(path)
    assert str(path) in str(info.value)
    return str(info.value)


def test_real_question_files_load() -> None:
    dev = load_questions(DEV)
    assert [q.id for q in dev][:2] == ["dev-01", "dev-02"] and len(dev) == 13
    assert all(q.corpus == "altman-interviews" for q in dev)
    assert dev[7].line == 8 and len(dev[7].sources) == 2
    assert dev[3].must_include[0] == ("carbon capture", "碳捕獲", "碳捕获")
    python = load_questions(PYDEV)
    assert {q.corpus for q in python} == {"python-docs"} and python[-1].abstain


def test_blank_lines_are_skipped_and_lines_counted(tmp_path: Path) -> None:
    path = write(tmp_path, "", line(id="a"), "   ", line(id="b"))
    assert [(q.id, q.line) for q in load_questions(path)] == [("a", 2), ("b", 4)]


@pytest.mark.parametrize(("bad", "says"), [
    ("{not json", "line 2: invalid JSON"),
    ('["a list"]', "line 2: expected a JSON object"),
    (line(sources=...), "line 2: missing field sources"),
    (line(id=..., kind=...), "line 2: missing fields id, kind"),
    (line(id=""), "field 'id' must be a non-empty string"),
    (line(kind="lookpu"), "field 'kind' is 'lookpu'; expected one of lookup"),
    (line(lang="fr"), "field 'lang' is 'fr'"),
    (line(abstain="no"), "field 'abstain' must be true or false"),
    (line(must_include=["because"]), "'must_include' must be a list of lists"),
    (line(must_include=[[]]), "'must_include' must be a list of lists"),
    (line(sources=[{"file": "a.txt"}]), "'sources' must be a list of"),
    (line(sources=[{"file": "a.txt", "quote": 3}]), "field 'quote' must be"),
    (line(id="x0"), "line 2: duplicate id 'x0' (first on line 1)"),
])
def test_bad_lines_name_file_line_and_reason(tmp_path: Path, bad: str, says: str) -> None:
    assert says in error(write(tmp_path, line(id="x0"), bad))


def test_bad_files(tmp_path: Path) -> None:
    assert "no such question file" in error(tmp_path / "missing.jsonl")
    assert "no questions" in error(write(tmp_path, "", " "))
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(line(question="caf\u00e9?").encode("latin-1"))
    assert "not UTF-8" in error(latin)
    assert "is a folder" in error(tmp_path)


def test_gold_spans_are_every_occurrence_in_the_original_file() -> None:
    questions = load_questions(DEV) + load_questions(PYDEV)
    gold = locate_gold(questions, CORPUS, DEV)
    for q in questions:
        quotes = {s.quote for s in q.sources}
        for span in gold[q.id]:
            text = (CORPUS / span.corpus / span.file).read_bytes().decode("utf-8")
            assert text[span.start:span.end] in quotes
    assert len(gold["dev-08"]) == 2 and gold["dev-12"] == ()
    assert len(gold["dev-p3"]) == 4 and len(gold["dev-p2"]) >= 1


def test_gold_problems_name_the_question_file_and_line(tmp_path: Path) -> None:
    source = {"file": "002_f78c835db4602e1d.txt", "quote": "这句话不在文件里"}
    path = write(tmp_path, line(), line(id="x2", sources=[source]))
    questions = load_questions(path)
    with pytest.raises(InputError, match=r"line 2 \(x2\): quote '这句话不在文件里' is not in"):
        locate_gold(questions, CORPUS, path)
    with pytest.raises(InputError, match=r"line 2 .*cannot read gold file"):
        locate_gold(questions, tmp_path, path)
    with pytest.raises(InputError, match="line 2: cannot find the corpus folder"):
        locate_gold(questions, None, path)
    assert locate_gold(questions[:1], None, path) == {"x1": ()}


def test_paths_match_by_corpus_and_file_ending() -> None:
    key = "altman-interviews/002_f78c835db4602e1d.txt"
    assert same_file("/home/u/shared/corpus/" + key, key)
    assert same_file(key, key)
    assert not same_file("/home/u/other-altman-interviews/002_f78c835db4602e1d.txt", key)
    assert not same_file("/home/u/corpus/altman-interviews/x002_f78c835db4602e1d.txt", key)
    gold = locate_gold(load_questions(PYDEV), CORPUS, PYDEV)
    have = ["/lib/python-docs/library/pathlib.html", "/lib/python-docs/whatsnew/3.11.html"]
    assert missing_files(gold, have) == ["python-docs/library/sqlite3.html"]


def test_find_all_includes_overlapping_occurrences() -> None:
    assert find_all("aaaa", "aa") == [0, 1, 2]
    assert find_all("abc", "x") == []


def test_default_corpus_root(tmp_path: Path) -> None:
    assert default_corpus_root(EVAL / "dev-qa.jsonl", tmp_path) == CORPUS.resolve()
    assert default_corpus_root(tmp_path / "qs.jsonl", tmp_path) is None
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    cwd = tmp_path / "main"
    cwd.mkdir()
    found = default_corpus_root(tmp_path / "elsewhere" / "qs.jsonl", cwd)
    assert found == (tmp_path / "shared" / "corpus").resolve()
