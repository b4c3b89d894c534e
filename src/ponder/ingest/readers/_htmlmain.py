"""Decide which part of an HTML page is its main content.

1. a landmark: ``<main>``, ``role="main"`` or ``<article>`` holding a fair share of the
   page's text;
2. else the region trafilatura reads as the main text: the deepest element that holds
   most of the blocks trafilatura kept;
3. else the densest region: descend from ``<body>`` while one child holds most of the
   text that is not link text.

Inside the region, boilerplate is dropped wherever it sits: navigation, sidebars,
headers and footers, forms, scripts, hidden elements, permalink anchors, and tables of
contents (lists that are all links).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ponder.ingest.readers._htmltree import Element, Text

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "footer", "form", "button", "select",
    "option", "input", "textarea", "label", "svg", "canvas", "iframe", "object", "embed",
    "head", "title", "meta", "link", "dialog", "menu", "datalist", "map", "audio", "video"
})  # fmt: skip
DROP_ROLES = frozenset({
    "navigation", "search", "banner", "contentinfo", "menu", "menubar", "toolbar", "dialog",
    "alertdialog", "tablist"
})  # fmt: skip
#: class substrings that always mark furniture (ids are often made from heading text, so
#: an id counts only when it is one of _FURNITURE_IDS)
_HARD_CLASSES = (
    "breadcrumb", "headerlink", "navbar", "cookie-banner", "cookie-consent", "cookie-notice",
    "cookiebar", "cookiebot", "advert", "skip-link", "skiplink", "sr-only", "visually-hidden",
    "screen-reader", "copybutton", "newsletter", "permalink", "anchorjs", "anchor-link",
)  # fmt: skip
_FURNITURE_IDS = frozenset({
    "nav", "navbar", "navigation", "menu", "sidebar", "footer", "breadcrumbs", "breadcrumb",
    "cookie-banner", "cookie-consent", "skip-link", "comments"
})  # fmt: skip
#: class/id words that mark furniture when the element is mostly links
_SOFT_PARTS = frozenset({
    "nav", "menu", "related", "footer", "share", "sharing", "social", "pagination", "pager",
    "ads", "banner", "masthead", "subscribe", "popup", "modal", "sidebar", "widget", "anchor"
})  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PART_SPLIT = re.compile(r"[\s_-]+")
_TOP_HEADINGS = frozenset({"h1", "h2", "h3"})
_LEAF_BLOCKS = frozenset({
    "p", "li", "pre", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "figcaption"
})  # fmt: skip
#: elements a region may be narrowed down to (a paragraph is never a region by itself)
_CONTAINERS = frozenset({
    "body", "div", "section", "article", "main", "center", "table", "tbody", "tr", "td"
})  # fmt: skip
LINK_DENSE = 0.4
LANDMARK_SHARE = 0.3
GUIDED_SHARE = 0.85
DENSE_SHARE = 0.6
TOC_LINKS = 0.9  # share of a list's text in links from which it is a table of contents
TOC_ITEMS = 3


def is_furniture(el: Element) -> bool:
    """Whether ``el`` and everything inside it is page furniture, whatever it holds."""
    if el.tag in DROP_TAGS or el.attr("role") in DROP_ROLES:
        return True
    if el.tag == "header":
        return not any(e.tag in _TOP_HEADINGS for e in el.iter())
    if "hidden" in el.attrs or el.attr("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(el.attr("style")):
        return True
    if el.attr("id").lower() in _FURNITURE_IDS:
        return True
    classes = el.attr("class").lower()
    return any(s in classes for s in _HARD_CLASSES)


def maybe_furniture(el: Element) -> bool:
    """Whether ``el`` is furniture if it turns out to be mostly links (asides, sidebars)."""
    if el.tag == "aside" or el.attr("role") == "complementary":
        return True
    return not _SOFT_PARTS.isdisjoint(_PART_SPLIT.split(_names(el)))


def _names(el: Element) -> str:
    return f"{el.attr('class')} {el.attr('id')}".lower()


@dataclass
class Stats:
    """Per element (by id): visible text length and link text length; dropped elements."""

    text: dict[int, int]
    links: dict[int, int]
    dropped: set[int]

    def drop(self, el: Element) -> None:
        self.dropped.add(id(el))
        self.text[id(el)] = self.links[id(el)] = 0


def measure(top: Element) -> Stats:
    stats = Stats({}, {}, set())
    for el in reversed(top.iter()):  # children before parents
        if is_furniture(el):
            stats.drop(el)
            continue
        own = sum(len(c.value.strip()) for c in el.children if isinstance(c, Text))
        kids = [c for c in el.children if isinstance(c, Element)]
        total = own + sum(stats.text[id(k)] for k in kids)
        links = total if el.tag == "a" else sum(stats.links[id(k)] for k in kids)
        stats.text[id(el)], stats.links[id(el)] = total, links
        if (maybe_furniture(el) and links >= LINK_DENSE * total) or is_contents(el, links, total):
            stats.drop(el)
    return stats


def is_contents(el: Element, links: int, total: int) -> bool:
    """A table of contents: a list of at least ``TOC_ITEMS`` items that is all links.

    Its entries repeat the headings of the page (or of other pages): as passages they
    would outrank the sections they name.
    """
    if el.tag not in ("ul", "ol") or total == 0 or links < TOC_LINKS * total:
        return False
    return sum(1 for e in el.iter() if e.tag == "li") >= TOC_ITEMS


def descend(start: Element, weight: Callable[[Element], float], share: float) -> Element:
    """Go down from ``start`` while a single child holds ``share`` of the weight."""
    node = start
    while True:
        kids = [c for c in node.children if isinstance(c, Element) and c.tag in _CONTAINERS]
        total = weight(node)
        best = max(kids, key=weight, default=None)
        if best is None or total <= 0 or weight(best) < share * total:
            return node
        node = best


def landmark(body: Element, stats: Stats) -> Element | None:
    total = stats.text[id(body)]
    for wanted in (_is_main, _is_article):
        found = [el for el in body.iter() if wanted(el) and id(el) not in stats.dropped]
        best = max(found, key=lambda el: stats.text[id(el)], default=None)
        if best is not None and stats.text[id(best)] >= max(1, LANDMARK_SHARE * total):
            return best
    return None


def _is_main(el: Element) -> bool:
    return el.tag == "main" or el.attr("role") == "main"


def _is_article(el: Element) -> bool:
    return el.tag == "article"


def guided(body: Element, stats: Stats, source: str) -> Element | None:
    """The deepest element holding most of the blocks trafilatura kept."""
    extracted = _trafilatura_text(source)
    if not extracted:
        return None
    hay = " ".join(extracted.split())
    kept: dict[int, int] = {}
    texts: dict[int, str] = {}  # each element's text, built from its children's (then freed)
    for el in reversed(body.iter()):  # children before parents
        texts[id(el)] = "".join(
            c.value if isinstance(c, Text) else texts.pop(id(c)) for c in el.children
        )
        kids = sum(kept.get(id(c), 0) for c in el.children if isinstance(c, Element))
        here = _kept_here(el, texts[id(el)], hay)
        kept[id(el)] = 0 if id(el) in stats.dropped else kids + here
    if kept[id(body)] == 0:
        return None
    return descend(body, lambda el: kept.get(id(el), 0), GUIDED_SHARE)


def _kept_here(el: Element, text: str, hay: str) -> int:
    """The length of ``el``'s own text (``text``) if it is a block trafilatura kept."""
    if el.tag not in _LEAF_BLOCKS:
        return 0
    text = " ".join(text.split())
    return len(text) if len(text) >= 20 and text[:60] in hay else 0


def _trafilatura_text(source: str) -> str | None:
    import trafilatura
    from lxml import etree

    try:
        text = trafilatura.extract(
            source, favor_recall=True, include_tables=True, include_comments=False,
            deduplicate=False,
        )  # fmt: skip
    except (ValueError, TypeError, LookupError, AttributeError, etree.LxmlError):
        return None
    return text if isinstance(text, str) else None


def densest(body: Element, stats: Stats) -> Element:
    return descend(body, lambda el: stats.text[id(el)] - stats.links[id(el)], DENSE_SHARE)


def main_region(root: Element, source: str) -> tuple[Element, Stats]:
    """The element holding the page's main content, and the page's measurements."""
    body = root.find("body") or root
    stats = measure(body)
    region = landmark(body, stats) or guided(body, stats, source) or densest(body, stats)
    if stats.text[id(region)] == 0:
        region = body
    return region, stats
