"""Parse HTML into a light element tree that remembers raw offsets.

The stdlib tokenizer runs with ``convert_charrefs=False``, so text arrives as raw slices
and entities arrive one by one; each :class:`Text` knows the exact span of the decoded
page it came from.  Tree building is forgiving: void elements never open, an end tag
closes up to its match (or is ignored), and the usual implied ends (``<p>``, ``<li>``,
``<td>`` …) are applied.  As in browsers, the tree grows no deeper than
:data:`MAX_DEPTH`: a start tag past it is kept as an empty element and its content goes to
the deepest open one, so a page of thousands of unclosed tags costs linear time.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen"
})  # fmt: skip
_BLOCKS_CLOSING_P = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul"
})  # fmt: skip
#: open elements at most (Chromium's parser stops nesting at 512)
MAX_DEPTH = 512
#: tag -> (open tags it closes, tags that stop the search)
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
}


@dataclass(frozen=True)
class Text:
    """Text at ``source[start:end]``; ``raw`` when ``value`` is that slice verbatim."""

    start: int
    end: int
    value: str
    raw: bool


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    start: int
    parent: Element | None = None
    children: list[Element | Text] = field(default_factory=list)
    end: int = -1

    def attr(self, name: str) -> str:
        return self.attrs.get(name, "")

    def iter(self) -> list[Element]:
        """This element and every element below it, in document order."""
        out: list[Element] = []
        stack: list[Element] = [self]
        while stack:
            el = stack.pop()
            out.append(el)
            stack.extend(c for c in reversed(el.children) if isinstance(c, Element))
        return out

    def find(self, tag: str) -> Element | None:
        return next((el for el in self.iter() if el.tag == tag), None)


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        pos = source.find("\n")
        while pos >= 0:
            self.line_starts.append(pos + 1)
            pos = source.find("\n", pos + 1)
        self.root = Element("#root", {}, 0)
        self.stack: list[Element] = [self.root]

    def _abs_pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    # -- text ---------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        start = self._abs_pos()
        self._add(Text(start, start + len(data), data, True))

    def handle_entityref(self, name: str) -> None:
        self._entity(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._entity(2 + len(name))

    def _entity(self, length: int) -> None:
        start = self._abs_pos()
        end = start + length
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[start:end]
        value = html.unescape(raw)
        self._add(Text(start, end, value, value == raw))

    def _add(self, text: Text) -> None:
        self.stack[-1].children.append(text)

    # -- tags ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._abs_pos()
        self._close_implied(tag, start)
        el = Element(tag, {k: v or "" for k, v in attrs}, start, self.stack[-1])
        self.stack[-1].children.append(el)
        if tag in VOID or len(self.stack) > MAX_DEPTH:
            el.end = start
        else:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop().end = self._abs_pos()

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # browsers read </br> as <br>
            self.handle_starttag("br", [])
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i, self._abs_pos())
                return

    def _close_implied(self, tag: str, at: int) -> None:
        if tag in _BLOCKS_CLOSING_P and self.stack[-1].tag == "p":
            self._pop_to(len(self.stack) - 1, at)
        closes, stops = _IMPLIED.get(tag, (frozenset(), frozenset()))
        if not closes:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            name = self.stack[i].tag
            if name in stops:
                return
            if name in closes:
                self._pop_to(i, at)
                return

    def _pop_to(self, index: int, at: int) -> None:
        while len(self.stack) > index:
            self.stack.pop().end = at


def parse(source: str) -> Element:
    """The element tree of ``source`` under a synthetic ``#root`` element."""
    builder = _TreeBuilder(source)
    builder.feed(source)
    builder.close()
    builder._pop_to(1, len(source))
    return builder.root


def text_of(el: Element) -> str:
    """The decoded text inside ``el`` (no whitespace handling)."""
    parts: list[str] = []
    stack: list[Element | Text] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            parts.append(node.value)
        else:
            stack.extend(reversed(node.children))
    return "".join(parts)
