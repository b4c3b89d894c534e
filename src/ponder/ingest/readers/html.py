"""HTML pages (.html, .htm): the main text, mapped exactly onto the raw page.

The page is decoded (byte-order mark, then a ``<meta charset>`` that decodes cleanly,
then detection), parsed with offsets, reduced to its main content and rendered as text.
Chunk maps point into the decoded page, markup included: a quote taken from the raw
file is found by mapping passages back.  Dates in ``<meta>`` fields and ``<time
datetime>`` elements are reported as the file's metadata dates.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from ponder.errors import EmptyFileError
from ponder.ingest.encoding import SAMPLE_BYTES, decode_whole, settle, verify_bytes
from ponder.ingest.readers._chunking import Heading, mark_cut_tail, slice_chunks
from ponder.ingest.readers._htmlmain import main_region
from ponder.ingest.readers._htmltext import render
from ponder.ingest.readers._htmltree import Element, parse, text_of
from ponder.ingest.readers._limits import read_limited
from ponder.ingest.readers._titles import clean_title
from ponder.ingest.readers.base import Opened, Reader, Register, SourceChunk
from ponder.text.offsets import OffsetMap

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_TITLE_SEPARATORS = (" — ", " – ", " | ", " - ", " · ", " :: ", " » ")
#: ``<meta>`` names (lower case) whose content dates the page (Open Graph, Dublin Core,
#: schema.org, Highwire/Google Scholar, common CMS names)
META_DATE_FIELDS = frozenset({
    "article:published_time", "article:modified_time", "og:published_time", "og:updated_time",
    "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.created",
    "dcterms.issued", "dcterms.modified", "datepublished", "datecreated", "datemodified",
    "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
    "citation_publication_date", "citation_date", "sailthru.date", "parsely-pub-date",
})  # fmt: skip
_META_NAME_ATTRS = ("property", "name", "itemprop", "http-equiv")
MAX_TIMES = 10  # <time> elements read (a page with comments has one per comment)


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` of a page, if it names a text encoding.

    As browsers do (WHATWG encoding sniffing), a page that declares UTF-16 or UTF-32 in
    markup its bytes let us read as ASCII is not UTF-16: the declaration means UTF-8.
    Names of codecs that are not text encodings (``base64``, ``rot13``) are ignored.
    """
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    name = m.group(1).decode("ascii")
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not info._is_text_encoding:
        return None
    return "utf-8" if info.name.startswith(("utf-16", "utf-32")) else name


def decode_page(path: Path, data: bytes) -> tuple[str, str, bytes]:
    """(decoded page, encoding label, the bytes of a character the page was cut off in)."""
    head = data[:SAMPLE_BYTES]
    enc = settle(
        str(path), head, len(head) == len(data), verify_bytes(data),
        lambda off: data[max(0, off - 1024) : off + 65536], declared_charset(data),
    )  # fmt: skip
    page, cut = decode_whole(data, enc)  # a cut final character: U+FFFD
    return page, enc.label, cut


def page_title(root: Element, region: Element) -> str:
    """The ``<title>``, without a site-name suffix when the page's ``<h1>`` shows it."""
    title_el = root.find("title")
    title = clean_title(text_of(title_el), 1000) if title_el is not None else ""
    h1_el = region.find("h1") or root.find("h1")
    h1 = clean_title(text_of(h1_el).replace("¶", ""), 1000) if h1_el is not None else ""
    if title and h1:
        title = _strip_site(title, h1)
    return clean_title(title or h1)


def _strip_site(title: str, h1: str) -> str:
    """'pathlib — paths — Python docs' with h1 'pathlib — paths' → 'pathlib — paths'."""
    for sep in _TITLE_SEPARATORS:
        if title.startswith(h1 + sep):
            return h1
        if title.endswith(sep + h1):
            return h1
    return title


def page_dates(root: Element) -> list[tuple[str, str]]:
    """Dated metadata as (field, raw value): ``<meta>`` date fields, then ``<time datetime>``."""
    found: list[tuple[str, str]] = []
    times: list[tuple[str, str]] = []
    for el in root.iter():
        if el.tag == "meta":
            name = next((el.attr(a) for a in _META_NAME_ATTRS if el.attr(a)), "")
            if name.lower() in META_DATE_FIELDS and el.attr("content").strip():
                found.append((name, el.attr("content").strip()))
        elif el.tag == "time" and el.attr("datetime").strip() and len(times) < MAX_TIMES:
            times.append(("time", el.attr("datetime").strip()))
    return found + times


def extract(source: str) -> tuple[str, OffsetMap, list[Heading], str]:
    """(main text, map into ``source``, headings, title) of a decoded page."""
    text, omap, headings, _, title = _extract(parse(source), source)
    return text, omap, headings, title


def _extract(root: Element, source: str) -> tuple[str, OffsetMap, list[Heading], list[int], str]:
    region, stats = main_region(root, source)
    text, omap, headings, cuts = render(region, source, stats.dropped)
    return text, omap, headings, cuts, page_title(root, region)


def open_html(path: Path, size: int) -> Opened:
    source, label, cut = decode_page(path, read_limited(path, size, "HTML"))
    root = parse(source)
    text, omap, headings, cuts, title = _extract(root, source)
    if not text.strip():
        raise EmptyFileError(
            path,
            "the page has no readable text (only markup or scripts); if a browser shows text, "
            "save the page from the browser after it has loaded and add that copy",
        )

    def chunks() -> Iterator[SourceChunk]:
        return mark_cut_tail(slice_chunks(text, omap, headings, cuts), lambda: cut, len(source))

    return Opened(label, title or path.name, chunks, page_dates(root))


def register_readers(register: Register) -> None:
    register(Reader("html", (".html", ".htm"), open_html))
