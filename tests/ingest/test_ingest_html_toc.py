"""A table of contents (a list that is all links) is not part of a page's text."""

from __future__ import annotations

from ponder.ingest.readers.html import extract

BODY = "<p>The tutorial introduces the reader informally to the basic concepts of Python.</p>"


def page(inner: str) -> str:
    return f"<html><body><main><h1>Tutorial</h1>{BODY}{inner}</main></body></html>"


def test_a_list_of_links_is_a_table_of_contents() -> None:
    toc = (
        "<div class='toctree-wrapper'><ul>"
        "<li><a href='appetite.html'>1. Whetting Your Appetite</a></li>"
        "<li><a href='interpreter.html'>2. Using the Interpreter</a><ul>"
        "<li><a href='interpreter.html#a'>2.1. Invoking the Interpreter</a></li></ul></li>"
        "</ul></div>"
    )
    text, _, _, _ = extract(page(toc))
    assert "Whetting" not in text and "Invoking" not in text
    assert "basic concepts of Python" in text


def test_a_list_with_words_of_its_own_is_kept() -> None:
    items = (
        "<ul><li><a href='https://peps.python.org/pep-0657/'>PEP 657</a> – fine-grained "
        "error locations in tracebacks, which point at the failing expression</li>"
        "<li>Faster CPython: 10-60% faster than 3.10 on the standard benchmark suite</li></ul>"
    )
    text, _, _, _ = extract(page(items))
    assert "PEP 657" in text and "10-60% faster" in text


def test_a_single_link_item_is_kept() -> None:
    text, _, _, _ = extract(page("<ul><li><a href='x.html'>See the glossary</a></li></ul>"))
    assert "See the glossary" in text
