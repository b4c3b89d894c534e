"""HTML extraction on hand-made pages: main-content choice, whitespace, entities, offsets."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from ponder.errors import EmptyFileError, InputError
from ponder.ingest import open_source
from ponder.ingest.readers import _htmlmain, _limits
from ponder.ingest.readers.html import extract

from .ingest_helpers import read_all

PARAGRAPHS = [
    "Local-first software keeps the primary copy of your data on your own device, so you can "
    "work offline and nothing leaves the machine unless you choose to sync it.",
    "Search over a personal library mixes lexical matching with dense vectors; the two rankings "
    "are fused by reciprocal rank, which needs no score calibration between them.",
    "Every answer carries citations, and a citation is only kept when the cited passage actually "
    "supports the sentence it is attached to.",
]

BLOG = f"""<!doctype html>
<html><head><title>Local-first notes | Example Blog</title>
<style>.x {{ color: red }}</style><script>var tracking = "SCRIPT TEXT";</script></head>
<body>
<div id="top"><a href="/">Example Blog</a> <a href="/about">About</a> <a href="/archive">Archive</a>
 <a href="/tags">Tags</a> <a href="/rss">RSS</a></div>
<div class="wrapper">
  <div class="content">
    <h1>Local-first notes</h1>
    <p class="meta">Posted on 2024-05-01</p>
    <p>{PARAGRAPHS[0]}</p>
    <p>{PARAGRAPHS[1]}</p>
    <pre>def fuse(a, b):
    return sorted(a | b)
</pre>
    <p>{PARAGRAPHS[2]}</p>
    <div class="share"><a href="#">Share on X</a> <a href="#">Share on Mastodon</a></div>
  </div>
  <div class="widgets"><h3>Recent posts</h3><ul>
    <li><a href="/1">A post about gardening and tomatoes</a></li>
    <li><a href="/2">Another post about bicycles and trains</a></li>
    <li><a href="/3">Yet another post about coffee brewing</a></li></ul></div>
</div>
<div class="bottom">Copyright 2024 Example Blog. All rights reserved. Contact us any time.</div>
</body></html>"""


def write_page(tmp_path: Path, body: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def assert_blog_text(text: str) -> None:
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "def fuse(a, b):\n    return sorted(a | b)\n" in text
    for furniture in ("SCRIPT TEXT", "color: red", "Archive", "Recent posts", "gardening",
                      "Copyright 2024", "Share on"):  # fmt: skip
        assert furniture not in text, furniture


def test_page_without_landmarks_uses_trafilatura_region(tmp_path: Path):
    source = open_source(write_page(tmp_path, BLOG))
    text, chunks = read_all(source)
    assert_blog_text(text)
    assert source.title == "Local-first notes"
    assert [h[2] for h in chunks[0].headings] == ["Local-first notes"]


def test_without_trafilatura_the_densest_region_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(_htmlmain, "_trafilatura_text", lambda source: None)
    text, _ = read_all(open_source(write_page(tmp_path, BLOG)))
    assert_blog_text(text)


def test_landmarks_win():
    page = (
        "<body><nav><a href='/'>Home</a></nav><main><h2>Main heading</h2>"
        "<p>Main text that matters and is long enough to count as the content.</p>"
        "<aside><a href='/x'>see also</a></aside></main>"
        "<div>Some other text outside of main that is not wanted.</div></body>"
    )
    text, _, headings, _ = extract(page)
    assert (
        text == "Main heading\n\nMain text that matters and is long enough to count as the content."
    )
    assert headings == [(0, 12, "Main heading")]


def test_whitespace_entities_and_offsets():
    page = (
        "<main><p>Fish  &amp;\n chips&nbsp;&#8212; caf&eacute; &copy 2024 &lt;tag&gt; "
        "<code>a</code><code>b</code></p>\n<pre>  keep   this\n\tline &lt;x&gt;\n</pre></main>"
    )
    text, omap, _, _ = extract(page)
    assert text == "Fish & chips\xa0— café © 2024 <tag> ab\n\n  keep   this\n\tline <x>\n"
    amp = text.index("&")
    assert page[omap.to_source(amp) : omap.to_source(amp + 1, "end")] == "&amp;"
    for i, ch in enumerate(text):
        src = omap.to_source(i)
        if page[src] != ch:  # an entity, a collapsed run or an inserted separator
            span = page[src : omap.to_source(i + 1, "end")]
            assert html.unescape(span) == ch or span.isspace() or span == "", (i, ch, span)


def test_tables_lists_and_breaks():
    page = (
        "<article><ul><li>one</li><li>two<br>three</li></ul>"
        "<table><tr><th>Name</th><th>Value</th></tr>"
        "<tr><td><p>alpha</p></td><td>1</td></tr></table></article>"
    )
    text, _, _, _ = extract(page)
    assert text == "one\ntwo\nthree\n\nName\tValue\nalpha\t1"


def test_hidden_and_furniture_inside_main_are_dropped():
    page = (
        "<main><h1>Title<a class='headerlink' href='#t'>¶</a></h1>"
        "<p>Visible paragraph.</p><p hidden>hidden one</p>"
        "<div style='display: none'>invisible</div><div aria-hidden='true'>icon</div>"
        "<span class='sr-only'>screen reader only</span>"
        "<form><input value='q'><button>Search</button></form>"
        "<noscript>enable JS</noscript><template>tmpl</template></main>"
    )
    text, _, headings, title = extract(page)
    assert text == "Title\n\nVisible paragraph."
    assert headings == [(0, 5, "Title")] and title == "Title"


def test_content_sections_named_like_furniture_are_kept():
    page = (
        "<main><section id='cookie-management'><h2>Cookie management</h2>"
        "<p>The http.cookies module contains the following notice.</p></section>"
        "<aside class='footnote'><p>[1] A footnote with real content in it.</p></aside></main>"
    )
    text, _, _, _ = extract(page)
    assert "The http.cookies module" in text and "A footnote with real content" in text


def test_malformed_html_still_maps_exactly():
    page = (
        "<body><main><div><p>First para<p>Second para <b>bold <i>both</b> after</i>"
        "</div></div></span> 1 < 2 & 3 > 2<li>orphan item</main></body>"
    )
    text, omap, _, _ = extract(page)
    assert text == "First para\n\nSecond para bold both after\n\n1 < 2 & 3 > 2\norphan item"
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert page[omap.to_source(i)] == ch


def test_title_cleaning():
    _, _, _, title = extract("<title>Home &#8212; Site</title><h1>Other</h1><p>x</p>")
    assert title == "Home — Site"
    _, _, _, title = extract("<title>Blog | Real Title</title><h1>Real Title</h1><p>x</p>")
    assert title == "Real Title"
    _, _, _, title = extract("<h1>Only <em>a</em> heading</h1><p>x</p>")
    assert title == "Only a heading"


def test_page_without_text_is_empty(tmp_path: Path):
    path = write_page(tmp_path, "<html><head><title>t</title><script>x()</script></head></html>")
    with pytest.raises(EmptyFileError, match="no readable text"):
        open_source(path)


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_limits, "MAX_WHOLE_BYTES", 1000)
    with pytest.raises(InputError, match=r"over Ponder's .* limit for HTML; split it"):
        open_source(write_page(tmp_path, BLOG))


def test_big_page_is_cut_into_chunks_with_sliced_maps(tmp_path: Path):
    para = "<p>" + "word " * 100 + "&amp; end</p>\n"
    page = "<main>" + para * 3000 + "</main>"
    source = open_source(write_page(tmp_path, page, "big.htm"))
    text, chunks = read_all(source)
    assert len(chunks) >= 2
    offset = 0
    for chunk in chunks:
        for i in (0, len(chunk.text) // 2, len(chunk.text) - 1):
            src = chunk.map.to_source(i)
            assert page[src] == chunk.text[i] or page[src] in "&<"
        offset += len(chunk.text)
    assert offset == len(text)
