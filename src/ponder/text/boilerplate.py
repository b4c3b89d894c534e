"""Boilerplate in plain text and Markdown: what a page wrapped around the article.

Removed, each as an :class:`~ponder.text.offsets.Edit` with empty text:

* anywhere: Markdown image lines ``![](...)``, lines of only ``|``, a stray
  trailing ``|``, HTML attribute debris (``target=_blank class=x>``) and stray
  inline tags (``</span>``, and ``/span>`` whose ``<`` was lost to mojibake);
* near the top or bottom: site menus (runs of short lines with bullets or menu
  words), link lists, labelled site lines (``文章來源:``, ``關鍵詞:``,
  ``廣告聲明:``, ``Copyright``), share/related/footer lines, view counters.

Conservative on purpose: a line that reads like a sentence is kept, and nothing
inside a fenced code block is touched.  Phrases are matched on the matching form
(simplified, case-folded), so traditional-script and full-width pages match too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ponder.text.normalize import matching_form
from ponder.text.offsets import Edit
from ponder.text.script import has_cjk

KIND = "boilerplate"

_ZONE = 12  # non-blank lines at the top and at the bottom where site furniture lives
_SHORT = 12  # characters: a menu entry is at most this long
_MIN_MENU = 3  # a menu is at least this many short lines in a row

_IMAGE_LINE = re.compile(r"\s*!\[[^\]]*\]\([^)]*\)\s*")
_PIPES_LINE = re.compile(r"[\s|]*\|[\s|]*")
_TAG_LINE = re.compile(r"\s*(?:</?[A-Za-z][^<>]*>\s*)+")
_TRAILING_PIPE = re.compile(r"\s*\|\s*$")
_ATTRS = (
    "target|class|href|src|style|id|rel|title|alt|width|height|border|align|"
    "onclick|onload|data-[\\w-]+|aria-[\\w-]+|name|type|value|lang|frameborder"
)
_ATTR_DEBRIS = re.compile(rf"(?:\b(?:{_ATTRS})=(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>]+)\s*)+/?>")
_TAGS = "span|a|div|p|br|font|strong|em|b|i|u|img|section|article|small|sup|sub"
_INLINE_TAG = re.compile(rf"</?(?:{_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
#: a closing tag whose '<' went with the mojibake before it ("記?。?/span>" in 001)
_TAG_FRAGMENT = re.compile(rf"(?<![\w<])/(?:{_TAGS})>", re.IGNORECASE)
_SENTENCE_PUNCT = re.compile(r"[。，,！!？?；;…]|[.:](?:\s|$)")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}")
_BULLET = re.compile(r"^\s*[•·▪►»\-*]\s*")

_LABELS = (
    "文章来源|来源|原文链接|本文链接|原文地址|广告声明|免责声明|版权声明|关键词|关键字|标签|"
    "责任编辑|责编|tags?|keywords?|source"
)
_LABEL_LINE = re.compile(rf"^\s*(?:{_LABELS})\s*[:：]")
_FOOTER_START = re.compile(
    r"^\s*(?:本文来自|本文转载自|转载请注明|本文首发于|未经授权|扫描二维码|扫一扫|分享到|分享至|"
    r"share (?:this|on)|follow us|subscribe to)"
)
_FOOTER_LINE = re.compile(
    r"^\s*(?:相关文章|相关阅读|推荐阅读|延伸阅读|热门文章|热门推荐|猜你喜欢|分享|返回顶部|上一篇|下一篇|"
    r"打印|收藏|举报|评论|点赞|登录|注册|首页|share|related (?:articles|posts|stories)|"
    r"read more|more stories|you may also like|back to top|print|advertisement|广告)"
    r"\s*[:：]?\s*$"
)
_COPYRIGHT = re.compile(r"copyright|©|版权所有|all rights reserved")
_COUNTER = re.compile(
    r"^\s*[(（]?\s*被?(?:阅读|浏览|点击|阅读量|浏览量)(?:数|次数)?\s*[:：]?\s*[\d,]*\s*次?\s*[)）]?\s*$"
    r"|^\s*[\d,]+\s+(?:views|reads)\s*$"
)
_MENU_WORDS = re.compile(
    r"设置|首页|登录|注册|菜单|搜索|主题|日夜间|夜间|深色|浅色|导航|"
    r"\b(?:home|menu|search|log ?in|sign (?:in|up)|subscribe|settings|theme|dark|light)\b"
)
_FOOTER_WORDS = re.compile(
    r"关于我们|联系我们|隐私|版权|帮助|网站地图|旗下|"
    r"\b(?:about|contact|privacy|terms|sitemap|help|careers)\b"
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # end of the content, before the line break
    stop: int  # end including the line break
    text: str


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(body), pos + len(raw), body))
        pos += len(raw)
    return out


def _in_code(lines: list[_Line]) -> list[bool]:
    """Which lines are inside (or are the fences of) a fenced code block."""
    mask = []
    inside = False
    for line in lines:
        fence = line.text.lstrip().startswith(("```", "~~~"))
        mask.append(inside or fence)
        if fence:
            inside = not inside
    return mask


def _zones(lines: list[_Line], code: list[bool]) -> tuple[set[int], set[int]]:
    """Indexes of the first and last ``_ZONE`` non-blank lines outside code."""
    real = [i for i, line in enumerate(lines) if line.text.strip() and not code[i]]
    return set(real[:_ZONE]), set(real[-_ZONE:])


def boilerplate_edits(text: str) -> list[Edit]:
    """Edits that remove boilerplate from plain text or Markdown."""
    lines = _lines(text)
    code = _in_code(lines)
    top, bottom = _zones(lines, code)
    drop = set(_menus(lines, code, top, _MENU_WORDS)) | set(
        _menus(lines, code, bottom, _FOOTER_WORDS)
    )
    edits: list[Edit] = []
    for i, line in enumerate(lines):
        if code[i] or not line.text.strip():
            continue
        if (
            i in drop
            or _junk_line(line.text)
            or ((i in top or i in bottom) and _site_line(line.text, i in bottom))
        ):
            edits.append(Edit(line.start, line.stop, "", KIND))
        else:
            edits.extend(_inline_edits(line))
    return edits


def _junk_line(text: str) -> bool:
    """A line that is never content: an image, a row of pipes, only tags."""
    return any(p.fullmatch(text) for p in (_IMAGE_LINE, _PIPES_LINE, _TAG_LINE))


def _site_line(text: str, at_bottom: bool) -> bool:
    """A site line: labelled (``关键词:``), a footer phrase, a counter, a link list."""
    form = matching_form(text)
    if _LABEL_LINE.search(form) or _FOOTER_LINE.search(form) or _COUNTER.search(form):
        return True
    if _FOOTER_START.search(form) and (at_bottom or len(form) <= 40):
        return True
    if _COPYRIGHT.search(form) and len(form) <= 160:
        return True
    return _link_list(form)


def _link_list(form: str) -> bool:
    """Many short space- or bar-separated items and no sentence punctuation."""
    if _SENTENCE_PUNCT.search(re.sub(r"^[^:：]{1,12}[:：]", "", form)) or _DATE.search(form):
        return False
    parts = [p for p in re.split(r"\s+[|•·/\-]\s+|\s*[|•·]\s*|\s+", form.strip()) if p]
    if len(parts) < 5:
        return False
    bars = len(re.findall(r"[|•·]", form))
    short = sum(len(p) for p in parts) / len(parts) <= 8
    return short and (has_cjk(form) or bars >= 3)


def _menus(
    lines: list[_Line], code: list[bool], zone: set[int], words: re.Pattern[str]
) -> list[int]:
    """Lines in ``zone`` that form a menu: ``_MIN_MENU`` or more short, bare lines
    in a row, with a bullet or a menu/footer word among them."""
    runs: list[list[int]] = []
    for i in sorted(zone):
        if code[i] or not _menu_entry(lines[i].text):
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [
        i
        for run in runs
        if len(run) >= _MIN_MENU and _menu_like([lines[k].text for k in run], words)
        for i in run
    ]


def _menu_entry(text: str) -> bool:
    body = _BULLET.sub("", text).strip()
    return (
        0 < len(body) <= _SHORT
        and not text.lstrip().startswith("#")
        and not _SENTENCE_PUNCT.search(body)
    )


def _menu_like(texts: list[str], words: re.Pattern[str]) -> bool:
    bullets = sum(bool(_BULLET.match(t)) for t in texts)
    return bullets >= 1 or any(words.search(matching_form(t)) for t in texts)


def _inline_edits(line: _Line) -> list[Edit]:
    """HTML debris inside a line of text, and a stray trailing ``|``."""
    edits = [
        Edit(line.start + m.start(), line.start + m.end(), "", KIND)
        for pattern in (_ATTR_DEBRIS, _INLINE_TAG, _TAG_FRAGMENT)
        for m in pattern.finditer(line.text)
    ]
    if line.text.count("|") == 1 and not line.text.lstrip().startswith("|"):
        m = _TRAILING_PIPE.search(line.text)
        if m:
            edits.append(Edit(line.start + m.start(), line.end, "", KIND))
    return _disjoint(edits)


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Sorted edits with any that overlap an earlier one dropped."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out
