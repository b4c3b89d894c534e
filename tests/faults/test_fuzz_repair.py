"""The repair pipeline under hostile text (issue 9): mixed scripts, real text cut anywhere,
GBK frame shifts, UTF-8 read as cp1252, pinyin in odd places, random edits.

Whatever the input, every repair points at what it replaced and what replaced it, the
repairs rebuild the output from the input, and the offset map runs forward with copied
spans equal to their source (see ``pipeline_checks.check_repaired``). The matching form
is stable and blind to invisible characters.
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ponder.text import boilerplate, mojibake, pinyin
from ponder.text.normalize import index_tokens, matching_form
from ponder.text.offsets import ChainedMap, Edit, apply_edits
from ponder.text.repair import compose, repair

from .pipeline_checks import check_map, check_repaired
from .strategies import INVISIBLE, mixed_text, real_slices
from .suite import FIGURES, examples

PASSES = (mojibake.gbk_edits, pinyin.annotation_edits, mojibake.ftfy_edits,
          boilerplate.boilerplate_edits)


def check_repair(text: str) -> None:
    FIGURES["fuzz examples"] += 1
    for html in (False, True):
        check_repaired(text, repair(text, html=html))


def gbk_damaged(text: str, lost: int) -> str:
    """``text`` as a page that lost one GBK byte shows it: decoded out of step from there,
    undecodable pairs as ``?``, full-width punctuation folded to ASCII."""
    data = text.encode("gbk", "replace")
    if data:
        lost %= len(data)
        data = data[:lost] + data[lost + 1 :]
    shifted = data.decode("gbk", "replace").replace("\ufffd", "?")
    folded = (chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in shifted)
    return "".join(folded)


@settings(max_examples=examples(60))
@given(text=mixed_text(1200))
@example(text="大量?jī)r(jià)值 我們?nèi)绾慰刂扑??如何")  # the corpus's own damage
@example(text="café\u2028cafÃ©\x85naÃ¯ve\u2029Ã")  # mojibake beside odd line breaks
@example(text="領(lǐng)\r\n(jī)\n?(\n)?")
def test_mixed_scripts(text: str) -> None:
    check_repair(text)


@settings(max_examples=examples(40))
@given(text=real_slices(4000))
def test_real_text_cut_anywhere(text: str) -> None:
    check_repair(text)


@settings(max_examples=examples(30))
@given(text=real_slices(600), lost=st.integers(0, 10**6))
def test_gbk_frame_shift(text: str, lost: int) -> None:
    check_repair(gbk_damaged(text, lost))


@settings(max_examples=examples(30))
@given(text=real_slices(1500), codec=st.sampled_from(("cp1252", "latin-1")))
def test_utf8_read_as_a_western_codec(text: str, codec: str) -> None:
    """Each line of real text double-encoded, as a page saved through the wrong codec."""
    damaged = text.encode("utf-8").decode(codec, "replace")
    check_repair(damaged)


@settings(max_examples=examples(40))
@given(
    text=real_slices(800),
    inserts=st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(
            ("(jī)", "(lǐng)", "(AGI)", "(", ")", "?", "?nèi)", "\u200b", "\r", "\n\n",
             "Ã©", "â€™", "\ufffd", "<br>", "分享到", "©", "\u2028"),
        )),
        max_size=12,
    ),
)
def test_real_text_with_debris(text: str, inserts: list[tuple[int, str]]) -> None:
    """Annotations, damage markers, line breaks and footer words dropped in anywhere."""
    for where, piece in inserts:
        at = where % (len(text) + 1)
        text = text[:at] + piece + text[at:]
    check_repair(text)


@settings(max_examples=examples(40))
@given(text=st.one_of(mixed_text(600), real_slices(1500)))
@example(text="\x08à¢")  # ftfy deletes the first character: the composed map keeps that
def test_each_pass_gives_disjoint_edits_within_its_input(text: str) -> None:
    """A pass's edits never overlap or leave the text, and applying them keeps offsets."""
    FIGURES["fuzz examples"] += 1
    maps = []
    current = text
    for run in PASSES:
        edits = run(current)
        for e in edits:
            assert 0 <= e.start <= e.end <= len(current), (run.__name__, e)
        new, step = apply_edits(current, edits)  # raises on overlapping edits
        check_map(step, new, current)
        maps.append(step)
        current = new
    chain = ChainedMap(list(reversed(maps)))
    total = maps[0]
    for step in maps[1:]:
        total = compose(total, step)
    for pos in range(0, len(current) + 1, max(1, len(current) // 50)):
        for side in ("start", "end"):
            assert total.to_source(pos, side) == chain.to_source(pos, side)


@settings(max_examples=examples(40))
@given(
    text=st.one_of(mixed_text(400), real_slices(800)),
    cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.text(max_size=5)),
                  max_size=10),
)
def test_random_edits_keep_the_map(text: str, cuts: list[tuple[int, int, str]]) -> None:
    """Any disjoint edits: copied spans equal their source, and a copied character's source
    offset maps forward to where it (or text inserted right before it) now is."""
    FIGURES["fuzz examples"] += 1
    edits: list[Edit] = []
    taken = -1
    for where, length, replacement in sorted(cuts):
        start = where % (len(text) + 1)
        if start <= taken:
            continue
        end = min(len(text), start + length)
        edits.append(Edit(start, end, replacement, "test"))
        taken = max(end, start)
    new, omap = apply_edits(text, edits)
    check_map(omap, new, text)
    for seg in omap.segments:
        if seg.copied:
            for pos in range(seg.out_start, seg.out_end):
                src = omap.to_source(pos)
                assert omap.to_output(src) <= pos
                assert omap.to_source(omap.to_output(src)) == src


@settings(max_examples=examples(60))
@given(text=st.one_of(mixed_text(300), real_slices(300)))
def test_matching_form_is_stable(text: str) -> None:
    """The index and a query agree: the matching form of a matching form is itself."""
    FIGURES["fuzz examples"] += 1
    form = matching_form(text)
    assert matching_form(form) == form
    assert not any(ch in form for ch in INVISIBLE)
    for token in index_tokens(text):
        assert token and token == token.strip() and any(ch.isalnum() for ch in token), token


@settings(max_examples=examples(40))
@given(
    words=st.lists(st.one_of(real_slices(12), st.text(st.characters(
        categories=("L", "N")), min_size=1, max_size=12)), min_size=1, max_size=6),
    at=st.integers(0, 10**6),
    invisible=st.sampled_from(INVISIBLE),
)
@example(words=["password"], at=4, invisible="\u200b")
@example(words=["人工智能"], at=2, invisible="\u200b")
def test_an_invisible_character_inside_a_word_changes_no_token(
    words: list[str], at: int, invisible: str
) -> None:
    """A zero-width space (or joiner, word joiner, BOM, soft hyphen) inside a word is
    normalised away at index and query time alike (issue 9)."""
    FIGURES["fuzz examples"] += 1
    text = " ".join(words)
    at %= len(text) + 1
    hidden = text[:at] + invisible + text[at:]
    assert index_tokens(hidden) == index_tokens(text)
    assert matching_form(hidden) == matching_form(text)


def test_matching_form_keeps_visible_text() -> None:
    """Only invisible characters go: the form of visible text is NFKC and case-folded."""
    text = "Ｐａｓｓ\u200bＷＯＲＤ 人工\u200d智能 e\u0301"
    assert matching_form(text) == unicodedata.normalize("NFKC", "password 人工智能 é")
