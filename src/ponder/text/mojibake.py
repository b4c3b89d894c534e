"""Mojibake repair: GBK runs decoded one byte out of step, and classic UTF-8 mojibake.

GBK runs
--------
Some Chinese pages reach us as GBK bytes that lost one byte.  The character
before the loss decodes fine; from there every two-byte character is read one
byte out of step (its trail byte with the next character's lead byte) until an
ASCII byte puts the decoder back in step.  The result, after full-width
punctuation was folded to ASCII, looks like::

    聚聚?!蔽曳浅:闷?,就去了        ← 聚聚。"我非常好奇,就去了
    我們?nèi)绾慰刂扑??如何          ← 我們如何控制它?如何
    大量?jī)r(jià)值                    ← 大量價(jià)值

A run starts with ``?`` (the out-of-step pair that straddles the loss, with
the pinyin a site printed for it and the ``(`` it swallowed: ``?nèi)``), goes on
with out-of-step characters, and ends on an ASCII byte that was a trail byte
(``X``, ``F``, ``r``) or on a second ``?`` (a lone trail byte).  Repair: restore
the run's full-width punctuation, re-encode to GBK, put back the lost lead byte
(and trail byte), decode, and keep the result only if a word-frequency language
model (jieba's dictionary, scored in simplified script) likes it clearly better.
The lost lead byte only changes the first character and the trail byte only the
last, so each is chosen on its own (a beam search when unknown characters touch).
When the site printed pinyin for the straddling pair (``?nèi)``), only lead bytes
that make a character with that reading are tried.  Pairs GBK cannot decode
(user-defined areas) vanished from the damaged text altogether; where a restored
character reads badly, putting such a pair back is tried too (``談?wù)勂渌掝}``
→ ``談談其他話題``).  Real question marks survive: text after them already reads
well, so no candidate beats it.

ftfy
----
Classic mojibake (``cafÃ©``) is fixed by ftfy one line at a time, so each change
is an edit with offsets; lines ftfy leaves alone cost one regex test.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from ponder.text import pinyin
from ponder.text.language import char_cost, lexicon, text_cost
from ponder.text.offsets import Edit
from ponder.text.script import to_simplified

GBK_KIND = "mojibake-gbk"
FTFY_KIND = "ftfy"

Slot = tuple[int, ...]  # the byte values one lost byte may have


class _Partner:
    """A cell for the second byte of a dropped pair: its values depend on the first."""


PARTNER = _Partner()
Cell = int | Slot | _Partner

_MAX_RUN = 48  # out-of-step characters in one run
_CONTEXT = 6  # characters of context on each side when scoring
_MARGIN = 5.0  # a repaired window must be e**5 times likelier than the damaged one
_MAX_COST = 5.6  # and read at least this well (cost per character)
_DAMAGED_COST = 7.5  # text after a "?" that reads worse than this may be a run
_BAD_CHAR = 9.5  # a character this costly may hide a dropped pair
_DROP_MARGIN = 0.3  # putting back a dropped pair must read this much better
_BEAM = 16  # candidates kept per character when several in a row are unknown
_SHORTLIST = 24  # characters tried in context per unknown character, in a block
_SHORTLIST_ONE = 64  # ... and for one unknown byte alone
_RESTORE_OPTIONS = 2  # run endings searched for dropped pairs
_CROWD = 24  # more "?" than this within _CROWD_SPAN characters: replacement marks
_CROWD_SPAN = 200
_JUDGED = 256  # runs judged per text, plus one per _JUDGED_PER characters
_JUDGED_PER = 4096
_ANNOTATION_BEFORE = re.compile(r"\(([^()\s]{1,8})\)$")
_CLOSED_RUN = re.compile(r"[^\x00-\x7f\n]{1,8}\?(?=.)")
_FOLDED = "!,:;?"  # full-width punctuation the damaged text has folded to ASCII
_LEADS: Slot = tuple(range(0x81, 0xFF))
_TRAILS: Slot = tuple(b for b in range(0x40, 0xFF) if b != 0x7F)


# --- GBK byte helpers ---------------------------------------------------------


@lru_cache(maxsize=1)
def _partners() -> dict[int, Slot]:
    """For each first byte, the lead bytes that make a pair GBK cannot decode.

    Such pairs (user-defined and unassigned areas) vanished from the damaged text.
    """
    table: dict[int, Slot] = {}
    for x in range(0x81, 0xFF):
        ys = tuple(y for y in range(0x81, 0xFF) if _decode(bytes([x, y])) is None)
        if ys:
            table[x] = ys
    return table


def _unfold(ch: str) -> str:
    """ASCII punctuation back to its full-width form (what the folding undid)."""
    return chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch


def _fold(text: str) -> str:
    """Full-width forms and curly double quotes to ASCII, as the damaged text has them."""
    out = []
    for ch in text:
        if "\uff01" <= ch <= "\uff5e":
            ch = chr(ord(ch) - 0xFEE0)
        elif ch in "\u201c\u201d":
            ch = '"'
        out.append(ch)
    return "".join(out)


def _double(ch: str) -> bytes | None:
    """The two GBK bytes of ``ch`` (full-width punctuation restored), or None."""
    try:
        b = _unfold(ch).encode("gbk")
    except UnicodeEncodeError:
        return None
    return b if len(b) == 2 else None


def _decode(data: bytes) -> str | None:
    try:
        text = data.decode("gbk")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


def _trail_byte(ch: str) -> int | None:
    """The byte an end character stands for: an ASCII trail byte (or 0x80 for €)."""
    if ch == "€":
        return 0x80
    return ord(ch) if "@" <= ch <= "~" else None


# --- GBK runs: options ----------------------------------------------------------


@dataclass(frozen=True)
class _Option:
    """One reading of a run: ``text[start:end]`` stands for ``template``'s bytes."""

    start: int
    end: int
    template: tuple[Cell, ...]


def _options(text: str, start: int, body_start: int, leads: Slot) -> Iterator[_Option]:
    """Every way the run whose ``?`` is at ``start`` could end.

    The bytes are: the lost lead byte, the out-of-step characters re-encoded,
    then an ASCII trail byte, a lost trail byte (a ``?`` end), or nothing when an
    out-of-step pair ended on an ASCII byte.
    """
    body: list[Cell] = [leads]
    j = body_start
    while j < len(text) and j - body_start <= _MAX_RUN:
        ch = text[j]
        trail = _trail_byte(ch)
        if trail is not None:
            yield _Option(start, j + 1, (*body, trail))
        if ch == "?":
            m = pinyin.HINT.match(text, j + 1)
            end = m.end() if m and pinyin.is_pinyin(m.group(1)) else j + 1
            yield _Option(start, end, (*body, _TRAILS))
        pair = None if ch.isascii() and ch not in _FOLDED else _double(ch)
        if pair is None:
            return
        body += pair
        j += 1
        if pair[1] < 0x80:  # the pair ended on an ASCII byte: back in step
            yield _Option(start, j, tuple(body))
            return


def _units(template: tuple[Cell, ...]) -> list[tuple[Cell, ...]] | None:
    """Split a byte template into characters: ASCII bytes alone, others in pairs."""
    units: list[tuple[Cell, ...]] = []
    i = 0
    while i < len(template):
        cell = template[i]
        if isinstance(cell, int) and cell < 0x80:
            units.append((cell,))
            i += 1
        elif i + 1 < len(template):
            units.append(template[i : i + 2])
            i += 2
        else:
            return None
    return units


def _known(unit: tuple[Cell, ...]) -> bool:
    return all(isinstance(c, int) for c in unit)


def _decodings(unit: tuple[Cell, ...], last: int) -> Iterator[tuple[str, int]]:
    """Every (character, its last byte) ``unit`` can decode to; ``last`` is the
    byte before the unit (what a :data:`PARTNER` cell depends on)."""
    slots: list[Slot] = [
        (c,) if isinstance(c, int) else c if isinstance(c, tuple) else _partners().get(last, ())
        for c in unit
    ]
    for combo in product(*slots):
        ch = _decode(bytes(combo))
        if ch is not None:
            yield ch, combo[-1]


def _fill(template: tuple[Cell, ...], left: str, right: str) -> str | None:
    """The likeliest text for ``template``: unknown bytes chosen in context, left to
    right; unknown characters in a row are chosen together."""
    units = _units(template)
    if units is None:
        return None
    known = [_decode_known(u) for u in units]
    if None in known:
        return None  # a known pair that GBK cannot decode
    out = ""
    last = 0
    i = 0
    while i < len(units):
        unit = units[i]
        if isinstance(unit[-1], int) and _known(unit):
            out += known[i] or ""
            last = unit[-1]
            i += 1
            continue
        step = 1
        while i + step < len(units) and not _known(units[i + step]):
            step += 1
        ahead = _ahead(known, i + step, right)
        best = _choose(units[i : i + step], (left + out)[-_CONTEXT:], ahead, last)
        if best is None:
            return None
        out += best[0]
        last = best[1]
        i += step
    return out


def _decode_known(unit: tuple[Cell, ...]) -> str | None:
    """The character of a unit with no unknown byte; "" for a unit with one."""
    data = [c for c in unit if isinstance(c, int)]
    return _decode(bytes(data)) if len(data) == len(unit) else ""


def _ahead(known: list[str | None], start: int, right: str) -> str:
    """The known text from unit ``start`` up to the next unknown unit (or the end)."""
    text = ""
    for k in known[start:]:
        if not k:
            return text[:4]
        text += k
    return (text + right)[:4]


def _choose(
    units: list[tuple[Cell, ...]], before: str, ahead: str, last: int
) -> tuple[str, int] | None:
    """The best decoding of a block of unknown units, by beam search; returns the
    text and its last byte.  In a block of several, only the ``_SHORTLIST`` commonest
    characters of each are tried."""
    beam: list[tuple[float, str, int]] = [(0.0, "", last)]
    width = _SHORTLIST if len(units) > 1 or _unknowns(units[0]) > 1 else _SHORTLIST_ONE
    for k, unit in enumerate(units):
        tail = ahead if k == len(units) - 1 else ""
        grown = sorted(
            (text_cost(before + text + c + tail), text + c, b)
            for _, text, prev in beam
            for c, b in _likely(unit, prev)[:width]
        )
        beam = grown[:_BEAM]
    return (beam[0][1], beam[0][2]) if beam else None


def _unknowns(unit: tuple[Cell, ...]) -> int:
    return sum(not isinstance(c, int) for c in unit)


@lru_cache(maxsize=4096)
def _likely(unit: tuple[Cell, ...], last: int) -> list[tuple[str, int]]:
    """The decodings of ``unit``, commonest character (on its own) first."""
    return sorted(_decodings(unit, last), key=lambda d: char_cost(d[0]))


def _with_drop(template: tuple[Cell, ...], char_index: int) -> tuple[Cell, ...] | None:
    """``template`` with a dropped (undecodable) pair put back inside character
    ``char_index``: its first byte ends that character, its second starts the next."""
    units = _units(template)
    if units is None or len(units[char_index]) != 2:
        return None
    pos = sum(len(u) for u in units[:char_index]) + 1
    return (*template[:pos], tuple(_partners()), PARTNER, *template[pos:])


def _bad_chars(text: str, left: str, right: str) -> list[int]:
    """Indexes of the (at most two) characters of ``text`` that read worst in context."""
    window = to_simplified(left + text + right)
    if len(window) != len(left) + len(text) + len(right):
        return []
    costs = lexicon().char_costs(window)[len(left) : len(left) + len(text)]
    worst = sorted(range(len(text)), key=lambda i: -costs[i])[:2]
    return [i for i in worst if costs[i] >= _BAD_CHAR]


def _restore(text: str, opt: _Option, plain: str) -> str:
    """``plain`` (the option filled as it is), or better: with a dropped pair put back."""
    left, right = _context(text, opt.start, opt.end)
    best = (text_cost(left + plain + right) - _DROP_MARGIN, plain)
    for index in _bad_chars(plain, left, right):
        template = _with_drop(opt.template, index)
        filled = None if template is None else _fill(template, left, right)
        if filled is not None:
            best = min(best, (text_cost(left + filled + right), filled))
    return best[1]


# --- GBK runs: finding and judging ------------------------------------------------


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to ``_CONTEXT`` characters each side, within the line, annotations removed."""
    left = _strip_annotations(text[max(0, start - 4 * _CONTEXT) : start].rsplit("\n", 1)[-1])
    right = _strip_annotations(text[max(0, end - 1) : end + 4 * _CONTEXT].split("\n", 1)[0])
    right = right[1:] if end > 0 else right
    return left[-_CONTEXT:], right[:_CONTEXT]


def _strip_annotations(text: str) -> str:
    return pinyin.ANNOTATION.sub(lambda m: "" if pinyin.is_pinyin(m.group(1)) else m.group(), text)


def _hint(text: str, start: int) -> tuple[str | None, int]:
    """The pinyin printed after the ``?`` at ``start`` (``?nèi)``) and where the run goes on."""
    m = pinyin.HINT.match(text, start + 1)
    if m and pinyin.is_pinyin(m.group(1)):
        return m.group(1), m.end()
    return None, start + 1


def _lead_choices(prev: str, hint: str | None) -> Slot:
    """Lost lead bytes to try.  The ``?`` stands for the pair (prev's trail, lead);
    when a site printed its pinyin, only leads that make a character read so fit."""
    prev_bytes = _double(prev)
    if hint is None or prev_bytes is None:
        return _LEADS
    want = pinyin.strip_tones(hint)
    fits = tuple(
        lead
        for lead in _LEADS
        if want in pinyin.readings(_decode(bytes([prev_bytes[1], lead])) or "")
    )
    return fits or _LEADS


def _looks_damaged(text: str, start: int, body_start: int, hint: str | None) -> bool:
    """Cheap test before any decoding: could a run start at the ``?`` at ``start``?"""
    if start == 0 or body_start >= len(text):
        return False
    prev = _prev_char(text, start)
    if prev.isascii() or _double(prev) is None:
        return False
    nxt = text[body_start]
    if hint is not None or nxt == "?":
        return True
    if _double(nxt) is None and _trail_byte(nxt) is None:
        return False
    if _has_stray_letter(text, body_start, 6) or _closed_run(text, body_start):
        return True
    head = text[body_start : body_start + 12].split("\n", 1)[0]
    return text_cost(_strip_annotations(head)[:6]) >= _DAMAGED_COST


def _prev_char(text: str, start: int) -> str:
    """The character before ``start``, looking past a pinyin annotation (``態(tài)?``)."""
    m = _ANNOTATION_BEFORE.search(text, max(0, start - 12), start)
    if m and pinyin.is_pinyin(m.group(1)) and m.start() > 0:
        return text[m.start() - 1]
    return text[start - 1]


def _closed_run(text: str, pos: int) -> bool:
    """A few non-ASCII characters closed by ``?`` and followed by more text: ``?磥?的``."""
    m = _CLOSED_RUN.match(text, pos)
    return m is not None and not text[m.end() : m.end() + 1].isspace()


def _has_stray_letter(text: str, pos: int, length: int) -> bool:
    """A lone ASCII character glued into CJK text (``,F(``, ``矣X得``): a trail byte."""
    for i in range(pos, min(pos + length, len(text) - 1)):
        if _trail_byte(text[i]) is None:
            continue
        before, after = text[i - 1], text[i + 1]
        if (not before.isascii() or before in _FOLDED) and (not after.isascii() or after == "("):
            return True
    return False


def _repair_run(text: str, start: int) -> Edit | None:
    """The edit that repairs the run whose ``?`` is at ``start``, if any (the caller has
    seen that it :func:`_looks_damaged`)."""
    hint, body_start = _hint(text, start)
    leads = _lead_choices(_prev_char(text, start), hint)
    plain = []
    for opt in _options(text, start, body_start, leads):
        left, right = _context(text, opt.start, opt.end)
        filled = _fill(opt.template, left, right)
        if filled is not None:
            plain.append((_gain(text, opt, _fold(filled)), opt, filled))
    plain.sort(key=lambda p: -p[0])
    best: tuple[float, Edit] | None = None
    for _, opt, filled in plain[:_RESTORE_OPTIONS]:  # only the likeliest get the slow search
        restored = _fold(_restore(text, opt, filled))
        gain = _gain(text, opt, restored)
        if gain >= _MARGIN and (best is None or gain > best[0]):
            best = (gain, Edit(opt.start, opt.end, restored, GBK_KIND))
    return None if best is None else best[1]


def _gain(text: str, opt: _Option, restored: str) -> float:
    """How much likelier (in nats) the window reads after the repair; -inf if unreadable."""
    left, right = _context(text, opt.start, opt.end)
    new_window = left + restored + right
    new = text_cost(new_window)
    if new > _MAX_COST:
        return -math.inf
    old_window = left + _strip_annotations(text[opt.start : opt.end]) + right
    return text_cost(old_window) * len(old_window) - new * len(new_window)


def gbk_edits(text: str) -> list[Edit]:
    """Edits that repair every GBK out-of-step run in ``text``.

    Two bounds keep hostile text from taking hours (each judged run costs a search):
    a ``?`` crowded by others (a lossy conversion's replacement marks, not one lost byte)
    is not a run, and at most :func:`_judge_budget` runs are judged per text.
    """
    edits: list[Edit] = []
    marks = [m.start() for m in re.finditer(r"\?", text)]
    budget = _judge_budget(len(text))
    pos = text.find("?")
    while pos >= 0 and budget > 0:
        edit = None
        if not _crowded(marks, pos):
            hint, body_start = _hint(text, pos)
            if _looks_damaged(text, pos, body_start, hint):
                budget -= 1
                edit = _repair_run(text, pos)
        if edit is not None:
            edits.append(edit)
        pos = text.find("?", edit.end if edit is not None else pos + 1)
    return edits


def _judge_budget(length: int) -> int:
    """Runs judged at most in a text of ``length`` characters: far more than real damage
    has (the corpus: 42 in 37,000 characters), few enough to bound the time."""
    return _JUDGED + length // _JUDGED_PER


def _crowded(marks: list[int], pos: int) -> bool:
    """Whether the ``?`` at ``pos`` has at least ``_CROWD`` others within ``_CROWD_SPAN``
    characters: text whose unencodable characters were replaced by ``?`` (big5 or
    Shift-JIS of simplified Chinese: 40 and more), not a lost byte (the corpus: 11 at most).
    """
    half = _CROWD_SPAN // 2
    return bisect_right(marks, pos + half) - bisect_left(marks, pos - half) > _CROWD


# --- ftfy ---------------------------------------------------------------------

# A Latin-1 lead character followed by what UTF-8 continuation bytes look like in
# Latin-1/cp1252 ("Ã©", "â€™"), or U+FFFD: only such lines are handed to ftfy.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|\ufffd"
)


def ftfy_edits(text: str) -> list[Edit]:
    """Edits from ftfy (quotes and character width left alone), one line at a time."""
    import ftfy
    from ftfy.badness import is_bad

    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
    edits = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if _SUSPECT.search(body) and is_bad(body):
            fixed = ftfy.fix_text(body, config)
            if fixed != body:
                edits.append(_trimmed_edit(body, fixed, pos))
        pos += len(line)
    return edits


def _trimmed_edit(before: str, after: str, offset: int) -> Edit:
    """One edit covering only the part of a line that changed."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return Edit(
        offset + head, offset + len(before) - tail, after[head : len(after) - tail], FTFY_KIND
    )
