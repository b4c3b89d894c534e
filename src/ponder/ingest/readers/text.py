"""Plain text (.txt) and Markdown (.md, .markdown), read as a stream.

The text is the decoded file itself, so every chunk maps by identity.  Chunks are about
1 MB and end at a line break.  For Markdown, ATX heading lines (``# ...``) outside fenced
code blocks are reported as headings; a .txt file is read as Markdown when it looks like
it (headings and other Markdown marks), else a ``# line`` is just text and the headings are
its title line and numbered section lines (see :mod:`._sections`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ponder.ingest.encoding import Encoding
from ponder.ingest.readers._chunking import Heading, line_chunks, mark_cut_tail
from ponder.ingest.readers._sections import plain_headings
from ponder.ingest.readers._textfile import CutTail, settle_stream, stream_text
from ponder.ingest.readers._titles import clean_title, first_line
from ponder.ingest.readers.base import Opened, Reader, Register, SourceChunk
from ponder.text.offsets import OffsetMap

_MD_LINE = re.compile(
    r"^ {0,3}(?:(?P<fence>`{3,}|~{3,})|(?P<hashes>#{1,6})(?=[ \t\r]|$)(?P<body>[^\n]*))",
    re.MULTILINE,
)
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
#: Markdown that a shell session or a plain note does not write: emphasis, links and
#: images, code fences
_MD_MARKS = re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__|!?\[[^\]\n]*\]\([^)\s]+\)|^ {0,3}(?:```|~~~)",
                       re.MULTILINE)


class MarkdownHeadings:
    """Finds ATX headings chunk by chunk, remembering open code fences across chunks."""

    def __init__(self) -> None:
        self.fence: str | None = None

    def scan(self, text: str) -> list[Heading]:
        found: list[Heading] = []
        for m in _MD_LINE.finditer(text):
            if m["fence"] is not None:
                self._toggle(m["fence"])
            elif self.fence is None:
                heading = _heading(m)
                if heading is not None:
                    found.append(heading)
        return found

    def _toggle(self, fence: str) -> None:
        if self.fence is None:
            self.fence = fence
        elif fence[0] == self.fence[0] and len(fence) >= len(self.fence):
            self.fence = None


def _heading(m: re.Match[str]) -> Heading | None:
    body = m["body"].rstrip("\r").rstrip()
    name = _CLOSING.sub("", body).strip()
    if not name:
        return None
    start = m.start("hashes")
    return start, m.start("body") + len(body), name


def looks_like_markdown(text: str) -> bool:
    """Whether a .txt file is written in Markdown: ATX headings *and* other Markdown marks.

    A ``# line`` alone is not enough: it is as often a root shell prompt or a comment.
    """
    return bool(MarkdownHeadings().scan(text)) and bool(_MD_MARKS.search(text))


def markdown_title(text: str) -> str:
    """The first level-1 heading outside code fences, else ''."""
    for start, _end, name in MarkdownHeadings().scan(text):
        if text[start + 1 : start + 2] != "#":
            return clean_title(name)
    return ""


def _chunks(path: Path, enc: Encoding, markdown: bool) -> Iterator[SourceChunk]:
    cut = CutTail()
    return mark_cut_tail(_line_chunks(path, enc, markdown, cut), lambda: cut.data)


def _line_chunks(path: Path, enc: Encoding, markdown: bool, cut: CutTail) -> Iterator[SourceChunk]:
    scanner = MarkdownHeadings() if markdown else None
    base = 0
    for text in line_chunks(stream_text(path, enc, cut)):
        if scanner is not None:  # Markdown: ATX headings, and numbered section lines
            headings = sorted({*scanner.scan(text), *plain_headings(text, title=False)})
        else:
            headings = plain_headings(text, title=base == 0)
        yield SourceChunk(text, OffsetMap.identity(len(text), base), headings)
        base += len(text)


def _open(path: Path, size: int, markdown: bool) -> Opened:
    enc, head = settle_stream(path, size)
    markdown = markdown or looks_like_markdown(head)
    title = (markdown_title(head) if markdown else "") or first_line(head) or path.name
    return Opened(enc.label, title, lambda: _chunks(path, enc, markdown))


def open_txt(path: Path, size: int) -> Opened:
    return _open(path, size, markdown=False)


def open_md(path: Path, size: int) -> Opened:
    return _open(path, size, markdown=True)


def register_readers(register: Register) -> None:
    register(Reader("txt", (".txt",), open_txt))
    register(Reader("md", (".md", ".markdown"), open_md))
