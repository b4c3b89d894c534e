"""Composition: clean pieces, neighbours joined, dangling colons completed, framing."""

from __future__ import annotations

from ponder.answer.compose import clean, in_script, number_phrase, pieces, render, script_of
from ponder.answer.evidence import Candidate
from ponder.answer.features import PassageView
from ponder.answer.qtype import Wants
from ponder.answer.sentences import split_sentences
from ponder.answer.terms import Coverage
from ponder.records import Hit


def hit(text: str, pid: int = 1, speaker: str | None = None) -> Hit:
    return Hit(passage_id=pid, doc_id=1, path="a.txt", title="A", speaker=speaker, heading=None,
               start=100, end=100 + len(text), source_start=100, source_end=100 + len(text),
               text=text, score=1.0)


def cands(h: Hit, indices: list[int]) -> list[Candidate]:
    sentences = split_sentences(h.text)
    view = PassageView(h, 0, Coverage(), 0.0, 0.0, 0.0, None, None, 0.0, False)
    return [Candidate(h, 0, sentences[i], i, view, score=0.9) for i in indices]


def test_list_and_heading_numbering_is_removed() -> None:
    assert clean("6.回顾了OpenAI的发展历程。") == "回顾了OpenAI的发展历程。"
    assert clean("2、谈论AGI的到来") == "谈论AGI的到来"
    assert clean("## Notes on sorting") == "Notes on sorting"
    assert clean("**奥特曼：**我们会继续。") == "奥特曼：我们会继续。"
    assert clean("3.11 is faster.") == "3.11 is faster."  # a version, not a list number


def test_a_quotation_cut_by_the_sentence_split_is_shown_whole() -> None:
    assert clean("他说道,“我喜欢Ilya,并且非常尊敬他。") == "他说道,“我喜欢Ilya,并且非常尊敬他。”"
    assert clean("他是个好人。”然后他笑了。") == "他是个好人。然后他笑了。"
    assert clean("He said “yes” and “no”.") == "He said “yes” and “no”."
    assert clean("I don’t know.") == "I don’t know."


def test_a_dangling_colon_brings_in_what_it_introduces() -> None:
    h = hit("Use the following command: python -m venv tutorial-env. Then activate it.")
    (piece,) = pieces(cands(h, [0]))
    assert piece.raw.endswith("tutorial-env.")
    assert clean("他说了三件事：") == "他说了三件事。"


def test_neighbouring_sentences_of_one_passage_become_one_quote() -> None:
    h = hit("First sentence here. Second sentence there. Third one elsewhere.")
    spans = pieces(cands(h, [0, 1]))
    assert len(spans) == 1 and spans[0].raw == "First sentence here. Second sentence there."
    apart = pieces(cands(h, [0, 2]))
    assert len(apart) == 2


def test_answer_follows_the_question_script_outside_quotes() -> None:
    h = hit("奧特曼認為算力將成為未來的貨幣。")
    simplified = render(cands(h, [0]), "奥特曼认为算力会变成什么？", Wants.FACT, {})
    assert simplified.text.startswith("奥特曼认为算力将成为未来的货币")
    assert simplified.cited[0][1].raw == "奧特曼認為算力將成為未來的貨幣。"  # the quote is exact
    assert script_of("奧特曼") == "traditional" and in_script("奥特曼", "traditional") == "奧特曼"


def test_a_further_quote_by_someone_else_is_not_put_in_the_named_speakers_mouth() -> None:
    """Found trying chat as a new user: 'who said that?' quoted the interviewer's line
    under "奥特曼 (Sam) said"."""
    altman = hit("我认为GPT-5会比GPT-4聪明得多。", pid=1, speaker="奥特曼")
    host = hit("GPT-4可能被视为与GPT-5同样关键的历史性时刻。", pid=2, speaker="问")
    same = hit("我们今年会发布一个新模型。", pid=3, speaker="阿爾特曼")
    chosen = [*cands(altman, [0]), *cands(host, [0]), *cands(same, [0])]
    aliases = {"altman": ("奥特曼", "阿爾特曼")}
    en = render(chosen, "Who said GPT-5 will be smarter?", Wants.PERSON, aliases).text
    assert en.startswith("奥特曼 (Altman) said (in Chinese): 「我认为")
    assert "The interviewer said: 「GPT-4可能" in en
    assert "said: 「我们今年" not in en  # 阿爾特曼 is the same person
    zh = render(chosen, "谁说GPT-5会更聪明？", Wants.PERSON, aliases).text
    assert "提问者说：「GPT-4可能" in zh


def test_who_questions_name_the_speaker() -> None:
    h = hit("我们应该谨慎地监管最强大的模型。", speaker="奥特曼")
    zh = render(cands(h, [0]), "谁说应该谨慎监管最强大的模型？", Wants.PERSON, {})
    assert zh.text.startswith("奥特曼说：「")
    en = render(cands(h, [0]), "Who said the strongest models need regulation?", Wants.PERSON,
                {"altman": ("奥特曼",)})
    assert en.text.startswith("奥特曼 (Altman) said (in Chinese): 「")
    interviewer = render(cands(hit("你怎么看？这很重要。", speaker="问"), [0]), "谁问的？",
                         Wants.PERSON, {})
    assert not interviewer.text.startswith("问说")
    assert interviewer.text.startswith("提问者说：「")  # "who said that?" names the asker
    asked = render(cands(hit("What do you think? It matters.", speaker="Q"), [0]),
                   "Who asked that?", Wants.PERSON, {})
    assert asked.text.startswith("The interviewer said: “")


def test_number_questions_lead_with_the_number_and_unit() -> None:
    assert number_phrase("所以每年的市场需求就是30亿部智能手机的系统级芯片", "多少部？") == "30亿部"
    assert number_phrase("Python 3.11 is between 10-60% faster than 3.10.",
                         "How much faster is Python 3.11 than 3.10?") == "10-60%"
    h = hit("所以每年的市场需求就是30亿部智能手机的系统级芯片。")
    text = render(cands(h, [0]), "每年需要多少部芯片？", Wants.NUMBER, {}).text
    assert text.startswith("30亿部。")


def test_a_hard_wrapped_sentence_is_one_sentence() -> None:
    text = ('The bitwise inversion of "x" is defined as\n"-(x+1)".  It only applies to '
            "integral numbers or to custom objects\nthat override the special method.\n\n"
            "Code:\n   x = 1")
    sentences = [clean(s.text) for s in split_sentences(text)]
    assert sentences[0] == 'The bitwise inversion of "x" is defined as "-(x+1)".'
    assert sentences[1].endswith("custom objects that override the special method.")
    assert clean("奥特曼说他\n很高兴。") == "奥特曼说他很高兴。"
    assert clean("def __invert__(self)") == "def __invert__(self)"  # dunders are not emphasis


def test_footnote_markers_do_not_shift_the_number_found() -> None:
    assert number_phrase("截至[3]5月16日，共有300人", "多少人？") == "300人"
    assert number_phrase("The PEP[12] says 5月16日 and 30 users", "How many users?") == "30 users"
