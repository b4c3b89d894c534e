"""Headings and tables of contents are context, never results (issue 7, section 3).

On the real corpus: python-docs pages (headings, definition terms, the tutorial's
table of contents, shell prompts in code) and altman 002 (Markdown in a .txt file).
Lexical search only: no embeddings needed, so these run in the fast tier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from ponder.records import Hit
from ponder.search import search
from ponder.store import Library
from ponder.store.add import add_paths

from corpus import PYDOCS, altman_file

PAGES = ["tutorial/index.html", "tutorial/appetite.html", "tutorial/interpreter.html",
         "tutorial/venv.html", "library/argparse.html",
         "howto/regex.html", "library/asyncio-task.html", "howto/logging.html",
         "faq/programming.html"]  # fmt: skip
_SQUASH = re.compile(r"[\s#¶]+")


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library.open(tmp_path_factory.mktemp("headings-lib"))
    summary = add_paths(library, [*(PYDOCS / p for p in PAGES), altman_file("002")])
    assert not summary.failed, summary.failed
    yield library
    library.close()


def squash(text: str) -> str:
    return _SQUASH.sub("", text)


def heading_only(text: str, heading: str | None) -> bool:
    """A passage that holds nothing but (the last part of) its heading."""
    return heading is not None and squash(text) == squash(heading.split(" › ")[-1])


def rows(lib: Library, name: str) -> list[tuple[str, str | None]]:
    return [(str(r[0]), r[1]) for r in lib.db.execute(
        "SELECT p.text, p.heading FROM passages p JOIN documents d ON d.id = p.doc_id "
        "WHERE d.path LIKE ? ORDER BY p.seq", (f"%{name}",)
    )]  # fmt: skip


@pytest.mark.parametrize("name", [*PAGES, altman_file("002").name])
def test_no_heading_only_passages(lib: Library, name: str) -> None:
    found = [(t, h) for t, h in rows(lib, name) if heading_only(t, h)]
    assert found == []


def test_no_table_of_contents_lines(lib: Library) -> None:
    texts = [t for t, _ in rows(lib, "tutorial/index.html")]
    assert texts, "the tutorial index has an introduction"
    assert not any("Whetting Your Appetite" in t for t in texts)
    assert not any(re.search(r"^\d+(\.\d+)+\.? ", t, re.M) for t in texts)


def test_shell_prompts_in_code_are_not_headings(lib: Library) -> None:
    headings = {h for _, h in rows(lib, "tutorial/venv.html") if h}
    headings |= {h for _, h in rows(lib, "library/asyncio-task.html") if h}
    headings |= {h for _, h in rows(lib, "howto/logging.html") if h}
    assert not [h for h in headings if re.search(r"source |started main|loglevel", h)]


def test_markdown_in_a_txt_file_keeps_its_headings(lib: Library) -> None:
    text, heading = rows(lib, altman_file("002").name)[0]
    assert heading == "奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI"
    assert "腾讯科技讯" in text  # the heading joined the passage under it


def top5(lib: Library, query: str) -> list[Hit]:
    return search(lib, query, limit=5, mode="lexical")


@pytest.mark.parametrize(
    "query",
    ["Intermixed parsing", "Compilation Flags", "Numbers and strings", "Performance",
     "Whetting Your Appetite", "Using the Python Interpreter", "Sub-commands",
     "奥特曼最新2.8万字专访回应一切"],
)  # fmt: skip
def test_headings_and_toc_never_take_a_top5_slot(lib: Library, query: str) -> None:
    hits = top5(lib, query)
    assert hits
    for h in hits:
        assert not heading_only(h.text, h.heading), h.text
        assert not re.fullmatch(r"(\d+(\.\d+)*\.? [^\n]{1,60}\n?)+", h.text), h.text


def test_heading_words_still_find_the_passages_under_them(lib: Library) -> None:
    hits = top5(lib, "Intermixed parsing")
    assert any(h.heading and "Intermixed parsing" in h.heading for h in hits)
    hits = top5(lib, "Compilation Flags")
    assert any(h.heading and h.heading.startswith("Compilation Flags") for h in hits)
