"""The ingest pipeline over real files: offsets, repairs, updates, removal.

The checks run on the fixture library (see ``fixture_library.py``), and on both shared
corpora whole with ``PONDER_TEST_FULL_CORPUS=1``.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.store import Library
from ponder.store.add import add_paths
from ponder.store.check import check_library

from corpus import altman_file
from fixture_library import cached_corpus, copy_library, fixture_library_dir
from markers import full_corpus


@pytest.fixture(
    scope="module",
    params=["fixture", pytest.param("full", marks=[pytest.mark.slow, full_corpus])],
)
def corpus_library(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Library]:
    built = fixture_library_dir(embedded=False) if request.param == "fixture" else cached_corpus()
    with copy_library(built, tmp_path_factory.mktemp("corpus-lib")) as lib:
        yield lib


def passages(lib: Library) -> list[tuple[int, int, int, int, int, str, str | None]]:
    return lib.db.execute(
        "SELECT doc_id, start, end, source_start, source_end, text, speaker FROM passages"
    ).fetchall()


def visible(raw: str) -> str:
    """Raw HTML as its text: tags removed, entities decoded, whitespace dropped."""
    return squash(html.unescape(re.sub(r"<[^>]*>", " ", raw)))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("¶", ""))


def test_every_passage_is_its_span_of_the_document(corpus_library: Library) -> None:
    texts = {d.id: corpus_library.document_text(d.id) for d in corpus_library.documents()}
    rows = passages(corpus_library)
    assert len(rows) > 250
    for doc_id, start, end, _, _, text, _ in rows:
        assert texts[doc_id][start:end] == text


def test_source_offsets_point_at_the_original(corpus_library: Library) -> None:
    """Where no repair touched a passage, the original file at its source span holds
    the same text (for HTML: the same visible text once tags and entities are read)."""
    docs = {d.id: d for d in corpus_library.documents()}
    sources = {i: Path(d.path).read_bytes().decode(d.encoding or "utf-8") for i, d in docs.items()}
    repaired = {
        (r[0], r[1], r[2])
        for r in corpus_library.db.execute(
            "SELECT p.doc_id, p.start, p.end FROM passages p JOIN repairs r "
            "ON r.doc_id = p.doc_id AND r.start < p.end AND r.end > p.start"
        )
    }
    checked = 0
    for doc_id, start, end, s_start, s_end, text, _ in passages(corpus_library):
        assert 0 <= s_start <= s_end <= len(sources[doc_id])
        if (doc_id, start, end) in repaired:
            continue
        original = sources[doc_id][s_start:s_end]
        if docs[doc_id].format == "html":
            assert visible(original) == squash(text), (docs[doc_id].path, text[:80])
        else:
            assert original == text
        checked += 1
    assert checked > 100


def test_mojibake_repaired_exactly(corpus_library: Library) -> None:
    doc = corpus_library.document(str(altman_file("004")))
    text = corpus_library.document_text(doc.id)
    assert "它幫助我們在某些領域節省時間" in text and "大量價值" in text
    assert "我們?cè)谀承╊I" not in text and "?jī)r" not in text
    assert "意味著什么?如果" in text  # a real question mark beside the damage stays
    assert any(r.kind == "mojibake-gbk" for r in corpus_library.repairs(doc.id))


def test_no_pinyin_annotation_left(corpus_library: Library) -> None:
    pinyin = re.compile(r"[\u4e00-\u9fff]\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
    for _, _, _, _, _, text, _ in passages(corpus_library):
        assert not pinyin.search(text), text[:80]


def test_real_question_marks_unchanged(corpus_library: Library) -> None:
    for prefix in ("000", "003"):
        doc = corpus_library.document(str(altman_file(prefix)))
        assert not [r for r in corpus_library.repairs(doc.id) if "?" in r.before]


def test_speakers_detected(corpus_library: Library) -> None:
    for prefix, names in (("003", {"巴特萊", "奧特曼"}), ("004", {"Deniz", "阿爾特曼"})):
        doc = corpus_library.document(str(altman_file(prefix)))
        found = {
            r[0]
            for r in corpus_library.db.execute(
                "SELECT DISTINCT speaker FROM passages WHERE doc_id = ?", (doc.id,)
            )
        }
        assert names <= found


def test_python_docs_keep_no_navigation(corpus_library: Library) -> None:
    junk = (
        "Navigation",
        "previous |",
        "Show Source",
        "Quick search",
        "© Copyright",
        "Theme Auto Light Dark",
        "Report a Bug",
    )
    for _, _, _, _, _, text, _ in passages(corpus_library):
        assert not any(j in text for j in junk), text[:120]


def test_titles_and_languages(corpus_library: Library) -> None:
    docs = {Path(d.path).name: d for d in corpus_library.documents()}
    assert docs["general.html"].title == "General Python FAQ"
    assert docs["general.html"].language == "en"
    assert docs[altman_file("004").name].language == "zh"
    assert docs[altman_file("004").name].script == "traditional"
    assert docs[altman_file("000").name].script == "simplified"


def test_check_passes(corpus_library: Library) -> None:
    assert check_library(corpus_library) == []


def test_readd_unchanged_then_change_then_remove(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(altman_file("003"), folder / "a.txt")
    (folder / "b.md").write_text("# Notes\n\nThe cat sat on the mat. It was warm.\n")
    with Library.open(tmp_path / "lib") as lib:
        first = add_paths(lib, [folder])
        assert len(first.added) == 2
        before = lib.counts()
        again = add_paths(lib, [folder])
        assert len(again.unchanged) == 2 and not again.added and not again.updated
        assert lib.counts() == before
        (folder / "b.md").write_text("# Notes\n\nThe dog slept by the door.\n")
        changed = add_paths(lib, [folder])
        assert len(changed.updated) == 1
        doc = lib.document("b.md")
        assert "dog" in lib.document_text(doc.id) and "cat" not in lib.document_text(doc.id)
        lib.remove_document(doc.id)
        left = lib.db.execute("SELECT COUNT(*) FROM passages WHERE doc_id = ?", (doc.id,))
        assert left.fetchone()[0] == 0
        assert check_library(lib) == []
