"""Lexical search, query translation, filters and fusion on a small hand-written library."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.errors import SearchError
from ponder.search import DEFAULT_FUSION, FusionWeights, search, translate_query
from ponder.search._fusion import Fused, apply_prior, brevity_prior, fuse
from ponder.search._query import match_expression, query_terms
from ponder.store import Library


def texts(lib: Library, query: str, **kw: object) -> list[str]:
    return [h.text for h in search(lib, query, mode="lexical", **kw)]  # type: ignore[arg-type]


def test_simplified_query_finds_traditional_text(small_lib: Library) -> None:
    hits = search(small_lib, "开源模型", mode="lexical")
    assert hits[0].text.startswith("開源模型")
    assert hits[0].ranks.get("lexical") == 1


def test_traditional_query_finds_simplified_text(small_lib: Library) -> None:
    assert texts(small_lib, "廣告")[0] == "从美学角度上说，我有点讨厌广告。"
    assert texts(small_lib, "未來的貨幣")[0].startswith("我认为算力将成为未来的货币")


def test_english_question_finds_chinese_passage_through_translation(small_lib: Library) -> None:
    hits = search(small_lib, "compute will be the currency of the future", mode="lexical")
    assert hits[0].text.startswith("我认为算力将成为未来的货币")
    assert "translated" in hits[0].ranks


@pytest.mark.parametrize(
    ("query", "start"),
    [
        ("iterative deployment", "我们采用这种部署方式"),
        ("Can climate change be solved with carbon capture?", "強大的人工智慧"),
        ("ten years of scientific research in one year", "或許可以在一年內"),
    ],
)
def test_english_phrases_translate(small_lib: Library, query: str, start: str) -> None:
    assert texts(small_lib, query, limit=3)[0].startswith(start)


def test_chinese_query_finds_english_passage(small_lib: Library) -> None:
    found = texts(small_lib, "路径", limit=2)
    assert found and found[0].startswith("Return whether or not this path")


def test_translation_prefers_common_exact_headwords() -> None:
    t = translate_query("currency future climate change iterative")
    chosen = dict(t.glossary)
    assert chosen["currency"][0] == "货币"
    assert chosen["future"][0] == "未来"
    assert chosen["climate change"] == ("气候变化",)
    assert chosen["iterative"] == ("迭代",)  # through the stem of "iteration"


def test_translation_keeps_unknown_words_and_drops_stopwords() -> None:
    t = translate_query("What does the DeepSeek model say about GPT-4?")
    flat = {tok for term in t.terms for tok in term}
    assert "deepseek" in flat and "gpt" in flat
    assert not flat & {"what", "does", "the", "about"}
    assert translate_query("   ").terms == []


def test_query_terms_drop_stopwords_and_quote() -> None:
    assert query_terms("What is the currency of the future?") == [("currency",), ("future",)]
    assert query_terms("奥特曼如何看待广告？") == [("奥特曼",), ("广告",)]
    assert match_expression([("say",), ('a"b',), ("气候", "变化")]) == (
        '"say" OR "a""b" OR "气候 变化"'
    )


def test_awkward_queries_do_not_break_fts(small_lib: Library) -> None:
    for q in ['"unbalanced', "AND OR NOT", "path*", "NEAR(path relative)", "-path", "^x:y"]:
        search(small_lib, q, mode="lexical")


def test_doc_filter(small_lib: Library) -> None:
    docs = {d.title: d.id for d in small_lib.documents()}
    hits = search(small_lib, "模型 广告 path", mode="lexical", doc_ids=[docs["pathlib"]])
    assert hits and {h.doc_id for h in hits} == {docs["pathlib"]}
    assert search(small_lib, "广告", mode="lexical", doc_ids=[]) == []


def test_speaker_filter_matches_across_scripts(small_lib: Library) -> None:
    hits = search(small_lib, "模型 货币 研究 能源", mode="lexical", speaker="奥特曼")
    assert {h.speaker for h in hits} == {"奥特曼", "奧特曼"}
    hits = search(small_lib, "能源", mode="lexical", speaker="苏茨克维")
    assert [h.speaker for h in hits] == ["蘇茨克維"]
    assert search(small_lib, "能源", mode="lexical", speaker="nobody") == []


def test_hits_carry_document_and_offsets(small_lib: Library) -> None:
    hit = search(small_lib, "sqlite3", mode="lexical")[0]
    assert hit.path == "/docs/pathlib.html" and hit.heading == "sqlite3"
    assert small_lib.document_text(hit.doc_id, hit.start, hit.end) == hit.text
    assert hit.to_json()["score"] == round(hit.score, 6)


def test_limit(small_lib: Library) -> None:
    assert len(search(small_lib, "path 模型 广告 货币 能源", mode="lexical", limit=2)) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "fuzzy"}, "unknown search mode"),
        ({"limit": 0}, "at least 1"),
    ],
)
def test_bad_arguments(small_lib: Library, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SearchError, match=message):
        search(small_lib, "path", **kwargs)  # type: ignore[arg-type]


def test_empty_query_is_an_error(small_lib: Library) -> None:
    with pytest.raises(SearchError, match="empty query"):
        search(small_lib, "  ")


def test_only_stopwords_finds_nothing(small_lib: Library) -> None:
    assert search(small_lib, "what is the", mode="lexical") == []


def test_fusion_sums_reciprocal_ranks() -> None:
    fused = fuse({"a": [1, 2, 3], "b": [3, 1], "c": []}, FusionWeights())  # k = 60
    assert [f.passage_id for f in fused] == [1, 3, 2]
    assert fused[0].ranks == {"a": 1, "b": 2}
    assert fused[0].score == pytest.approx(1 / 61 + 1 / 62)
    k = DEFAULT_FUSION.k  # the fitted default
    assert fuse({"a": [1], "b": [1]})[0].score == pytest.approx(2 / (k + 1))
    assert fuse({"a": [5, 5]})[0].ranks == {"a": 1}


def test_odd_queries_translate_without_error() -> None:
    for q in ["C++ ??", "—", "🙂 emoji", "x-y-z", "’s", "1234 5678", "ÀÉÎ café"]:
        translate_query(q)


def test_chinese_query_translates_to_english_glosses() -> None:
    t = translate_query("货币的未来")
    assert t.target == "en"
    assert ("currency",) in t.terms and ("future",) in t.terms


def test_lexicon_is_cached_on_disk_and_survives_a_bad_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ponder.text import cedict

    monkeypatch.setenv("PONDER_CACHE_DIR", str(tmp_path))
    cedict.lexicon.cache_clear()
    try:
        first = cedict.lexicon()
        (cached,) = tmp_path.glob("cedict-lexicon-*.pickle")
        cached.write_bytes(b"not a pickle")
        cedict.lexicon.cache_clear()
        again = cedict.lexicon()
        assert again.exact["currency"] == first.exact["currency"]
        assert cached.read_bytes() != b"not a pickle"  # rebuilt and stored again
    finally:
        cedict.lexicon.cache_clear()


def test_brevity_prior_scales_down_only_passages_too_short_to_stand_alone() -> None:
    assert brevity_prior("量子计算机将改变密码学。") == 1.0
    assert brevity_prior("Return whether or not this path is absolute.") == 1.0
    assert brevity_prior("当然不是。") < 0.65
    assert brevity_prior("12 AGI") < 0.45
    assert brevity_prior("") == 0.0
    texts = {1: "也不是。", 2: "我认为算力将成为未来的货币。"}
    ranked = apply_prior([Fused(1, 0.03), Fused(2, 0.025)], texts)
    assert [f.passage_id for f in ranked] == [2, 1]
