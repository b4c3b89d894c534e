"""Zip bombs and the streamed .docx reader (issue 9, defect 2).

Bombs are built at run time (tiny on disk): a part that inflates past the size limit, one
whose compression ratio is a bomb's, and the issue's own case (``word/document.xml``
inflating to 1 GB).  The streamed reader gives python-docx's text on documents built with
python-docx, merged cells, breaks, tabs, hyperlinks and nested tables included.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ponder.errors import ArchiveLimitError, CorruptDocumentError
from ponder.ingest import open_source
from ponder.ingest.readers._archive import MAX_PART_BYTES, MAX_RATIO

from .ingest_helpers import read_all

GB = 1 << 30
MB = 1 << 20

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
    b'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
PARAGRAPH = b"<w:p><w:r><w:t>" + b"a" * 4000 + b"</w:t></w:r></w:p>"
TAIL = b"</w:body></w:document>"


def write_bomb(path: Path, inflated: int) -> Path:
    """A .docx whose word/document.xml inflates to about ``inflated`` bytes.

    The deflate stream repeats one fully flushed block, so building it costs one
    compression of 1 MB and a CRC pass; the file on disk is a few MB per GB.
    """
    block = PARAGRAPH * (MB // len(PARAGRAPH))
    count = max(1, (inflated - len(HEAD) - len(TAIL)) // len(block))
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = squeeze.compress(HEAD) + squeeze.flush(zlib.Z_FULL_FLUSH)
    body = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = squeeze.compress(TAIL) + squeeze.flush()
    crc = zlib.crc32(HEAD)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(TAIL, crc)
    size = len(HEAD) + count * len(block) + len(TAIL)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
    _append_raw_member(path, "word/document.xml", [head, *[body] * count, tail], size, crc)
    return path


def _append_raw_member(path: Path, name: str, pieces: list[bytes], size: int, crc: int) -> None:
    """Add a member whose deflated bytes are given, by rewriting the central directory."""
    with zipfile.ZipFile(path) as z:
        count = len(z.infolist()) + 1
        cd_offset = z.start_dir  # type: ignore[attr-defined]
    data = path.read_bytes()
    local = data[:cd_offset]
    compressed = sum(len(p) for p in pieces)
    raw_name = name.encode()
    header = (
        b"PK\x03\x04" + (20).to_bytes(2, "little") + bytes(2) + (8).to_bytes(2, "little")
        + bytes(4) + crc.to_bytes(4, "little") + compressed.to_bytes(4, "little")
        + size.to_bytes(4, "little") + len(raw_name).to_bytes(2, "little") + bytes(2)
        + raw_name
    )
    offset = len(local)
    with path.open("wb") as f:
        f.write(local)
        f.write(header)
        for piece in pieces:
            f.write(piece)
        cd_at = f.tell()
        cd = data[cd_offset:]
        entries = cd[: cd.rindex(b"PK\x05\x06")]
        entry = (
            b"PK\x01\x02" + (20).to_bytes(2, "little") + (20).to_bytes(2, "little") + bytes(2)
            + (8).to_bytes(2, "little") + bytes(4) + crc.to_bytes(4, "little")
            + compressed.to_bytes(4, "little") + size.to_bytes(4, "little")
            + len(raw_name).to_bytes(2, "little") + bytes(8) + bytes(4)
            + offset.to_bytes(4, "little") + raw_name
        )
        f.write(entries + entry)
        cd_size = len(entries) + len(entry)
        f.write(
            b"PK\x05\x06" + bytes(4) + count.to_bytes(2, "little") + count.to_bytes(2, "little")
            + cd_size.to_bytes(4, "little") + cd_at.to_bytes(4, "little") + bytes(2)
        )


def test_the_bomb_is_a_valid_zip_that_really_inflates(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "small-bomb.docx", 3 * MB)
    with zipfile.ZipFile(bomb) as z:
        assert z.testzip() is None
        info = z.getinfo("word/document.xml")
        assert info.file_size > 2 * MB and info.compress_size < info.file_size / 100


def test_a_gigabyte_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "bomb.docx", GB)
    assert bomb.stat().st_size < 8 * MB
    with pytest.raises(ArchiveLimitError) as info:
        open_source(bomb)
    message = str(info.value)
    assert message.startswith(f"{bomb}: its part word/document.xml inflates to 10")
    assert f"over Ponder's {MAX_PART_BYTES / MB:.1f} MB limit" in message
    assert "zip bomb" in message


def test_a_bomb_by_ratio_under_the_size_limit_is_refused(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "ratio.docx", 64 * MB)
    with pytest.raises(ArchiveLimitError, match=rf"inflates \d+ times .* {MAX_RATIO}:1 limit"):
        open_source(bomb)


def test_a_bomb_in_a_folder_fails_alone_and_memory_stays_low(tmp_path: Path) -> None:
    """In a fresh process: the bomb is reported, the other file added, peak RSS < 1 GB."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_bomb(folder / "bomb.docx", GB)
    (folder / "fine.txt").write_text("A fine file with a sentence.\n")
    script = textwrap.dedent(f"""
        import json, resource, sys
        from pathlib import Path
        from ponder.store import Library
        from ponder.store.add import add_paths
        with Library.open(Path({str(tmp_path / "lib")!r})) as lib:
            summary = add_paths(lib, [Path({str(folder)!r})])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({{"summary": summary.to_json(), "peak": peak}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout)
    assert result["summary"]["added"] == 1
    [failed] = result["summary"]["failed"]
    assert failed["path"].endswith("bomb.docx") and "zip bomb" in failed["reason"]
    assert result["peak"] < GB


def test_a_header_that_lies_about_the_size_is_caught_by_the_stream(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "liar.docx", 3 * MB)
    data = bytearray(bomb.read_bytes())
    with zipfile.ZipFile(bomb) as z:
        info = z.getinfo("word/document.xml")
    true_size = info.file_size.to_bytes(4, "little")
    small = (100_000).to_bytes(4, "little")
    data = bytearray(bytes(data).replace(true_size, small))
    bomb.write_bytes(bytes(data))
    with pytest.raises((ArchiveLimitError, CorruptDocumentError)):
        open_source(bomb)


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    """A "billion laughs" document.xml is an error or plain text, never an expansion."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
        b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        b'main"><w:body><w:p><w:r><w:t>start &c; end</w:t></w:r></w:p></w:body></w:document>'
    )
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/document.xml", laughs)
    try:
        text, _ = read_all(open_source(path))
    except CorruptDocumentError:
        return
    assert "haha" not in text


# -- the streamed reader gives python-docx's text ------------------------------------


def python_docx_text(path: Path) -> str:
    """The text the reader gave when it used python-docx (the reference)."""
    from docx.table import Table

    def table_text(table: Any) -> str:
        rows = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
            if any(cells):
                rows.append("\t".join(cells))
        return "\n".join(rows)

    blocks = []
    for item in docx.Document(str(path)).iter_inner_content():
        text = table_text(item) if isinstance(item, Table) else item.text.strip()
        if text.strip():
            blocks.append(text)
    return "\n\n".join(blocks)


def rich_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Rich"
    document.add_heading("标题 Title", level=0)
    document.add_heading("第一节", level=1)
    para = document.add_paragraph("first line")
    para.add_run().add_break()
    para.add_run("second\tline after a tab")
    para.add_run().add_break(WD_BREAK.PAGE)
    para.add_run(" after a page break")
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>a link</w:t></w:r>'
        "</w:hyperlink>"
    )
    para._p.append(link)
    inserted = parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="x"><w:r><w:t>tracked'
                         "</w:t></w:r></w:ins>")
    para._p.append(inserted)
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # horizontal
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical
    table.cell(2, 0).add_paragraph("second paragraph in a cell")
    table.cell(2, 1).add_table(rows=1, cols=1).cell(0, 0).text = "nested"
    document.add_paragraph("   ")
    document.add_heading("Deeper", level=3)
    document.add_paragraph("混合 mixed 文字。")
    document.save(str(path))
    return path


def test_streamed_text_equals_python_docx_text(tmp_path: Path) -> None:
    path = rich_docx(tmp_path / "rich.docx")
    source = open_source(path)
    text, chunks = read_all(source)
    assert text == python_docx_text(path)
    assert "\nr0c0 r0c1\tr0c2\n" in text  # a horizontally merged cell once in its row
    assert text.count("r1c2 r2c2") == 2  # a vertically merged one in each row, as python-docx
    assert "tracked" not in text and "nested" not in text  # python-docx reads neither
    assert [h[2] for h in chunks[0].headings] == ["标题 Title", "第一节", "Deeper"]
    assert source.title == "Rich"
