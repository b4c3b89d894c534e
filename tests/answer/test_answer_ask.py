"""``ask`` end to end with no model, on the fixture library (altman 000, 003, 004 and
four Python-docs pages): abstention, citations, languages, filters, document dates.

Every question here is answered (or not) by what those files really say; the answers
are checked for behaviour (which passage, which words, which language, exact quotes),
never for scores, which change whenever the model is refitted. How well the engine
does on questions it was not tuned on is ``test_answer_heldout.py``'s and
``ponder eval``'s job.
"""

from __future__ import annotations

import re

import pytest

from answer.checks import (
    assert_each_piece_carries_its_citation,
    assert_quote_exact,
    assert_quotes_exact,
    assert_whole_sentences,
    doc_id,
    shown_forms,
)
from ponder.answer import ExtractiveBackend, ask, resolve_backend
from ponder.answer.compose import script_of
from ponder.answer.prompt import pack
from ponder.config import Settings
from ponder.llm import complete, load_backend
from ponder.search import search
from ponder.store import Library
from ponder.text.script import language_of

ZH_SILENT = "文档中没有提到。"
EN_SILENT = "The documents don't say."
ZH_LEAD_IN = "The documents (in Chinese) say:"
EN_LEAD_IN = "文档（英文）中写道："
MARKER = re.compile(r"\[\d+\]")
ALTMAN_000 = "000_57d5462bacd2de91.txt"  # simplified, Lex Fridman interview summary
ALTMAN_003 = "003_c42b1380473478f5.txt"  # traditional, Logan Bartlett interview, 5月16日
ALTMAN_004 = "004_37920ef5dc06a9d7.txt"  # traditional, TU Berlin round table, 2025/2/8


def case(*values: object, id: str, miss: str | None = None) -> object:
    """A test case; ``miss`` says why Ponder gets it wrong today (a strict xfail)."""
    marks = pytest.mark.xfail(reason=miss, strict=True) if miss else ()
    return pytest.param(*values, id=id, marks=marks)


def test_no_model_configured_means_extractive(settings: Settings) -> None:
    backend, notes = resolve_backend(settings, None)
    assert isinstance(backend, ExtractiveBackend) and backend.is_local and not notes



# -- abstention -------------------------------------------------------------------

SILENT = [  # (question, a word the reason note names, or None)
    # unrelated to every document
    case("What did Altman say about Bitcoin?", "bitcoin", id="bitcoin"),
    case("Who won the 2018 FIFA World Cup?", "fifa", id="world-cup"),
    case("How do I bake sourdough bread?", None, id="bread"),
    case("今天上海的天气怎么样？", None, id="weather-zh"),
    case("What is the capital of France?", None, id="capital-of-france"),
    # near misses: the documents discuss the subject, not the asked fact
    case("奥特曼怎么看比特币？", "比特币", id="bitcoin-zh", miss=(
        "answered: 比特币 is in no passage in either script or through CC-CEDICT, but an "
        "absent Chinese word (absent_key) is also common in answerable tuning questions "
        "(a segmentation artefact), so the fitted decision gives it little weight")),
    case("奥特曼的年薪是多少？", "年薪", id="altman-salary-zh", miss=(
        "near miss answered: the decision refitted on 235 tuning questions over three "
        "corpora (held to sensible signs) gives a wanted-number-missing best sentence "
        "(type_miss) almost no weight, and 奥特曼 passages score 0.66 where 0.61 is needed")),
    case("GPT-4o的训练花了多少钱？", None, id="gpt4o-cost-zh", miss=(
        "near miss answered: 003's dateline passage about GPT-4o's release covers the topic "
        "words and the fitted decision finds it answerable (no word of the question is absent)")),
    case("Who is the current chair of the PSF board?", "chair", id="psf-chair", miss=(
        "near miss answered: faq/general's PSF passage covers 'PSF' and 'board'-like words; "
        "who-questions are answered when a passage about the subject names no one")),
    case("How many employees does OpenAI have?", None, id="openai-employees", miss=(
        "near miss answered: 004's 前 OpenAI 員工 Dario Amodei (a former employee) scores "
        "as if it stated a number of employees")),
]


@pytest.mark.parametrize(("question", "named"), SILENT)
def test_abstains_when_the_documents_are_silent(
    corpus_library: Library, settings: Settings, question: str, named: str | None
) -> None:
    answer = ask(corpus_library, question, settings=settings)
    language = language_of(question)
    assert answer.abstained, (answer.answer, answer.notes)
    assert answer.language == language
    assert answer.answer == (ZH_SILENT if language == "zh" else EN_SILENT)
    assert not answer.citations and answer.closest
    reasons = [n for n in answer.notes if n.startswith("abstained: ")]
    assert len(reasons) == 1 and len(reasons[0].split()) >= 4, answer.notes
    if named:
        assert named in reasons[0].lower(), reasons
    assert_quotes_exact(corpus_library, answer)


# -- citations ----------------------------------------------------------------------

ANSWERABLE = [  # (question, the file that says it, words the answer holds: one of each group)
    case("奥特曼认为马斯克为什么离开OpenAI？", ALTMAN_000, [["觉得OpenAI会失败"]], id="musk-zh"),
    case("阿尔特曼认为自己会比GPT-5更聪明吗？", ALTMAN_004, [["不认为自己会比 GPT-5 更聪明"]],
         id="gpt5-smarter-zh-over-traditional"),
    case("OpenAI给Bifold提供了多少API额度？", ALTMAN_004, [["5 万美元", "5 萬美元"]],
         id="bifold-credit-zh-number"),
    case("奥特曼认为GPT-4o有什么不同？", ALTMAN_003, [["截然不同"]],
         id="gpt4o-zh-over-traditional"),
    case("阿尔特曼怎么看开源模型？", ALTMAN_004, [["开源模型"]], id="open-source-zh"),
    case("What did Altman say about whether Ilya saw AGI?", ALTMAN_000, [["没有见过AGI"]],
         id="ilya-en-over-zh"),
    case("What is the origin of Python's exception syntax?", "faq/general.html",
         [["Modula-3"]], id="exceptions-origin"),
    case("When was the first article about Python written?", "faq/general.html", [["1991"]],
         id="first-article-date-in-text"),
    case("How do you create a virtual environment?", "tutorial/venv.html", [["venv"]],
         id="create-venv"),
    case("What is the default name for a virtual environment directory?",
         "tutorial/venv.html", [[".venv"]], id="venv-name"),
    case("What is the Cheese Shop?", "tutorial/whatnow.html", [["Monty Python"]],
         id="cheese-shop"),
]


@pytest.mark.parametrize(("question", "path", "gold"), ANSWERABLE)
def test_every_piece_is_cited_with_its_own_sentence(
    corpus_library: Library, settings: Settings, question: str, path: str,
    gold: list[list[str]],
) -> None:
    answer = ask(corpus_library, question, settings=settings)
    assert not answer.abstained, answer.notes
    for group in gold:
        assert any(word in answer.answer for word in group), (group, answer.answer)
    assert answer.citations
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert doc_id(corpus_library, path) in {c.doc_id for c in answer.citations}
    for c in answer.citations:
        assert_quote_exact(corpus_library, c)
        assert_whole_sentences(corpus_library, c)
    assert_each_piece_carries_its_citation(answer)
    assert not MARKER.sub("", answer.answer).strip().endswith(("[", "]"))


# -- languages ----------------------------------------------------------------------


def test_answers_in_the_question_language(corpus_library: Library, settings: Settings) -> None:
    zh = ask(corpus_library, "奥特曼认为马斯克为什么离开OpenAI？", settings=settings)
    assert zh.language == "zh" and not zh.abstained
    assert language_of(zh.answer) == "zh" and not zh.answer.startswith(ZH_LEAD_IN)

    # a simplified question over a traditional document: the answer follows the question
    simplified = ask(corpus_library, "阿尔特曼认为自己会比GPT-5更聪明吗？", settings=settings)
    assert not simplified.abstained
    assert script_of(simplified.citations[0].quote) == "traditional"
    assert script_of(MARKER.sub("", simplified.answer)) == "simplified", simplified.answer

    # an English question over Chinese text: said so, then quoted as written
    en = ask(corpus_library, "What did Altman say about Ilya and AGI?", settings=settings)
    assert en.language == "en" and not en.abstained
    assert en.answer.startswith(ZH_LEAD_IN)
    assert all(any(f"「{form}」" in en.answer for form in shown_forms(c.quote))
               for c in en.citations)

    # a Chinese question over English text
    zh_en = ask(corpus_library, "虚拟环境是什么？", settings=settings)
    assert zh_en.language == "zh" and not zh_en.abstained
    assert zh_en.answer.startswith(EN_LEAD_IN)

    # English over English: no lead-in, no Chinese
    plain = ask(corpus_library, "What is the origin of Python's exception syntax?",
                settings=settings)
    assert plain.language == "en" and language_of(plain.answer) == "en"
    assert not plain.answer.startswith((ZH_LEAD_IN, EN_LEAD_IN))

    silent = ask(corpus_library, "奥特曼对Dogecoin有什么看法？", settings=settings)
    assert silent.abstained and silent.answer == ZH_SILENT
    silent_en = ask(corpus_library, "What did Altman say about Bitcoin?", settings=settings)
    assert silent_en.abstained and silent_en.answer == EN_SILENT


@pytest.mark.parametrize(("question", "language", "lead_in"), [
    case("奥特曼认为马斯克为什么离开OpenAI？", "en", ZH_LEAD_IN, id="zh-question-en-answer"),
    case("How do you create a virtual environment?", "zh", EN_LEAD_IN,
         id="en-question-zh-answer"),
])
def test_the_answer_language_can_be_chosen(
    corpus_library: Library, settings: Settings, question: str, language: str, lead_in: str
) -> None:
    answer = ask(corpus_library, question, settings=settings, language=language)
    assert answer.language == language and not answer.abstained
    assert answer.answer.startswith(lead_in), answer.answer


# -- the backend and the filters ----------------------------------------------------------


def test_extractive_is_an_ordinary_backend(corpus_library: Library) -> None:
    backend = load_backend(Settings({"model_backend": "extractive"}, {}, {}))
    assert isinstance(backend, ExtractiveBackend)
    question = "How do you create a virtual environment?"
    hits = search(corpus_library, question, limit=4)
    packed = pack(question, hits, backend, language="en", max_tokens=256)
    text = complete(backend, packed.messages)
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
    assert cited and all(1 <= n <= len(packed.hits) for n in cited), text
    first = text[: text.index(f"[{cited[0]}]")].strip()
    assert first.rstrip(".") in packed.hits[cited[0] - 1].text, (first, text)

    hits = search(corpus_library, "How do I bake sourdough bread?", limit=4)
    packed = pack("How do I bake sourdough bread?", hits, backend, language="en",
                  max_tokens=256)
    assert complete(backend, packed.messages) == EN_SILENT


@pytest.mark.xfail(strict=True, reason=(
    "answered from the venv page: the decision refitted on 235 tuning questions over three "
    "corpora gives 'no question word in the document' (doc_words) little weight (0.11 a "
    "standard deviation) beside e5's cosine, which stays high across unrelated text "
    "(0.62 where 0.61 is needed)"))
def test_a_document_filter_that_leaves_nothing_relevant_abstains(
    corpus_library: Library, settings: Settings
) -> None:
    venv = doc_id(corpus_library, "tutorial/venv.html")
    answer = ask(corpus_library, "奥特曼认为马斯克为什么离开OpenAI？", settings=settings,
                 doc_ids=[venv])
    assert answer.abstained and answer.answer == ZH_SILENT
    assert answer.closest and all(c.doc_id == venv for c in answer.closest)


def test_doc_ids_and_language_narrow_the_answer(
    corpus_library: Library, settings: Settings
) -> None:
    for path in (ALTMAN_000, ALTMAN_004):
        only = doc_id(corpus_library, path)
        gpt5 = ask(corpus_library, "What does Altman say about GPT-5?", settings=settings,
                   doc_ids=[only])
        assert not gpt5.abstained and "GPT-5" in gpt5.answer
        assert gpt5.citations and all(c.doc_id == only for c in gpt5.citations)
        assert_quotes_exact(corpus_library, gpt5)

    english = ask(corpus_library, "奥特曼对Dogecoin有什么看法？", settings=settings,
                  language="en")
    assert english.abstained and english.answer == EN_SILENT


# -- when-questions about a document ---------------------------------------------------------

DATED = [  # (question, the document, its date as the answer says it)
    case("阿尔特曼在柏林工业大学的圆桌对话是哪天发布的？", ALTMAN_004, "2025年2月8日",
         id="004-zh"),
    case("When was the round table with Fatma Deniz and Volker Markl reported?", ALTMAN_004,
         "February 8, 2025", id="004-en"),
    case("When was the article about Altman's TU Berlin round table published?", ALTMAN_004,
         "February 8, 2025", id="004-en-berlin"),
    # 003's dateline has no year ("騰訊科技訊 5月16日消息"): none is made up
    case("奥特曼接受罗根·巴特莱专访的报道是哪天发布的？", ALTMAN_003, "5月16日", id="003-zh"),
    case("When was the interview with Logan Bartlett published?", ALTMAN_003, "May 16",
         id="003-en"),
]


@pytest.mark.parametrize(("question", "path", "spoken"), DATED)
def test_when_questions_about_a_document_answer_with_its_date(
    corpus_library: Library, settings: Settings, question: str, path: str, spoken: str
) -> None:
    doc = doc_id(corpus_library, path)
    dated = corpus_library.primary_date(doc)
    assert dated is not None and dated.start is not None
    answer = ask(corpus_library, question, settings=settings)
    assert not answer.abstained, answer.notes
    lead = re.split(r"[「“]", answer.answer, maxsplit=1)[0]
    assert spoken in lead, answer.answer
    if "年" not in spoken and not re.search(r"\d{4}", spoken):
        assert not re.search(r"\d{4}|年", lead), answer.answer  # no year made up
    (c,) = answer.citations
    assert c.doc_id == doc and dated.text in c.quote
    assert c.quote_start is not None and c.quote_end is not None
    assert c.quote_start <= dated.start < c.quote_end
    assert_quote_exact(corpus_library, c)
    assert_each_piece_carries_its_citation(answer)
    assert any(dated.text in n for n in answer.notes), answer.notes


@pytest.mark.parametrize("question", [
    case("When was Deep Research launched, according to the article?", id="en"),
    case("文章说OpenAI什么时候推出了Deep Research？", id="zh"),
])
def test_a_when_question_about_an_event_is_not_answered_with_the_dateline(
    corpus_library: Library, settings: Settings, question: str
) -> None:
    answer = ask(corpus_library, question, settings=settings)
    assert "February 8" not in answer.answer and "2月8日" not in answer.answer, answer.answer


def test_passages_without_vectors_neither_help_nor_sink(private_library: Library,
                                                         settings: Settings) -> None:
    """Before ``ponder embed`` has run, a missing cosine counts as the fitted mean: a near
    miss still abstains and an answerable question is still answered."""
    with private_library.transaction() as db:
        db.execute("DELETE FROM vectors")
    assert ask(private_library, "奥特曼的年薪是多少？", settings=settings).abstained
    answer = ask(private_library, "奥特曼认为马斯克为什么离开OpenAI？", settings=settings)
    assert not answer.abstained and answer.confidence < 0.99
