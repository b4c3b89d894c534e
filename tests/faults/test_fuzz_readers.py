"""Every reader under hostile input (issue 9): random bytes, truncated real files, real text
in the wrong encoding, mixed scripts, damaged PDFs and Word files.

Each input is refused with a clear error from Ponder's hierarchy, or read into passages
whose offsets hold (see ``pipeline_checks``).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.test_ingest_documents import make_pdf
from ponder.errors import CorruptDocumentError
from ponder.ingest import open_source

from .pipeline_checks import ingest
from .strategies import (
    corpus_texts,
    mixed_text,
    real_slices,
    truncated_real_bytes,
    wrongly_encoded,
)
from .suite import FIGURES, examples
from ponder_cli import invoke

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
TEXT_SUFFIXES = (".txt", ".md", ".html")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-readers")


def read_input(workdir: Path, suffix: str, data: bytes) -> None:
    """Write one input and check what the real stages make of it."""
    FIGURES["fuzz examples"] += 1
    path = workdir / f"input{suffix}"
    path.write_bytes(data)
    ingest(path)


@pytest.fixture(scope="module")
def real_pdf(workdir: Path) -> bytes:
    """A PDF of real transcript lines (Chinese, mojibake and all), three pages."""
    lines = [line[:40] for line in corpus_texts()[3].splitlines() if line.strip()][:60]
    pages = [lines[i : i + 20] for i in range(0, 60, 20)]
    return make_pdf(workdir / "real.pdf", pages, title="奥特曼 Altman").read_bytes()


@pytest.fixture(scope="module")
def real_docx(workdir: Path) -> bytes:
    return _docx(workdir / "real.docx", corpus_texts()[4][:3000].splitlines()).read_bytes()


def _docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    document.add_heading(_xml_safe(paragraphs[0]) if paragraphs else "", level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(_xml_safe(text))
    document.save(str(path))
    return path


def _xml_safe(text: str) -> str:
    """What a Word document can hold: XML 1.0 characters."""
    return "".join(
        ch for ch in text
        if ch in "\t\n\r" or ("\x20" <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd")
        or ch > "\uffff"
    )  # fmt: skip


@settings(max_examples=examples(60))
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
@example(data=b"\xef\xbb\xbf", suffix=".txt")  # a byte-order mark and nothing else
@example(data=b"\xff\xfe\x00", suffix=".md")  # UTF-16 cut mid-character
@example(data=b"<html><body>&#0;&#xD800;&#x110000;</body></html>", suffix=".html")
@example(data=b"%PDF-1.4\n%%EOF", suffix=".pdf")
@example(data=b"PK\x05\x06" + b"\x00" * 18, suffix=".docx")  # an empty zip
def test_random_bytes(workdir: Path, data: bytes, suffix: str) -> None:
    read_input(workdir, suffix, data)


@settings(max_examples=examples(40))
@given(cut=truncated_real_bytes(), as_markdown=st.booleans())
def test_truncated_real_files(workdir: Path, cut: tuple[str, bytes], as_markdown: bool) -> None:
    suffix, data = cut
    read_input(workdir, ".md" if as_markdown and suffix == ".txt" else suffix, data)


@settings(max_examples=examples(40))
@given(data=wrongly_encoded(), suffix=st.sampled_from(TEXT_SUFFIXES))
def test_real_text_in_the_wrong_encoding(workdir: Path, data: bytes, suffix: str) -> None:
    read_input(workdir, suffix, data)


@settings(max_examples=examples(40))
@given(
    data=wrongly_encoded(),
    declared=st.sampled_from(
        ("utf-8", "gbk", "big5", "iso-8859-1", "utf-16", "utf-32-le", "base64", "rot13", "x")
    ),
)
def test_html_that_declares_another_charset(workdir: Path, data: bytes, declared: str) -> None:
    head = f'<html><head><meta charset="{declared}"><title>t</title></head><body><p>'
    read_input(workdir, ".html", head.encode("ascii") + data + b"</p></body></html>")


@settings(max_examples=examples(50))
@given(
    text=mixed_text(),
    suffix=st.sampled_from(TEXT_SUFFIXES),
    encoding=st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030")),
)
@example(text="pass\u200bword\u2028line\u2029para\r\rold mac\r\n", suffix=".txt",
         encoding="utf-8")
@example(text="# 标题\n\n```\n# not a heading\n", suffix=".md", encoding="utf-8")
def test_mixed_scripts(workdir: Path, text: str, suffix: str, encoding: str) -> None:
    if suffix == ".html":
        text = f"<html><head><title>{text[:40]}</title></head><body><h1>{text[:20]}</h1>" \
               f"<p>{text}</p><pre>{text[-30:]}</pre></body></html>"
    read_input(workdir, suffix, text.encode(encoding, "replace"))


@settings(max_examples=examples(30))
@given(
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=6),
)
def test_damaged_pdf(workdir: Path, real_pdf: bytes, cut: float, flips: list[tuple[float, int]]
                     ) -> None:
    data = bytearray(real_pdf)
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    if cut < 0.5:  # half the examples keep the whole file, damaged only by the flips
        data = data[: max(1, int(cut * 2 * len(data)))]
    read_input(workdir, ".pdf", bytes(data))


@settings(max_examples=examples(15))
@given(paragraphs=st.lists(st.one_of(mixed_text(200), real_slices(300)), min_size=1,
                           max_size=8))
def test_word_files_of_hostile_text(workdir: Path, paragraphs: list[str]) -> None:
    data = _docx(workdir / "made.docx", paragraphs).read_bytes()
    read_input(workdir, ".docx", data)


@settings(max_examples=examples(15))
@given(cut=st.integers(1, 10**9))
def test_truncated_word_file(workdir: Path, real_docx: bytes, cut: int) -> None:
    read_input(workdir, ".docx", real_docx[: cut % len(real_docx)])


def test_word_file_damaged_inside_the_zip(workdir: Path, real_docx: bytes) -> None:
    """Damage inside the compressed document part: the zip opens, inflating it fails."""
    path = workdir / "damaged.docx"
    path.write_bytes(_damage_member(real_docx, "word/document.xml"))
    with pytest.raises(CorruptDocumentError, match=r"damaged\.docx: "):
        list(open_source(path).chunks())


def _damage_member(data: bytes, name: str) -> bytes:
    """``data`` (a zip) with bytes in the middle of member ``name``'s compressed data
    overwritten; its header and the central directory stay intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    header = info.header_offset
    name_len = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_len + extra_len
    middle = start + info.compress_size // 3
    return data[:middle] + bytes([0xFF] * 24) + data[middle + 24 :]


def test_damaged_pdf_says_one_line_and_pypdf_stays_quiet(tmp_path: Path, real_pdf: bytes
                                                         ) -> None:
    """pypdf's own warnings go to the log, not the terminal (issue 9)."""
    path = tmp_path / "cut.pdf"
    path.write_bytes(real_pdf[: len(real_pdf) // 2])
    ran = invoke("--library", tmp_path / "lib", "add", "--no-embed", path)
    said = " ".join(ran.stderr.split())  # as one line, however the terminal wrapped it
    assert ran.returncode == 1
    assert said.count("cut.pdf") == 1 and "the PDF cannot be parsed" in said, said
    assert "pypdf" not in said and "Traceback" not in said, said


def test_declared_utf16_without_a_bom_is_no_candidate() -> None:
    """A declared encoding that cannot decode the bytes is no candidate: UTF-16 without a
    byte-order mark made the codec raise a bare UnicodeError (issue 9)."""
    from ponder.ingest.encoding import candidates

    assert "utf-16" not in candidates(b"<p>A</p>", True, declared="utf-16")
    assert "utf-32" not in candidates(b"<p>A</p>", True, declared="utf-32")


def test_thousands_of_unclosed_tags(workdir: Path) -> None:
    """A page of 3,000 unclosed ``<div><p><span>`` (9,000 open elements) is read whole,
    offsets exact, and its tree stops nesting at the parser's depth limit, as browsers do
    (issue 9: it took 43 s at 4,000 and grew with the square of the size)."""
    from ponder.ingest.readers._htmltree import MAX_DEPTH, Element, parse

    page = "<html><body>" + "<div><p><span>words here " * 3000
    root = parse(page)
    deepest, stack = 0, [(root, 0)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack += [(c, depth + 1) for c in el.children if isinstance(c, Element)]
    assert deepest <= MAX_DEPTH + 2
    FIGURES["fuzz examples"] += 1
    path = workdir / "unclosed.html"
    path.write_text(page, encoding="utf-8")
    read = ingest(path)
    assert read is not None and read.text.count("words here") == 3000
