"""``repair``: the recorded repairs and the offset map hold on every corpus file."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from ponder.text.offsets import ChainedMap, Edit, apply_edits
from ponder.text.repair import Repaired, passes, repair

PREFIXES = ("000", "001", "002", "003", "004")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_repairs_point_at_their_text(
    prefix: str, corpus_text: dict[str, str], repaired: dict[str, Repaired]
) -> None:
    source, r = corpus_text[prefix], repaired[prefix]
    for x in r.repairs:
        assert r.text[x.start : x.end] == x.after
        assert source[x.source_start : x.source_end] == x.before
        assert x.kind in {"mojibake-gbk", "ftfy", "pinyin", "boilerplate"}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_repairs_rebuild_the_text(
    prefix: str, corpus_text: dict[str, str], repaired: dict[str, Repaired]
) -> None:
    r = repaired[prefix]
    edits = [Edit(x.source_start, x.source_end, x.after, x.kind) for x in r.repairs]
    assert apply_edits(corpus_text[prefix], edits)[0] == r.text


@pytest.mark.parametrize("prefix", PREFIXES)
def test_spans_map_back_in_order(
    prefix: str, corpus_text: dict[str, str], repaired: dict[str, Repaired]
) -> None:
    r = repaired[prefix]
    cuts = sorted({0, len(r.text), *(m.end() for m in re.finditer(r"[。!?\n]", r.text))})
    for a, b in pairwise(cuts):
        start, end = r.map.to_source(a, "start"), r.map.to_source(b, "end")
        assert start <= end
    for a in range(len(r.text)):
        assert r.map.to_source(a, "start") <= r.map.to_source(a + 1, "end")
    assert r.map.to_source(len(r.text), "end") <= len(corpus_text[prefix])


@pytest.mark.parametrize("prefix", PREFIXES)
def test_map_equals_the_chain_of_pass_maps(
    prefix: str, corpus_text: dict[str, str], repaired: dict[str, Repaired]
) -> None:
    current, maps = corpus_text[prefix], []
    for run in passes():
        edits = run(current)
        if edits:
            current, m = apply_edits(current, edits)
            maps.append(m)
    chain = ChainedMap(list(reversed(maps)))
    r = repaired[prefix]
    assert r.text == current
    for pos in range(0, len(current) + 1, 7):
        for side in ("start", "end"):
            assert r.map.to_source(pos, side) == chain.to_source(pos, side)


def test_copied_text_maps_to_itself(
    corpus_text: dict[str, str], repaired: dict[str, Repaired]
) -> None:
    r, source = repaired["001"], corpus_text["001"]
    pos = r.text.index("我非常榮幸地邀請")
    src = r.map.to_source(pos, "start")
    assert source[src : src + 8] == "我非常榮幸地邀請"
    fixed = r.text.index('。"我非常好奇')
    assert (
        source[r.map.to_source(fixed, "start") : r.map.to_source(fixed + 7, "end")]
        == "?!蔽曳浅:闷?"
    )


def test_clean_text_is_unchanged() -> None:
    text = "A plain paragraph.\n\n一段普通的中文,没有任何问题。你好吗?\n"
    r = repair(text)
    assert (r.text, r.repairs) == (text, [])
    assert r.map.to_source(5) == 5


def test_empty_text() -> None:
    r = repair("")
    assert (r.text, r.repairs, r.map.to_source(0)) == ("", [], 0)


