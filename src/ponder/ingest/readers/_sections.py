"""Headings written as plain lines: a file's title line and numbered section lines.

A heading here is a paragraph of one short line with no sentence-final punctuation:

* the first line of a plain-text file (``OpenAI掌門人專訪:GPT-4o讓我愛不釋手``), which
  is also the document's title (not in Markdown, whose title is a ``#`` heading);
* a section line, a number and a title (``01 OpenAI董事会风波``, ``13 外星人``), when the
  file has at least two of them and their numbers increase (a lone ``10 eggs`` is text).

Anything else (a ``# make install`` line, a numbered point that is a sentence, a file of
one line) is text.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ponder.ingest.readers._chunking import Heading

MAX_CHARS = 60  # a heading line is at most this long (stripped)
#: a line with a blank line (or the start) before it and a blank line (or the end) after it
_STANDALONE = re.compile(
    rf"(?:\A|\n[ \t]*\r?\n)[ \t]*(?P<line>[^\s#][^\r\n]{{0,{MAX_CHARS - 1}}}?)[ \t]*\r?"
    r"(?=\n[ \t]*\r?\n|\n?[ \t]*\Z)"
)
_SECTION = re.compile(r"(\d{1,2})[ \t]+\S")
_SENTENCE_END = re.compile(r"[。！？!?.;；,，:：、…]$")


def _candidates(text: str) -> list[Heading]:
    """Standalone short lines with no sentence-final punctuation."""
    return [
        (m.start("line"), m.end("line"), m["line"])
        for m in _STANDALONE.finditer(text)
        if not _SENTENCE_END.search(m["line"])
    ]


def plain_headings(text: str, *, title: bool) -> list[Heading]:
    """Headings of one chunk of text; ``title``: look for a title line (the first chunk)."""
    found: list[Heading] = []
    candidates = _candidates(text)
    top = len(text) - len(text.lstrip())
    if title and candidates and candidates[0][0] == top and candidates[0][1] < len(text.rstrip()):
        found.append(candidates[0])  # the title line, with text after it
    sections = [c for c in candidates if _SECTION.match(c[2])]
    numbers = [int(_SECTION.match(c[2]).group(1)) for c in sections]  # type: ignore[union-attr]
    if len(sections) >= 2 and all(a < b for a, b in pairwise(numbers)):
        found += [c for c in sections if c not in found]
    return sorted(found)
