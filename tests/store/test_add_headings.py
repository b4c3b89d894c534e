"""Headings the reader reports survive repair only where their text does."""

from __future__ import annotations

from pathlib import Path

from ponder.store import Library
from ponder.store.add import add_paths


def test_a_heading_removed_by_repair_names_nothing(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("![](https://x.org/banner.png)\n\nThe real text starts here. It goes on.\n")
    with Library.open(tmp_path / "lib") as lib:
        add_paths(lib, [path])
        headings = [r[0] for r in lib.db.execute("SELECT heading FROM passages")]
        assert headings == [None]


def test_no_passage_spans_a_dropped_table_of_contents(tmp_path: Path) -> None:
    toc = "".join(f"<li><a href='#p{i}'>PEP 6{i}: feature {i}</a></li>" for i in range(5))
    page = (
        "<html><body><main><h1>What's new</h1><p>This article explains the new features "
        "in the release, compared to the one before it.</p><p>New typing features:</p>"
        f"<ul>{toc}</ul><p>Important deprecations, removals and restrictions:</p>"
        "<p>The long paragraph that follows says a great deal about everything.</p>"
        "</main></body></html>"
    )
    path = tmp_path / "new.html"
    path.write_text(page, encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        add_paths(lib, [path])
        rows = lib.db.execute("SELECT text, source_start, source_end FROM passages").fetchall()
    assert rows
    for text, start, end in rows:
        assert "PEP 6" not in page[start:end], text
