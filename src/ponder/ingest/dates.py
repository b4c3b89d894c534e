"""Dates a document states about itself: found in its text and in its file's metadata.

Pure functions; the store calls them at ingest and keeps what they return.

    text_dates(text, base=0) -> list[DocumentDate]        dates written in the text
    metadata_dates(fields) -> list[DocumentDate]          dates in metadata fields
    parse_metadata_date(raw) -> str | None                one metadata value as ISO text
    primary_date(dates) -> DocumentDate | None            the date of the document itself

Written forms read from text: ``2024年3月19日``, ``2024年3月``, ``2024年`` (also with
full-width digits, ``二〇二四年三月十九日``, ``3月19日号``), ``2024-03-19``,
``2024/3/19``, ``2024.3.19``, ``March 19, 2024``, ``19 March 2024``, ``March 2024``.
Values are ISO 8601 at the precision written (``2024``, ``2024-03``, ``2024-03-19``).

A *dateline* is a date in the first :data:`DATELINE_WINDOW` characters that dates
the text itself: one followed by a news-wire word (``3月19日消息``, ``5月16日电``), one
after a publishing cue on its line (``发布时间：``, ``Published``, ``Last updated
on``), or one on a short byline (``量子位 2025/2/8 15:36:57 責編:清源``). A dateline
may lack a year (Chinese news datelines usually do): its value is then ``--MM-DD``.
A month and day without a year anywhere else is not kept (it cannot be placed).

The *primary date* is what "when was this talk / article" should answer: a metadata
date (a publishing or creation field, else a ``<time>`` element, else a modification
field), else the first dateline, else
the first date with at least a month in the first :data:`DATELINE_WINDOW` characters.
A bare year is never primary: "I studied there in 2000" does not date an interview.
These rules are hand-written from the shared corpora and a few news pages, not fitted.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence

from ponder.records import DocumentDate

#: characters from the start of a document within which datelines are looked for
DATELINE_WINDOW = 1500
#: a line this short (stripped) holding a date near the top is a byline
BYLINE_CHARS = 40
#: at most this many dates are kept from one document's text (a log file has thousands)
MAX_TEXT_DATES = 1000
YEARS = range(1000, 2200)

METADATA = "metadata"
DATELINE = "dateline"
TEXT = "text"

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_YEAR = "[〇○零一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_NUM = rf"(?:\d{{1,2}}|{_CN_SMALL})"

_CJK_FULL = re.compile(
    rf"(?<![\d〇○零一二三四五六七八九])(?P<y>\d{{4}}|{_CN_YEAR})[ \t]?年"
    rf"(?:[ \t]?(?P<m>{_NUM})[ \t]?月(?:[ \t]?(?P<d>{_NUM})[ \t]?[日号號])?)?"
)
#: a round number of years followed by these is a span ("1000 年前": a thousand years ago)
_SPAN_AFTER = re.compile("前|后|後|来|來|间|間|多|左右")
_CJK_MONTH_DAY = re.compile(
    rf"(?<![\d一二三四五六七八九十年])(?P<m>{_NUM})[ \t]?月[ \t]?(?P<d>{_NUM})[ \t]?[日号號]"
)
_NUMERIC = re.compile(
    r"(?<![\d.\-/／－])(?P<y>\d{4})(?P<sep>[-/.／－])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?!\d|[-/.／－]\d)"
)
_MONTH_NAMES = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})\b"
_ENGLISH = (
    re.compile(rf"\b{_MONTH_NAMES}[ \t]+{_DAY},?[ \t]+{_YEAR}"),  # March 19, 2024
    re.compile(rf"\b{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH_NAMES},?[ \t]+{_YEAR}"),  # 19 March 2024
    re.compile(rf"\b{_MONTH_NAMES}[ \t]+(?:of[ \t]+)?{_YEAR}"),  # March 2024
)
_MONTHS = {name[:3].lower(): i for i, name in enumerate(calendar.month_name) if name}

_WIRE_AFTER = re.compile(
    r"[ \t]*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?[ \t]*)?(?:消息|电|電|讯|訊|报道|報道)"
)
_CUE_BEFORE = re.compile(
    r"(?:发布|發布|發佈|发表|發表|日期|时间|時間|更新|published|posted|updated|date|dated|"
    r"written)(?:[ \t]+on)?[ \t]*[:：]?[ \t]*$",
    re.IGNORECASE,
)
_METADATA_DIGITS = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(?:\d{6})?(?:\D|$)")
_METADATA_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]|Z|[+-]\d|$)")
_LATER_FIELDS = re.compile(r"modif|updat|revis|changed", re.IGNORECASE)


def _number(token: str) -> int:
    """A decimal number in ASCII, full-width or Chinese digits (一, 十九, 二〇二四)."""
    if token.isdigit():
        return int(token)  # int() reads any Unicode decimal digits
    if "十" not in token:
        return int("".join(str(_CN_DIGITS[c]) for c in token))
    tens, _, ones = token.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def iso_date(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text at the precision given, or None when the parts are not a real date."""
    if year is not None and year not in YEARS:
        return None
    if month is None:
        return None if year is None else f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return None if year is None else f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year if year is not None else 2000, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


def _part(m: re.Match[str], name: str) -> int | None:
    token = m.groupdict().get(name)
    return _number(token) if token else None


def _month(m: re.Match[str]) -> int | None:
    if m.groupdict().get("mon"):
        return _MONTHS[m["mon"][:3].lower()]
    return _part(m, "m")


def _matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of every date written in ``text``, in text order, no overlaps."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    patterns = (_CJK_FULL, _NUMERIC, *_ENGLISH, _CJK_MONTH_DAY)
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = iso_date(_part(m, "y"), _month(m), _part(m, "d"))
            if value is not None and not _is_span(text, m.end(), value):
                found.append((m.start(), m.end(), value))
                taken.append((m.start(), m.end()))
    return sorted(found)


def _is_span(text: str, end: int, value: str) -> bool:
    return value.isdigit() and int(value) % 100 == 0 and bool(_SPAN_AFTER.match(text, end))


def _line_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(the line before the date, the date, the line after it)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return text[line_start:start], text[start:end], text[end:line_end]


def is_dateline(text: str, start: int, end: int, value: str) -> bool:
    """Whether the date at ``text[start:end]`` dates the text (wire word, cue or byline)."""
    if value.count("-") == 0:  # a bare year
        return False
    before, date, after = _line_around(text, start, end)
    if _WIRE_AFTER.match(after) or _CUE_BEFORE.search(before):
        return True
    return len((before + date + after).strip()) <= BYLINE_CHARS


def text_dates(text: str, base: int = 0) -> list[DocumentDate]:
    """Dates written in ``text``, in order; ``base`` is where ``text`` starts in its document.

    Offsets are document offsets (``base`` added); source offsets are left for the
    caller, which knows the map back to the file.
    """
    out: list[DocumentDate] = []
    for start, end, value in _matches(text):
        near_top = base + start < DATELINE_WINDOW
        dateline = near_top and is_dateline(text, start, end, value)
        if value.startswith("--") and not dateline:
            continue  # a month and day with no year and no dateline to place it
        out.append(DocumentDate(
            value=value, source=DATELINE if dateline else TEXT, text=text[start:end],
            start=base + start, end=base + end,
        ))  # fmt: skip
        if len(out) >= MAX_TEXT_DATES:
            break
    return out


def parse_metadata_date(raw: str) -> str | None:
    """A metadata value as ISO text at its precision, or None.

    Reads ISO 8601 (``2024-03-19T10:00:00+08:00``), PDF dates (``D:20240319103000Z``),
    compact digits (``20240319``) and dates written out (``March 19, 2024``).
    """
    value = raw.strip()
    for pattern in (_METADATA_ISO, _METADATA_DIGITS):
        m = pattern.match(value)
        if m:
            parts = [int(g) if g else None for g in m.groups()]
            return iso_date(*parts)
    written = _matches(value)
    return written[0][2] if written and not written[0][2].startswith("--") else None


def metadata_dates(fields: Iterable[tuple[str, str]]) -> list[DocumentDate]:
    """Dates from (field name, raw value) pairs; unreadable values and repeats are skipped."""
    out: list[DocumentDate] = []
    seen: set[tuple[str, str]] = set()
    for name, raw in fields:
        value = parse_metadata_date(raw)
        if value is None or (name, value) in seen:
            continue
        seen.add((name, value))
        out.append(DocumentDate(value=value, source=METADATA, text=raw.strip(), field=name))
    return out


def _metadata_rank(d: DocumentDate) -> tuple[bool, bool]:
    """Publishing fields first, then a page's ``<time>``, modification fields last."""
    field = d.field or ""
    return bool(_LATER_FIELDS.search(field)), field == "time"


def primary_date(dates: Sequence[DocumentDate]) -> DocumentDate | None:
    """The date of the document itself (see the module docstring), or None."""
    metadata = [d for d in dates if d.source == METADATA]
    if metadata:
        return min(metadata, key=_metadata_rank)
    datelines = [d for d in dates if d.source == DATELINE]
    if datelines:
        return min(datelines, key=lambda d: d.start or 0)
    early = [
        d for d in dates
        if d.source == TEXT and (d.start or 0) < DATELINE_WINDOW and d.precision != "year"
    ]  # fmt: skip
    return min(early, key=lambda d: d.start or 0, default=None)
