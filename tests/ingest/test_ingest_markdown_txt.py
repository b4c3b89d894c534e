"""A .txt file written in Markdown is read as Markdown; a shell prompt is not a heading."""

from __future__ import annotations

from ponder.ingest import open_source
from ponder.ingest.readers.text import looks_like_markdown

from corpus import altman_file


def test_markdown_in_a_txt_file(write) -> None:  # type: ignore[no-untyped-def]
    path = write("notes.txt", "# Notes\n\nSome **bold** words and a [link](https://x.org).\n")
    source = open_source(path)
    chunk = next(source.chunks())
    assert source.format == "txt" and source.title == "Notes"
    assert [name for _, _, name in chunk.headings] == ["Notes"]


def test_shell_session_in_a_txt_file_has_no_headings(write) -> None:  # type: ignore[no-untyped-def]
    text = "Build it:\n\n# make install\n# ldconfig\n- then log out\n"
    source = open_source(write("build.txt", text))
    assert next(source.chunks()).headings == []
    assert source.title == "Build it:"


def test_altman_002_is_markdown() -> None:
    source = open_source(altman_file("002"))
    assert source.title == "奥特曼最新2.8万字专访回应一切：是马斯克选择分道扬镳 想掌控OpenAI"
    assert next(source.chunks()).headings


def test_what_looks_like_markdown() -> None:
    assert looks_like_markdown("# A\n\n```\ncode\n```\n")
    assert looks_like_markdown("## A\n\n![](img.png)\n")
    assert not looks_like_markdown("# make install\n")
    assert not looks_like_markdown("**bold** but no heading\n")
    assert not looks_like_markdown("Plain text.\n")


def headings_of(path) -> list[str]:  # type: ignore[no-untyped-def]
    return [name for chunk in open_source(path).chunks() for _, _, name in chunk.headings]


def test_numbered_section_lines_in_plain_text_are_headings() -> None:
    assert headings_of(altman_file("003")) == [
        "OpenAI掌門人專訪:GPT-4o讓我愛不釋手",  # the title line
        "01 領導OpenAI讓我再難保持“透明”",
        "02 發布多模態AI:技術的一大飛躍",
        "03 自然語言將成為人與AI主要交流方式",
    ]
    found = headings_of(altman_file("002"))
    assert "01 OpenAI董事会风波" in found and "13 外星人" in found


def test_undivided_interviews_have_no_headings() -> None:
    assert headings_of(altman_file("000")) == []  # its numbered points are long sentences
    assert headings_of(altman_file("001")) == []


def test_a_lone_number_line_is_not_a_section(write) -> None:  # type: ignore[no-untyped-def]
    text = "Shopping list, for the weekend.\n\n10 eggs\n\nand some milk, too.\n"
    assert next(open_source(write("list.txt", text)).chunks()).headings == []


def test_numbers_must_increase(write) -> None:  # type: ignore[no-untyped-def]
    text = "A note, written down.\n\n2 cats\n\nsat there.\n\n1 dog\n\nbarked.\n"
    assert next(open_source(write("pets.txt", text)).chunks()).headings == []
    text = "A note, written down.\n\n1 Cats\n\nThey sat there.\n\n2 Dogs\n\nThey barked.\n"
    names = [h[2] for h in next(open_source(write("pets2.txt", text)).chunks()).headings]
    assert names == ["1 Cats", "2 Dogs"]
