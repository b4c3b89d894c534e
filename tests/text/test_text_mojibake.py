"""GBK out-of-step runs and ftfy mojibake, on the real corpus and on small samples."""

from __future__ import annotations

import re

from ponder.text import mojibake
from ponder.text.offsets import apply_edits
from ponder.text.repair import Repaired, repair

SAMPLE = "說:“嘿,我們一起和一些厲害的人聚聚?!蔽曳浅:闷?,就去了。那是我和 Elon Musk"


def _gbk(r: Repaired) -> list[tuple[str, str]]:
    return [(x.before, x.after) for x in r.repairs if x.kind == "mojibake-gbk"]


def test_the_brief_sample_is_repaired_exactly() -> None:
    r = repair(SAMPLE)
    assert '聚聚。"我非常好奇,就去了' in r.text
    assert _gbk(r) == [("?!蔽曳浅:闷?", '。"我非常好奇')]


def test_the_sample_inside_the_real_file(repaired: dict[str, Repaired]) -> None:
    assert '聚聚。"我非常好奇,就去了。那是我和 Elon Musk' in repaired["001"].text


def test_known_runs_of_001_are_repaired(repaired: dict[str, Repaired]) -> None:
    text = repaired["001"].text
    for fixed in (
        "因為我覺得這很重要",  # ?yàn)槲矣X得
        "我們如何控制",  # ?nèi)绾慰刂扑??
        "狀態。現在我們處于今天",  # ?,F(xiàn)在
        "因為一部分藝術家",  # ?yàn)橐徊糠炙囆g(shù)家
        "我們談談其他話題",  # a pair GBK cannot decode was dropped: put back
        "驚嘆。看到那么多人寫信來說",  # ?吹侥…f: a folded "？" inside the run
        "能力。基礎模型",
        "人們仍然關心藝術品",
        "給我帶來了無盡的喜悅",
        "因為在他們的測試中",
    ):
        assert fixed in text, fixed


def test_known_runs_of_004_are_repaired(repaired: dict[str, Repaired]) -> None:
    text = repaired["004"].text
    for fixed in (
        "提供大量價值",
        "幫助我們在某些領域",
        "真正能夠學習的算法",
        "我們該如何溝通",
        "人們談論自我改進",
    ):
        assert fixed in text, fixed


def test_how_many_runs_are_repaired(repaired: dict[str, Repaired]) -> None:
    assert len(_gbk(repaired["001"])) >= 30
    assert len(_gbk(repaired["004"])) >= 10


def test_no_mojibake_marks_left_where_repaired(repaired: dict[str, Repaired]) -> None:
    for prefix in ("001", "004"):
        text = repaired[prefix].text
        assert not re.search(r"\?[,;]?[A-Z]\b", text)  # ?,F  ?;A
        assert "因?" not in text


def test_real_question_marks_never_change(
    corpus_text: dict[str, str], repaired: dict[str, Repaired]
) -> None:
    for prefix in ("000", "002", "003"):
        assert not _gbk(repaired[prefix])
        assert repaired[prefix].text.count("?") == corpus_text[prefix].count("?")


def test_questions_in_damaged_files_keep_their_question_mark(repaired: dict[str, Repaired]) -> None:
    assert "但它是什么?它是如何工作的?它的屬性是什么?" in repaired["001"].text
    assert "你認為什么是正確的策略?為什么 OpenAI 的策略是這樣的?" in repaired["001"].text
    assert "如何理解它?如何衡量它?這些都是未知的" in repaired["001"].text
    assert "Deniz:你們會如何通知公眾?" in repaired["004"].text


def test_every_gbk_repair_starts_at_a_question_mark(repaired: dict[str, Repaired]) -> None:
    for prefix in ("001", "004"):
        for before, after in _gbk(repaired[prefix]):
            assert before.startswith("?") and "?" not in after[:1]


def test_plain_question_marks_in_chinese_are_left_alone() -> None:
    for text in (
        "你好吗?我很好。",
        "GPT-5何时发布?在被问到GPT-5什么时候推出时,奥特曼称:我不知道。",
        "是一台更大的电脑吗?还是一个新的秘诀?这些所有要素都是关联在一起的。",
        "這對下一代科學家意味著什么?\n\n阿爾特曼:在當前",
    ):
        assert mojibake.gbk_edits(text) == []


def test_ftfy_fixes_utf8_read_as_latin1() -> None:
    r = repair("I love cafÃ© au lait.\nplain line\n")
    assert r.text == "I love café au lait.\nplain line\n"
    [x] = r.repairs
    assert (x.kind, x.before, x.after) == ("ftfy", "Ã©", "é")


def test_ftfy_keeps_curly_quotes_and_full_width_forms() -> None:
    text = "“quoted” and ＡＢＣ，全角。\nIt’s fine — really…\n"
    assert mojibake.ftfy_edits(text) == []
    r = repair("â€œquotedâ€\x9d ＡＢＣ")
    assert r.text == "“quoted” ＡＢＣ"


def test_ftfy_leaves_pinyin_and_accents_alone() -> None:
    assert mojibake.ftfy_edits("naïve café résumé, jī lǐng xiàn\n") == []


def _damage(text: str, i: int, n: int) -> str | None:
    """``text`` as the damaged pages have it: the lead byte of ``text[i]`` lost, the
    next ``n`` characters read one byte out of step, "?" for the two odd bytes."""
    chars = [chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text[i : i + n]]
    data = [c.encode("gbk", "replace") for c in chars]
    if any(len(b) != 2 for b in data) or text[i - 1].isascii():
        return None
    stream = b"".join(data)[1:]
    try:
        shifted = "".join(stream[k : k + 2].decode("gbk") for k in range(0, len(stream) - 1, 2))
    except UnicodeDecodeError:
        return None
    folded = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in shifted)
    return text[:i] + "?" + folded + "?" + text[i + n :]


def test_synthetic_runs_in_another_text(corpus_text: dict[str, str]) -> None:
    """Damage made by hand in a clean traditional text: most runs come back exactly,
    none is left as it was, and nothing else changes."""
    text = corpus_text["003"]
    exact = changed = tried = 0
    for k in range(120):
        i, n = 200 + k * 23, 3 + k % 5
        damaged = _damage(text, i, n)
        if damaged is None or "\n" in text[i - 1 : i + n + 1]:
            continue
        tried += 1
        edits = mojibake.gbk_edits(damaged)
        assert all(i <= e.start and e.end <= i + n + 2 for e in edits)
        fixed = apply_edits(damaged, edits)[0]
        exact += fixed == text
        changed += bool(edits)
        if tried == 30:
            break
    assert tried == 30
    assert changed >= 22 and exact >= 12


def test_replacement_marks_of_a_lossy_conversion_are_not_gbk_damage(
    corpus_text: dict[str, str],
) -> None:
    """Simplified Chinese saved as Big5 turns every character Big5 lacks into "?": dozens
    in a line, where a lost GBK byte leaves one. They are left alone (issue 9: judging
    each took 33 s for 3,000 characters and made 31 false repairs)."""
    text = corpus_text["002"][:3000].encode("big5", "replace").decode("big5")
    assert text.count("?") > 500
    assert mojibake.gbk_edits(text) == []
    assert mojibake.gbk_edits("我?們" * 2000) == []
