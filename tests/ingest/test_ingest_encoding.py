"""Encoding detection: BOMs, UTF-8, GB18030/GBK vs Big5 on real Chinese text, cp1252."""

from __future__ import annotations

import codecs
import re

import pytest

from ponder.errors import BinaryFileError, DecodeError
from ponder.ingest import open_source
from ponder.ingest.encoding import looks_damaged_utf8, normalize_name

from corpus import altman_file

SIMPLIFIED = altman_file("000").read_text(encoding="utf-8")
TRADITIONAL = altman_file("003").read_text(encoding="utf-8")
TRADITIONAL_2 = altman_file("004").read_text(encoding="utf-8")


def encodable(text: str, codec: str) -> str:
    """``text`` without the characters ``codec`` cannot encode."""
    return "".join(ch for ch in text if ch.encode(codec, "ignore"))


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED[:400], "gbk", "gb18030"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL_2, "big5", "big5"),
        (TRADITIONAL[:400], "big5", "big5"),
        (TRADITIONAL, "gbk", "gb18030"),  # GBK holds traditional characters too
    ],
    ids=["gbk", "gbk-short", "gb18030", "big5", "big5-2", "big5-short", "traditional-in-gbk"],
)
def test_chinese_legacy_encodings_are_told_apart(text_of, text: str, codec: str, expected: str):
    original = encodable(text, codec)
    source, decoded = text_of("zh.txt", original, codec)
    assert source.encoding == expected
    assert decoded == original


def test_utf8(text_of):
    source, text = text_of("a.txt", SIMPLIFIED)
    assert source.encoding == "utf-8"
    assert text == SIMPLIFIED


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_bom(text_of, bom: bytes, codec: str, label: str):
    body = "第一行 first line\n第二行\n"
    source, text = text_of("bom.txt", bom + body.encode(codec))
    assert source.encoding == label
    assert text == body  # offsets count from the first character after the BOM
    assert source.title == "第一行 first line"


def test_cp1252(text_of):
    body = "Caf\u00e9 \u201cquoted\u201d na\u00efve \u2014 r\u00e9sum\u00e9\n" * 20
    source, text = text_of("w.txt", body, "cp1252")
    assert source.encoding == "cp1252"
    assert text == body


def test_a_few_bad_bytes_in_utf8_is_a_decode_error_with_the_offset(write):
    good = SIMPLIFIED.encode("utf-8")
    bad_at = good.index("奥特曼".encode()) + 3  # a character boundary
    data = good[:bad_at] + b"\xff" + good[bad_at:]
    with pytest.raises(DecodeError) as info:
        open_source(write("damaged.txt", data))
    message = str(info.value)
    assert f"byte offset {bad_at}" in message
    assert "damaged.txt" in message and "UTF-8" in message


def test_legacy_text_after_a_long_ascii_head(text_of):
    body = "plain ascii line\n" * 80_000 + encodable(SIMPLIFIED, "gbk")
    source, text = text_of("late.txt", body, "gbk")
    assert len(body) > 1 << 20
    assert source.encoding == "gb18030"
    assert text == body


def test_damaged_utf8_after_a_long_ascii_head(write):
    before, after = SIMPLIFIED[:100].encode(), SIMPLIFIED[100:].encode()
    head = b"plain ascii line\n" * 80_000
    data = head + before + b"\xc3\x28" + after
    with pytest.raises(DecodeError) as info:
        open_source(write("late-damage.txt", data))
    assert f"byte offset {len(head) + len(before)}" in str(info.value)


def test_bytes_no_encoding_explains(write):
    with pytest.raises(DecodeError, match=r"byte offset 4\b"):
        open_source(write("x.txt", b"abc \x81\x20 \x8d\x0a more text\n"))


def test_damage_share_rule():
    utf8 = SIMPLIFIED.encode("utf-8")
    assert looks_damaged_utf8(utf8[:2000] + b"\xff" + utf8[2000:4000])
    assert not looks_damaged_utf8(SIMPLIFIED.encode("gbk"))
    assert not looks_damaged_utf8(encodable(TRADITIONAL, "big5").encode("big5"))


def test_encoding_names_are_widened():
    assert normalize_name("GBK") == "gb18030"
    assert normalize_name("gb2312") == "gb18030"
    assert normalize_name("ISO-8859-1") == "cp1252"
    assert normalize_name("no-such-codec") is None


def test_binary_file_named_txt(write):
    with pytest.raises(BinaryFileError, match=r"NUL byte at offset 3"):
        open_source(write("image.txt", b"\x89PN\x00G\r\n" + bytes(range(256)) * 10))
    with pytest.raises(BinaryFileError, match="control bytes"):
        open_source(write("ctl.txt", bytes(range(1, 32)) * 100))


def test_html_meta_charset_is_honoured(text_of):
    zh = encodable(SIMPLIFIED[:300], "gbk")
    page = (
        '<html><head><meta charset="gb2312"><title>标题</title></head>'
        f"<body><p>{zh}</p></body></html>"
    )
    source, text = text_of("gbk.html", page, "gbk")
    assert source.encoding == "gb18030"
    assert source.title == "标题"
    assert re.sub(r"\s+", " ", zh).strip() == text


def test_html_wrong_meta_charset_falls_back_to_detection(text_of):
    zh = encodable(TRADITIONAL[:600], "big5")
    page = f'<html><head><meta charset="utf-8"></head><body><p>{zh}</p></body></html>'
    source, text = text_of("big5.html", page, "big5")
    assert source.encoding == "big5"
    assert re.sub(r"\s+", " ", zh).strip() == text


def test_utf8_beats_a_single_byte_label(text_of):
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café “ok”</p></body></html>'
    source, text = text_of("mislabelled.html", page, "utf-8")
    assert source.encoding == "utf-8"
    assert text == "Café “ok”"
