"""A file cut off mid UTF-8 character (issue 9, concern): decoded with the cut character
as U+FFFD, recorded as a repair, never rejected whole; bad bytes elsewhere still are."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.errors import DecodeError
from ponder.ingest import open_source
from ponder.store import Library
from ponder.store.add import add_paths
from ponder.store.check import check_library

from .ingest_helpers import read_all

LINE = "正常的文字，一行又一行。Plain words too.\n"
CUT = "字".encode()[:2]  # b"\xe5\xad": a character the file ends before


@pytest.mark.parametrize("lines", [3, 60_000])  # one chunk; several MB, many chunks
def test_a_cut_final_character_becomes_a_recorded_replacement(tmp_path: Path, lines: int) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes((LINE * lines).encode() + CUT)
    source = open_source(path)
    text, chunks = read_all(source)
    assert source.encoding == "utf-8"
    assert text == LINE * lines + "\ufffd"
    assert [r for c in chunks[:-1] for r in c.repairs] == []
    [repair] = chunks[-1].repairs
    assert (repair.kind, repair.before, repair.after) == ("cut-character", "\\xe5\\xad", "\ufffd")
    assert chunks[-1].text[repair.start : repair.end] == "\ufffd"


def test_the_repair_is_stored_with_its_offsets(tmp_path: Path) -> None:
    path = tmp_path / "cut.md"
    path.write_bytes(("# Notes\n\n" + LINE * 40).encode() + CUT)
    with Library.open(tmp_path / "lib") as library:
        summary = add_paths(library, [path])
        assert summary.failed == [] and len(summary.added) == 1
        [doc] = library.documents()
        [repair] = [r for r in library.repairs(doc.id) if r.kind == "cut-character"]
        text = library.document_text(doc.id)
        assert text[repair.start : repair.end] == "\ufffd" and repair.end == len(text)
        assert repair.before == "\\xe5\\xad"
        assert check_library(library) == []


def test_a_cut_html_page_is_read_and_the_cut_recorded(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_bytes("<html><body><p>一段文字，足够长的正文。</p><p>最后".encode() + CUT)
    text, chunks = read_all(open_source(path))
    assert "一段文字" in text and text.endswith("最后\ufffd")
    [repair] = chunks[-1].repairs
    assert (repair.kind, repair.before) == ("cut-character", "\\xe5\\xad")
    assert chunks[-1].text[repair.start : repair.end] == "\ufffd"


def test_a_bad_byte_before_the_end_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes((LINE * 50).encode() + b"\xff" + (LINE * 50).encode() + CUT)
    with pytest.raises(DecodeError, match="invalid UTF-8"):
        open_source(path)
