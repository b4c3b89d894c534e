"""Document selectors: an exact id, then a path or file-name prefix, then a title fragment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.errors import AmbiguousDocumentError, DocumentNotFoundError
from ponder.records import Passage
from ponder.store import Library
from ponder.store.writer import DocumentMeta, DocumentWriter

#: added in this order, so ids are 1..6: id 1 is *not* the file whose name starts with 001
FILES = [
    ("/corpus/zeta.txt", "Zeta notes"),
    ("/corpus/001_bc75d2a8.txt", "知領 01 探索 AI 所帶來的機遇和風險"),
    ("/corpus/002_f78c835d.txt", "奥特曼最新2.8万字专访回应一切"),
    ("/corpus/12_twelve.md", "Twelve"),
    ("/other/library/pathlib.html", "pathlib — Object-oriented filesystem paths"),
    ("/corpus/3_three.txt", "Three"),
]


def add(lib: Library, path: str, title: str) -> int:
    meta = DocumentMeta(path=path, title=title, format="txt", encoding="utf-8", language="zh",
                        script="simplified", content_hash=path, size=1)  # fmt: skip
    with lib.transaction() as db:
        w = DocumentWriter(db, meta)
        w.add_text(0, "Text.")
        w.add_passages([(Passage("Text.", 0, 5, 0, 5), "text")])
        w.finish(5, language="zh", script="simplified")
        return w.doc_id


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path) as library:
        ids = [add(library, path, title) for path, title in FILES]
        assert ids == [1, 2, 3, 4, 5, 6]
        yield library


def resolved(lib: Library, selector: str) -> str:
    return Path(lib.resolve_document(selector).path).name


@pytest.mark.parametrize(
    ("selector", "name"),
    [
        # 1. an exact id, in canonical decimal
        ("1", "zeta.txt"),
        ("4", "12_twelve.md"),
        ("3", "002_f78c835d.txt"),  # id 3, though 3_three.txt starts with 3
        # 2. an exact path, or a file-name prefix (a leading zero is not an id)
        ("/other/library/pathlib.html", "pathlib.html"),
        ("001", "001_bc75d2a8.txt"),
        ("002", "002_f78c835d.txt"),
        ("001_bc75", "001_bc75d2a8.txt"),
        ("3_", "3_three.txt"),
        ("12", "12_twelve.md"),  # no document 12: the file-name prefix
        ("ZETA", "zeta.txt"),  # case is ignored
        ("pathlib", "pathlib.html"),
        ("twelve", "12_twelve.md"),  # a title fragment too, but the name wins
        # … with a slash, a prefix of the path's tail
        ("library/pathlib.html", "pathlib.html"),
        ("library/path", "pathlib.html"),
        # 3. a title fragment, in either script
        ("Object-oriented", "pathlib.html"),
        ("专访", "002_f78c835d.txt"),
        ("專訪", "002_f78c835d.txt"),
        ("探索 ai", "001_bc75d2a8.txt"),
    ],
)
def test_selector_rules(lib: Library, selector: str, name: str) -> None:
    assert resolved(lib, selector) == name


def test_ambiguous_lists_the_candidates(lib: Library) -> None:
    with pytest.raises(AmbiguousDocumentError) as err:
        lib.resolve_document("00")
    message = str(err.value)
    assert "'00' matches several documents (2)" in message
    assert "2  001_bc75d2a8.txt" in message and "3  002_f78c835d.txt" in message
    assert "zeta" not in message
    assert isinstance(err.value, DocumentNotFoundError)  # still "no single document"


def test_ambiguous_path_tail(lib: Library) -> None:
    with pytest.raises(AmbiguousDocumentError, match=r"several documents \(5\)"):
        lib.resolve_document("/corpus/")


def test_no_match_says_how_to_list(lib: Library) -> None:
    with pytest.raises(DocumentNotFoundError, match="ponder sources"):
        lib.resolve_document("nothing-like-this")
    with pytest.raises(DocumentNotFoundError, match="ponder sources"):
        lib.resolve_document("99")
    with pytest.raises(DocumentNotFoundError, match="ponder sources"):
        lib.resolve_document("  ")


def test_document_by_id(lib: Library) -> None:
    assert Path(lib.document(2).path).name == "001_bc75d2a8.txt"
    with pytest.raises(DocumentNotFoundError):
        lib.document(99)
