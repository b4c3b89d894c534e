"""Headings come from the reader and are context: never a passage on their own."""

from __future__ import annotations

from ponder.segment import segment


def texts(text: str, headings: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    return [(text[s.start : s.end], s.heading) for s in segment(text, headings)]


def span(text: str, part: str, name: str | None = None) -> tuple[int, int, str]:
    start = text.index(part)
    return start, start + len(part), name or part.lstrip("# ")


def test_a_hash_line_is_not_a_heading_unless_the_reader_says_so() -> None:
    text = "Install it as root:\n\n# make install\n\nThen run the tests."
    assert all(h is None for _, h in texts(text, []))


def test_consecutive_headings_chain_into_one_context() -> None:
    text = "Title\n\nSection\n\nFirst sentence here. Second one."
    got = texts(text, [span(text, "Title"), span(text, "Section")])
    assert got == [("Section\n\nFirst sentence here. Second one.", "Title › Section")]


def test_a_repeated_heading_is_named_once() -> None:
    text = "# Same\n\n# Same\n\nBody text follows here."
    first = (0, 6, "Same")
    second = (8, 14, "Same")
    assert [h for _, h in texts(text, [first, second])] == ["Same"]


def test_chained_terms_under_one_section_name_it_once() -> None:
    text = "class A\n\nclass B\n\nFormats the help text."
    terms = [span(text, "class A", "fmt › class A"), span(text, "class B", "fmt › class B")]
    got = texts(text, terms)
    assert [h for _, h in got] == ["fmt › class A › class B"]


def test_a_heading_too_big_to_join_is_context_not_a_passage() -> None:
    heading = " ".join(["Heading"] * 50)  # 399 characters: too long to join a passage
    body = "这是一个很长的句子，" * 40 + "结束。"
    text = f"{heading}\n\n{body}"
    got = texts(text, [(0, len(heading), heading)])
    assert got and all(heading not in t for t, _ in got)
    assert all(h == heading for _, h in got)


def test_a_heading_with_nothing_under_it_is_dropped_unless_it_is_all_there_is() -> None:
    text = "Intro text stands here.\n\nEnd heading"
    assert texts(text, [span(text, "End heading")]) == [("Intro text stands here.", None)]
    only = "Only a heading"
    assert texts(only, [(0, len(only), only)]) == [(only, only)]


def test_nothing_joins_across_a_cut() -> None:
    text = "Features:\n\nDeprecations, removals and restrictions follow here."
    cut = text.index("Deprecations")
    spans = segment(text, cuts=[cut])
    assert [text[s.start : s.end] for s in spans] == [
        "Features:", "Deprecations, removals and restrictions follow here."
    ]  # fmt: skip
    assert [text[s.start : s.end] for s in segment(text)] == [text]  # joined without the cut
