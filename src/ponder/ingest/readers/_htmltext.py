"""Render an HTML region as plain text, mapping every character to the raw page.

Text outside ``<pre>`` has its whitespace collapsed as a browser would; ``<pre>`` keeps its
line breaks.  Blocks are separated by ``\\n\\n``, list items and table rows by ``\\n``,
table cells by a tab; a separator maps to the position between the blocks it separates.
Copied characters map to themselves; an entity maps to its span (``&amp;`` → ``&``).
Headings (``h1``–``h6``) become paragraphs of their own and are reported, and so are the
places where a dropped block was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ponder.ingest.readers._chunking import Heading
from ponder.ingest.readers._htmltree import Element, Text
from ponder.text.offsets import OffsetMap, TextBuilder

SPACE, CELL, LINE, PARA = 1, 2, 3, 4
_SEPARATORS = {CELL: "\t", LINE: "\n", PARA: "\n\n"}
_PARA_TAGS = frozenset({
    "p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd",
    "table", "figure", "figcaption", "hr", "header", "address", "details", "summary",
    "fieldset", "caption", "center", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "aside",
    "footer", "legend", "noscript",
})  # fmt: skip
_BREAKS: dict[str, int] = {
    **dict.fromkeys(_PARA_TAGS, PARA),
    **dict.fromkeys(("li", "tr", "br", "option"), LINE),
    **dict.fromkeys(("td", "th"), CELL),
}
# A definition term (an API signature in reference docs) heads its definition.
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt"})
_WS_CHARS = " \t\n\r\f"
#: whitespace that collapsing changes: any run but a lone space
_ODD_WS = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")


@dataclass
class _Pending:
    """A break waiting for the next visible character."""

    strength: int = 0
    start: int = 0  # raw span it stands for (a whitespace run, or a tag position)
    end: int = 0


class _Output:
    """A :class:`TextBuilder` that merges adjacent copies before handing them over."""

    def __init__(self, source: str) -> None:
        self.builder = TextBuilder(source)
        self.length = 0
        self._run: tuple[int, int] | None = None

    def copy(self, start: int, end: int) -> None:
        if self._run is not None and self._run[1] == start:
            self._run = (self._run[0], end)
        else:
            self._flush_run()
            self._run = (start, end)
        self.length += end - start

    def replace(self, start: int, end: int, text: str) -> None:
        self._flush_run()
        self.builder.replace(start, end, text)
        self.length += len(text)

    def _flush_run(self) -> None:
        if self._run is not None:
            self.builder.copy(*self._run)
            self._run = None

    def build(self) -> tuple[str, OffsetMap]:
        self._flush_run()
        return self.builder.build()


@dataclass
class Renderer:
    source: str
    dropped: set[int]
    out: _Output = field(init=False)
    pending: _Pending = field(default_factory=_Pending)
    pre: int = 0
    cell: int = 0
    heading_start: int | None = None
    heading_depth: int = 0
    headings: list[tuple[int, int, bool]] = field(default_factory=list)  # start, end, is_term
    cuts: list[int] = field(default_factory=list)  # where a dropped block was
    heading_term: bool = False

    def __post_init__(self) -> None:
        self.out = _Output(self.source)

    # -- walking --------------------------------------------------------------
    def render(self, region: Element) -> tuple[str, OffsetMap, list[Heading], list[int]]:
        for event, node in _walk(region, self.dropped):
            if isinstance(node, Text):
                self.text(node)
            elif event == "enter":
                self.enter(node)
            elif event == "exit":
                self.exit(node)
            elif _BREAKS.get(node.tag, 0) >= LINE and self.out.length:  # a dropped block
                self.cuts.append(self.out.length)
        text, omap = self.out.build()
        return text, omap, _headings(text, self.headings), sorted(set(self.cuts))

    def enter(self, el: Element) -> None:
        self.brk(_BREAKS.get(el.tag, 0), el.start)
        if el.tag == "pre":
            self.pre += 1
        elif el.tag in ("td", "th"):
            self.cell += 1
        elif el.tag in _HEADINGS:
            self.heading_depth += 1
            self.heading_term = self.heading_term or el.tag == "dt"

    def exit(self, el: Element) -> None:
        if el.tag == "pre":
            self.pre -= 1
        elif el.tag in ("td", "th"):
            self.cell -= 1
        elif el.tag in _HEADINGS:
            self._close_heading()
        self.brk(_BREAKS.get(el.tag, 0), el.end)

    def _close_heading(self) -> None:
        self.heading_depth -= 1
        if self.heading_depth == 0 and self.heading_start is not None:
            self.headings.append((self.heading_start, self.out.length, self.heading_term))
            self.heading_start = None
        if self.heading_depth == 0:
            self.heading_term = False

    # -- breaks -----------------------------------------------------------------
    def brk(self, strength: int, at: int) -> None:
        if (self.cell or self.heading_depth) and strength > SPACE:
            strength = SPACE  # cells and headings stay on one line
        if strength > self.pending.strength:
            self.pending = _Pending(strength, at, at)

    def space(self, start: int, end: int) -> None:
        if not self.pending.strength:
            self.pending = _Pending(SPACE, start, end)

    def flush(self) -> None:
        p = self.pending
        self.pending = _Pending()
        if not p.strength or not self.out.length:
            return
        if p.strength > SPACE:
            self.out.replace(p.start, p.start, _SEPARATORS[p.strength])
        elif self.source[p.start : p.end] == " ":
            self.out.copy(p.start, p.end)
        else:
            self.out.replace(p.start, p.end, " ")

    # -- text ---------------------------------------------------------------------
    def text(self, node: Text) -> None:
        if self.pre:
            self.emit(node, node.start, node.end)
        elif node.raw:
            self._collapsed(node)
        elif node.value.isspace() and "\xa0" not in node.value:
            self.space(node.start, node.end)
        elif node.value != "¶":  # a permalink mark
            self.emit(node, node.start, node.end)

    def _collapsed(self, node: Text) -> None:
        """Raw text with whitespace collapsed; single spaces inside are copied as they are."""
        body = node.value.strip(_WS_CHARS)
        if not body:
            self.space(node.start, node.end)
            return
        if body == "¶":  # a permalink mark
            return
        lead = len(node.value) - len(node.value.lstrip(_WS_CHARS))
        start, end = node.start + lead, node.start + lead + len(body)
        if lead:
            self.space(node.start, start)
        pos = start
        for m in _ODD_WS.finditer(body):
            self.emit(node, pos, start + m.start())
            self.space(start + m.start(), start + m.end())
            pos = start + m.end()
        self.emit(node, pos, end)
        if end < node.end:
            self.space(end, node.end)

    def emit(self, node: Text, start: int, end: int) -> None:
        if start >= end:
            return
        self.flush()
        if self.heading_depth and self.heading_start is None:
            self.heading_start = self.out.length
        if node.raw:
            self.out.copy(start, end)
        else:
            self.out.replace(node.start, node.end, node.value)


def _headings(text: str, spans: list[tuple[int, int, bool]]) -> list[Heading]:
    """Heading spans trimmed of edge spaces (``&nbsp;`` included), with their names.

    A definition term is named under the section it sits in ("Cursor objects ›
    executemany(sql, parameters, /)"), so its definition keeps both contexts.
    """
    found: list[Heading] = []
    section = ""
    for start, end, is_term in spans:
        name = text[start:end]
        stripped = name.strip()
        if not stripped:
            continue
        s = start + len(name) - len(name.lstrip())
        if is_term and section:
            found.append((s, s + len(stripped), f"{section} › {stripped}"))
        else:
            found.append((s, s + len(stripped), stripped))
            section = stripped if not is_term else section
    return found


def _walk(top: Element, dropped: set[int]) -> Iterator[tuple[str, Element | Text]]:
    """Depth-first enter/exit events, skipping dropped elements (iterative: deep pages)."""
    stack: list[tuple[bool, Element | Text]] = [(False, top)]
    while stack:
        done, node = stack.pop()
        if isinstance(node, Text):
            yield "text", node
        elif done:
            yield "exit", node
        elif id(node) not in dropped:
            yield "enter", node
            stack.append((True, node))
            stack.extend((False, c) for c in reversed(node.children))
        else:
            yield "dropped", node


def render(
    region: Element, source: str, dropped: set[int]
) -> tuple[str, OffsetMap, list[Heading], list[int]]:
    """The text of ``region``, its map into ``source``, its headings, and its cuts: the
    offsets where a dropped block (navigation, a table of contents) was, which no passage
    may span (its source span would hold text that is not in the passage)."""
    return Renderer(source, dropped).render(region)
