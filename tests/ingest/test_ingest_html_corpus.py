"""HTML main-text extraction on the 42 real Python-docs pages: exact offsets, no furniture."""

from __future__ import annotations

import html
import json
import random
import re
from functools import cache
from pathlib import Path

import pytest

from ponder.ingest import SourceChunk, SourceFile, open_source
from ponder.text.offsets import OffsetMap

from corpus import EVAL, PYDOCS

PAGES = sorted(PYDOCS.rglob("*.html"))
FURNITURE = [
    "Navigation", "previous |", "Show Source", "Theme Auto Light Dark", "Quick search",
    "© Copyright", "¶", "Previous topic", "Next topic", "This Page", "Report a Bug",
    "Found a bug", "Please donate", "Table of Contents",
]  # fmt: skip
_TAG = re.compile(r"<[^>]*(?:>|$)|^[^<]*>")


def visible(fragment: str) -> str:
    """Markup as text: tags (even cut ones) removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).replace("¶", "").split())


@cache
def read(page: Path) -> tuple[SourceFile, SourceChunk, str]:
    source = open_source(page)
    chunks = list(source.chunks())
    assert len(chunks) == 1
    return source, chunks[0], page.read_text(encoding="utf-8")


def main_html(raw: str) -> str:
    """The raw main region of a Sphinx page (for independent checks)."""
    start = raw.index('role="main"')
    return raw[start : raw.index('class="sphinxsidebar"', start)]


def test_the_corpus_is_there():
    assert len(PAGES) == 42


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(PYDOCS)))
def test_page(page: Path):
    source, chunk, raw = read(page)
    assert source.format == "html" and source.encoding == "utf-8"
    _check_random_characters(chunk, raw)
    _check_every_segment(chunk, raw)
    for word in FURNITURE:
        assert word not in chunk.text, word
    _check_title(source, raw)
    _check_code_blocks_kept(chunk, raw)
    _check_headings_kept(chunk, raw)


def _check_random_characters(chunk: SourceChunk, raw: str) -> None:
    rng = random.Random(7)
    positions = [i for i, ch in enumerate(chunk.text) if not ch.isspace()]
    for i in rng.sample(positions, min(200, len(positions))):
        src = chunk.map.to_source(i)
        if raw[src] == chunk.text[i]:
            continue
        entity = raw[src : chunk.map.to_source(i + 1, "end")]
        assert entity.startswith("&") and html.unescape(entity) == chunk.text[i], (i, entity)


def _check_every_segment(chunk: SourceChunk, raw: str) -> None:
    assert isinstance(chunk.map, OffsetMap)
    previous_end = 0
    for seg in chunk.map.segments:
        out = chunk.text[seg.out_start : seg.out_end]
        src = raw[seg.in_start : seg.in_end]
        assert seg.in_start >= previous_end  # the map is monotonic
        previous_end = seg.in_end
        if seg.copied:
            assert out == src
        elif seg.in_start == seg.in_end:
            assert out in ("\n\n", "\n", "\t", " ")  # an inserted separator
        elif src.startswith("&"):
            assert html.unescape(src) == out
        else:
            assert src.isspace() and out == " "  # collapsed whitespace


def _check_title(source: SourceFile, raw: str) -> None:
    match = re.search(r"<title>(.*?)</title>", raw, re.S)
    assert match is not None
    full = visible(match.group(1))
    assert source.title == full.removesuffix(" — Python 3.11.2 documentation")


def _check_code_blocks_kept(chunk: SourceChunk, raw: str) -> None:
    blocks = re.findall(r"<pre>(.*?)</pre>", main_html(raw), re.S)
    for block in blocks:
        code = html.unescape(_TAG.sub("", block)).strip()
        assert code in chunk.text, code[:80]


def _check_headings_kept(chunk: SourceChunk, raw: str) -> None:
    """Headings and definition terms (API signatures head their definitions)."""
    pattern = r"<(h[1-6]|dt)(?:\s[^>]*)?>(.*?)</\1>"
    wanted = [visible(h) for _, h in re.findall(pattern, main_html(raw), re.S)]
    wanted = [w for w in wanted if w]
    found = [chunk.text[start:end] for start, end, _ in chunk.headings]
    assert found == wanted
    for start, end, name in chunk.headings:
        assert name.endswith(chunk.text[start:end])
        assert start == 0 or chunk.text[start - 2 : start] == "\n\n"


def gold_quotes() -> list[tuple[str, str]]:
    quotes = [("library/pathlib.html", "Return whether or not this path is relative to the")]
    path = EVAL / "dev-qa-python-docs.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            quotes += [(s["file"], s["quote"]) for s in json.loads(line)["sources"]]
    return sorted(set(quotes))


@pytest.mark.parametrize(("name", "quote"), gold_quotes())
def test_gold_quotes_map_back_to_their_raw_span(name: str, quote: str):
    _, chunk, raw = read(PYDOCS / name)
    gold = [(m.start(), m.end()) for m in re.finditer(re.escape(quote), raw)]
    words = visible(quote)
    found = [m.start() for m in re.finditer(re.escape(words), chunk.text)]
    spans = [(chunk.map.to_source(i), chunk.map.to_source(i + len(words), "end")) for i in found]
    assert any(s < ge and e > gs for s, e in spans for gs, ge in gold), (words, spans, gold)
    if words == quote:  # plain text: some passage span is exactly a gold span
        assert set(spans) & set(gold)


def test_sphinx_page_keeps_signatures_admonitions_and_tables():
    _, chunk, _ = read(PYDOCS / "library/sqlite3.html")
    assert "sqlite3.connect(database, timeout=5.0, detect_types=0, isolation_level=" in chunk.text
    assert 'Can be "DEFERRED" (default), "EXCLUSIVE" or "IMMEDIATE";' in chunk.text
    _, chunk, _ = read(PYDOCS / "library/datetime.html")
    assert (
        "Footnotes" in chunk.text
        and "If, that is, we ignore the effects of Relativity" in chunk.text
    )
    assert "%a\tWeekday as locale’s abbreviated name." in chunk.text  # a table row
