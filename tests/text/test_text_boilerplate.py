"""Boilerplate: site furniture goes, sentences and code stay."""

from __future__ import annotations

from ponder.text.boilerplate import boilerplate_edits
from ponder.text.offsets import apply_edits
from ponder.text.repair import Repaired, repair


def _clean(text: str) -> str:
    return apply_edits(text, boilerplate_edits(text))[0]


def _removed(r: Repaired) -> list[str]:
    return [x.before for x in r.repairs if x.kind == "boilerplate"]


def test_004_menu_and_footer_go(repaired: dict[str, Repaired]) -> None:
    text = repaired["004"].text
    assert text.startswith("\n阿爾特曼再談 DeepSeek")
    for gone in (
        "日夜間",
        "淺色",
        "主題色",
        "廣告聲明",
        "相關文章",
        "關鍵詞:",
        "軟媒旗下網站",
        "軟媒旗下軟件",
    ):
        assert gone not in text, gone
    for kept in (
        "量子位 2025/2/8 15:36:57 責編:清源",
        "原視頻地址:",
        "https://www.youtube.com/watch?v=McuO7Osgzqo",
        "阿爾特曼:我堅持我前面的看法,是(AI 推動了)科學的進步。",
    ):
        assert kept in text, kept


def test_003_site_lines_at_the_top_go(repaired: dict[str, Repaired]) -> None:
    text = repaired["003"].text
    assert "文章來源" not in text and "(被閱讀 次)" not in text
    assert text.startswith("OpenAI掌門人專訪:GPT-4o讓我愛不釋手\n")
    assert _removed(repaired["003"]) == [
        "文章來源: - 新聞取自各大新聞媒體,新聞內容並不代表本網立場!\n",
        "(被閱讀 次)\n",
    ]


def test_000_html_debris_goes_and_the_sentence_stays(repaired: dict[str, Repaired]) -> None:
    text = repaired["000"].text
    assert "target=_blank" not in text and "infotextkey" not in text
    assert "長達兩個小時" not in text  # simplified file: nothing converted
    assert "奥特曼从AI OpenAI宫斗、马斯克诉讼、Sora,一直聊到AGI与外星文明!" in text


def test_001_table_debris_goes(repaired: dict[str, Repaired]) -> None:
    text = repaired["001"].text
    assert "|" not in text
    assert text.rstrip().endswith("非常感謝你們的參與。")


def test_002_image_lines_go(repaired: dict[str, Repaired]) -> None:
    text = repaired["002"].text
    assert "![](" not in text
    assert len(_removed(repaired["002"])) == 2
    assert "**划重点：**" in text


def test_english_site_furniture() -> None:
    text = (
        "Home\nNews\nSport\nWeather\n\n"
        "The council voted on Tuesday to expand the library. It opens in May.\n\n"
        "Share this article\n"
        "Related articles\n"
        "Home | About | Contact | Privacy | Terms\n"
        "Copyright © 2024 Example News. All rights reserved.\n"
    )
    assert (
        _clean(text) == "\nThe council voted on Tuesday to expand the library. It opens in May.\n\n"
    )


def test_chinese_site_furniture() -> None:
    text = (
        "首页\n新闻\n科技\n登录\n\n"
        "公司周二发布了新模型，性能大幅提升。\n\n"
        "分享到：微信 微博 QQ\n"
        "相关阅读\n"
        "责任编辑：张三\n"
        "版权所有 © 2024 某某网\n"
    )
    assert _clean(text) == "\n公司周二发布了新模型，性能大幅提升。\n\n"


def test_real_sentences_and_short_lines_in_the_middle_stay() -> None:
    body = "\n".join(f"这是第{i}段正文，讲述了一件完整的事情，并且有标点。" for i in range(15))
    poem = "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡"
    text = f"{body}\n{poem}\n{body}\n"
    assert _clean(text) == text


def test_sentences_that_mention_copyright_or_sharing_stay() -> None:
    text = (
        "The court said the copyright claim was weak, and the case was dismissed after a long "
        "hearing that lasted most of the week, with several witnesses called by both sides.\n"
        "我们分享了很多经验,也讨论了版权问题。\n"
    )
    assert _clean(text) == text


def test_code_blocks_are_never_touched() -> None:
    text = (
        "Intro line.\n```html\n<a href=x target=_blank class=k>link</a>\n|\n![](img.png)\n```\n"
        "Done.\n"
    )
    assert _clean(text) == text


def test_inline_html_debris() -> None:
    assert _clean("他说 target=_blank class=infotextkey>OpenAI 很好。\n") == "他说 OpenAI 很好。\n"
    assert _clean("以最好的方式記住</span> 觀眾: 好。\n") == "以最好的方式記住 觀眾: 好。\n"


def test_markdown_tables_keep_their_pipes() -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert _clean(text) == text


def test_html_mode_skips_boilerplate_but_still_repairs() -> None:
    text = "Home\nNews\nSport\nWeather\n\nI love cafÃ©.\n機(jī)遇\n"
    assert repair(text, html=True).text == "Home\nNews\nSport\nWeather\n\nI love café.\n機遇\n"
    assert repair(text).text == "\nI love café.\n機遇\n"
