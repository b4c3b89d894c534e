"""Plain text and Markdown: streaming chunks at line boundaries, identity maps, headings."""

from __future__ import annotations

import hashlib
import itertools
import resource
import tracemalloc
from pathlib import Path

import pytest

from ponder.ingest import open_source
from ponder.ingest.readers._chunking import MAX_LINE_CHARS, line_chunks, split_spans
from ponder.ingest.readers.text import MarkdownHeadings, markdown_title

from .ingest_helpers import read_all
from corpus import altman_files

LINE = "奥特曼说：我们需要更多的算力。Altman said we need more compute, 2024-03-19.\n"


def check_chunks(path: Path) -> tuple[str, int]:
    """Read ``path`` through open_source; check chunk maps; return (text, chunk count)."""
    source = open_source(path)
    text, chunks = read_all(source)
    base = 0
    for chunk in chunks:
        assert chunk.map.to_source(0) == base
        assert chunk.map.to_source(len(chunk.text), "end") == base + len(chunk.text)
        base += len(chunk.text)
    return text, len(chunks)


@pytest.mark.parametrize("path", altman_files(), ids=lambda p: p.name[:3])
def test_corpus_files_read_exactly(path: Path):
    text, _ = check_chunks(path)
    assert text == path.read_text(encoding="utf-8")
    source = open_source(path)
    assert source.format == "txt" and source.encoding == "utf-8"
    assert source.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.size == path.stat().st_size
    assert source.path == path.resolve()


def test_title_is_first_non_empty_line_trimmed(write):
    path = write("t.txt", "\n\n   \n  " + "长标题" * 60 + "  \nbody\n")
    title = open_source(path).title
    assert title == ("长标题" * 60)[:120]


def test_chunks_end_at_line_breaks_and_rejoin(write):
    body = LINE * 60_000  # ~3.6 M characters
    text, count = check_chunks(write("big.txt", body))
    assert text == body and count >= 3
    for chunk in open_source(write("big.txt", body)).chunks():
        assert chunk.text.endswith("\n")
        assert (
            0.9 * (1 << 20) <= len(chunk.text) <= (1 << 20)
            or chunk.text == body[-len(chunk.text) :]
        )


def test_a_line_longer_than_4mb_is_cut_inside(write):
    body = "x" * (MAX_LINE_CHARS + 10) + "\nshort\n"
    text, count = check_chunks(write("long.txt", body))
    assert text == body and count == 2


def test_line_chunks_small_targets():
    blocks = ["ab\ncd", "ef\ngh\n", "ijklmnopq", "r\n"]
    chunks = list(line_chunks(blocks, target=4, max_line=8))
    assert "".join(chunks) == "".join(blocks)
    assert chunks == ["ab\n", "cdef\n", "gh\n", "ijklmnop", "qr\n"]


def test_split_spans_cover_the_text():
    text = "one\ntwo\nthree\n" * 1000
    spans = list(split_spans(text, target=100))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(text[e - 1] == "\n" for _, e in spans)


def test_crlf_and_cr_files_keep_their_line_breaks(write):
    body = "first\r\nsecond\r\n" * 10
    assert check_chunks(write("crlf.txt", body))[0] == body


# -- markdown -------------------------------------------------------------------


MARKDOWN = """Intro line

# 奥特曼专访 #

Some text.

```python
# not a heading
```

## Second *level*
   ### indented three
    # code block by indentation? still reported (ATX allows 0-3 spaces only)
#not-a-heading
####### seven hashes
"""


def test_markdown_headings_and_title(write):
    path = write("notes.md", MARKDOWN)
    source = open_source(path)
    assert source.format == "md"
    assert source.title == "奥特曼专访"
    chunk = next(source.chunks())
    names = [name for _, _, name in chunk.headings]
    assert names == ["奥特曼专访", "Second *level*", "indented three"]
    for start, end, _ in chunk.headings:
        assert chunk.text[start] == "#"
        assert "\n" not in chunk.text[start:end]


def test_markdown_fence_state_carries_across_chunks():
    scanner = MarkdownHeadings()
    assert scanner.scan("# a\n~~~\n") == [(0, 3, "a")]
    assert scanner.scan("# inside\n~~~\n# b\n") == [(13, 16, "b")]


def test_markdown_title_falls_back_to_first_line(write):
    assert markdown_title("no heading\n## level two\n") == ""
    assert open_source(write("n.markdown", "first line\n## two\n")).title == "first line"


def test_txt_has_no_headings(write):
    chunk = next(open_source(write("h.txt", "# looks like a heading\n")).chunks())
    assert chunk.headings == []


# -- speed and memory -----------------------------------------------------------


def _write_lines(path: Path, megabytes: int) -> int:
    line = (LINE * 50).encode("utf-8")
    with path.open("wb") as f:
        for _ in range(megabytes * (1 << 20) // len(line)):
            f.write(line)
    return path.stat().st_size


@pytest.mark.slow
def test_200mb_file_in_bounded_memory(tmp_path: Path):
    path = tmp_path / "huge.txt"
    size = _write_lines(path, 200)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        source = open_source(path)
        chars = count = 0
        for chunk in source.chunks():
            chars += len(chunk.text)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert size > 200 * 10**6 and count > 100 and chars > 0
    assert peak < 300 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert rss_growth_mb < 300, f"RSS grew {rss_growth_mb:.0f} MB"
