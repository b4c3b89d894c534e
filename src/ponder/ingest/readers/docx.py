"""Word documents (.docx): paragraphs and tables in document order, streamed.

The archive is opened within limits (:mod:`ponder.ingest.readers._archive`): a part that
would inflate past them is refused before it is inflated.  ``word/document.xml`` is then
parsed as a stream (``lxml.etree.iterparse``), each element freed once read, so memory
follows the text, not the XML.  The text is what python-docx gives (``Paragraph.text``,
``_Cell.text``, ``Row.cells``): runs and hyperlinks of body-level paragraphs, tabs and line
breaks as ``\\t`` and ``\\n``; a table is one line per row with cells separated by tabs, a
horizontally merged cell once, a vertically merged one repeated as python-docx does.

Paragraphs are separated by a blank line.  Paragraphs styled "Title" or "Heading N" are
reported as headings.  The document's text *is* this extracted text, so chunk maps are
identities into it.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ponder.errors import CorruptDocumentError, EmptyFileError
from ponder.ingest.readers._archive import Archive, LimitedPart, safe_xml_parser
from ponder.ingest.readers._chunking import Heading, identity_chunks
from ponder.ingest.readers._limits import check_size
from ponder.ingest.readers._titles import first_line, metadata_title
from ponder.ingest.readers.base import Opened, Reader, Register, SourceChunk

BLOCK_SEPARATOR = "\n\n"
#: the ``created`` stamp of python-docx's default template: not a date of the document
TEMPLATE_CREATED = "2013-12-23T23:15:00"
KIND = ".docx"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
OFFICE_DOCUMENT = "/officeDocument"
CORE_PROPERTIES = "/metadata/core-properties"
STYLES = "/styles"

BODY, P, R, HYPERLINK = W + "body", W + "p", W + "r", W + "hyperlink"
TBL, TR, TC = W + "tbl", W + "tr", W + "tc"
VAL = W + "val"
#: run content and its text, as python-docx's ``CT_R.text`` (w:br depends on its type)
RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
T, BR = W + "t", W + "br"
#: python-docx's names for built-in styles stored in lower case
UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {n}": f"Heading {n}" for n in range(1, 10)
}


def _corrupt(path: Path, detail: str) -> CorruptDocumentError:
    return CorruptDocumentError(
        path,
        f"the .docx cannot be read ({detail}); open it in Word or LibreOffice and save it again",
    )


def _parse_small(archive: Archive, name: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(archive.read_small(name), safe_xml_parser())
    except etree.XMLSyntaxError as err:
        raise _corrupt(archive.path, f"{name}: {err}") from err


def _relationships(archive: Archive, part: str) -> dict[str, str]:
    """Relationship type → target part name, for ``part`` ("" for the package itself)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if not archive.has(rels):
        return {}
    found: dict[str, str] = {}
    for rel in _parse_small(archive, rels).iter(REL + "Relationship"):
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if rel.get("TargetMode") != "External" and target:
            absolute = target.startswith("/")
            full = target[1:] if absolute else posixpath.normpath(posixpath.join(folder, target))
            found.setdefault(kind, full)
    return found


def _target(relationships: dict[str, str], kind: str) -> str | None:
    """The target of the first relationship whose type ends with ``kind``."""
    return next((t for k, t in relationships.items() if k.endswith(kind)), None)


@dataclass
class Styles:
    """Paragraph style names by id, and the default paragraph style's name."""

    names: dict[str, str] = field(default_factory=dict)
    default: str = ""

    def name(self, style_id: str | None) -> str:
        return self.names.get(style_id, self.default) if style_id else self.default

    def is_heading(self, style_id: str | None) -> bool:
        name = self.name(style_id)
        return name == "Title" or (name.startswith("Heading ") and name[8:].isdigit())


def read_styles(archive: Archive, part: str | None) -> Styles:
    styles = Styles()
    if part is None or not archive.has(part):
        return styles
    for style in _parse_small(archive, part).iter(W + "style"):
        if style.get(W + "type") != "paragraph":
            continue
        name_el = style.find(W + "name")
        raw = name_el.get(VAL, "") if name_el is not None else ""
        name = UI_NAMES.get(raw, raw)
        styles.names[style.get(W + "styleId", "")] = name
        if style.get(W + "default") in ("1", "true", "on"):
            styles.default = name
    return styles


@dataclass
class Core:
    title: str = ""
    created: str | None = None


def _w3cdtf(raw: str) -> datetime | None:
    """python-docx's reading of a W3CDTF stamp: offset applied, then marked UTC."""
    parsed = None
    for template in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            parsed = datetime.strptime(raw[:19], template)
            break
        except ValueError:
            continue
    if parsed is None:
        return None
    offset = raw[19:]
    if len(offset) == 6 and offset[0] in "+-" and offset[1:3].isdigit() and offset[4:].isdigit():
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        parsed = parsed - delta if offset[0] == "+" else parsed + delta
    return parsed.replace(tzinfo=UTC)


def read_core(archive: Archive, part: str | None) -> Core:
    if part is None or not archive.has(part):
        return Core()
    root = _parse_small(archive, part)
    title_el = root.find(DC + "title")
    created_el = root.find(DCTERMS + "created")
    created = _w3cdtf((created_el.text or "").strip()) if created_el is not None else None
    return Core(
        title=(title_el.text or "") if title_el is not None else "",
        created=created.isoformat() if created is not None else None,
    )


@dataclass
class _Cell:
    key: int
    text: str


@dataclass
class _Table:
    """The rows of a body-level table as they stream by."""

    rows: list[str] = field(default_factory=list)
    above: dict[int, _Cell] = field(default_factory=dict)  # grid column → cell of last row
    row: list[_Cell] = field(default_factory=list)
    row_cells: dict[int, _Cell] = field(default_factory=dict)
    column: int = 0
    cell_paragraphs: list[str] = field(default_factory=list)
    span: int = 1
    merge: str | None = None
    made: int = 0

    def start_row(self) -> None:
        self.row, self.row_cells, self.column = [], {}, 0

    def start_cell(self) -> None:
        self.cell_paragraphs, self.span, self.merge = [], 1, None

    def end_cell(self) -> None:
        if self.merge == "continue" and self.column in self.above:
            cell = self.above[self.column]  # python-docx repeats the cell above
        else:
            self.made += 1
            cell = _Cell(self.made, " ".join("\n".join(self.cell_paragraphs).split()))
        self.row.append(cell)
        for offset in range(max(self.span, 1)):
            self.row_cells[self.column + offset] = cell
        self.column += max(self.span, 1)

    def end_row(self) -> None:
        seen: set[int] = set()
        cells = []
        for cell in self.row:  # a merged cell repeats: keep it once
            if cell.key not in seen:
                seen.add(cell.key)
                cells.append(cell.text)
        if any(cells):
            self.rows.append("\t".join(cells))
        self.above = self.row_cells

    def text(self) -> str:
        return "\n".join(self.rows)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def stream_blocks(part: LimitedPart, styles: Styles, path: Path) -> Iterator[tuple[str, bool]]:
    """(text, is heading) for each non-empty body-level paragraph or table, in order."""
    from lxml import etree

    stack: list[str] = []
    para: list[str] | None = None
    para_depth = 0
    para_style: str | None = None
    table: _Table | None = None
    events = etree.iterparse(
        part, events=("start", "end"), resolve_entities=False, load_dtd=False,
        no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        for event, elem in events:
            tag = elem.tag
            if event == "start":
                stack.append(tag)
                depth = len(stack)
                if tag == P and _block_level(stack):
                    para, para_depth, para_style = [], depth, None
                elif para is not None and tag == W + "pStyle" and depth == para_depth + 2:
                    para_style = elem.get(VAL)
                elif tag == TBL and depth == 3 and stack[1] == BODY:
                    table = _Table()
                elif table is not None and depth == 4 and tag == TR:
                    table.start_row()
                elif table is not None and depth == 5 and tag == TC and stack[3] == TR:
                    table.start_cell()
                elif table is not None and depth == 6 and tag == W + "gridBefore":
                    table.column += _int(elem.get(VAL), 0)  # in w:trPr
                elif table is not None and depth == 7 and tag == W + "gridSpan":
                    table.span = _int(elem.get(VAL), 1)  # in w:tc/w:tcPr
                elif table is not None and depth == 7 and tag == W + "vMerge":
                    table.merge = elem.get(VAL) or "continue"
                continue
            stack.pop()
            depth = len(stack)
            if para is not None and _in_run(stack, para_depth):
                if tag == T:
                    para.append(elem.text or "")
                elif tag == BR:
                    para.append("\n" if elem.get(W + "type") in (None, "textWrapping") else "")
                elif tag in RUN_TEXT:
                    para.append(RUN_TEXT[tag])
            elif tag == P and para is not None and depth + 1 == para_depth:
                text = "".join(para)
                para = None
                if table is not None:
                    table.cell_paragraphs.append(text)
                elif text.strip():
                    yield text.strip(), styles.is_heading(para_style)
            elif table is not None and depth == 4 and tag == TC and stack[3] == TR:
                table.end_cell()
            elif table is not None and depth == 3 and tag == TR:
                table.end_row()
            elif table is not None and depth == 2 and tag == TBL:
                text, table = table.text(), None
                if text.strip():
                    yield text, False
            if depth >= 2:
                _free(elem)
    except etree.XMLSyntaxError as err:
        raise _corrupt(path, f"word/document.xml: {err}") from err


def _block_level(stack: list[str]) -> bool:
    """A paragraph python-docx reads: a child of the body, or of a body-level table's cell."""
    if len(stack) < 3 or stack[1] != BODY:
        return False
    return len(stack) == 3 or (len(stack) == 6 and stack[2:5] == [TBL, TR, TC])


def _in_run(stack: list[str], para_depth: int) -> bool:
    """The element just closed sits in a run of the paragraph (directly or in a hyperlink)."""
    depth = len(stack)
    if depth == para_depth + 1:
        return stack[-1] == R
    return depth == para_depth + 2 and stack[-1] == R and stack[-2] == HYPERLINK


def _free(elem: Any) -> None:
    """Drop what has been read: the element's content and the siblings before it."""
    elem.clear()
    parent = elem.getparent()
    while elem.getprevious() is not None and parent is not None:
        del parent[0]


def build(blocks: Iterator[tuple[str, bool]]) -> tuple[str, list[Heading]]:
    parts: list[str] = []
    headings: list[Heading] = []
    pos = 0
    for text, heading in blocks:
        if parts:
            parts.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        if heading:
            headings.append((pos, pos + len(text), text))
        parts.append(text)
        pos += len(text)
    return "".join(parts), headings


def docx_dates(core: Core) -> list[tuple[str, str]]:
    """The core properties' ``created`` stamp, unless it is python-docx's template's."""
    if core.created is None or core.created.startswith(TEMPLATE_CREATED):
        return []
    return [("created", core.created)]


def read_docx(path: Path) -> tuple[str, list[Heading], Core]:
    """The text, headings and core properties of the .docx at ``path``."""
    if not zipfile.is_zipfile(path):
        raise CorruptDocumentError(
            path,
            "is not a valid .docx (not a zip archive) — an old .doc file or a damaged "
            "download? Open it in Word or LibreOffice and save it as .docx",
        )
    with Archive(path, KIND) as archive:
        package = _relationships(archive, "")
        main = _target(package, OFFICE_DOCUMENT)
        if main is None or not archive.has(main):
            raise _corrupt(path, "it has no main document part; is it a Word document?")
        styles = read_styles(archive, _target(_relationships(archive, main), STYLES))
        core = read_core(archive, _target(package, CORE_PROPERTIES))
        with archive.open(main) as part:
            text, headings = build(stream_blocks(part, styles, path))
    return text, headings, core


def open_docx(path: Path, size: int) -> Opened:
    check_size(path, size, "DOCX")
    text, headings, core = read_docx(path)
    if not text.strip():
        raise EmptyFileError(
            path, "the document has no text (no paragraphs or tables); nothing to add"
        )
    title = metadata_title(core.title) or first_line(text) or path.name

    def chunks() -> Iterator[SourceChunk]:
        return identity_chunks(text, headings)

    return Opened(None, title, chunks, docx_dates(core))


def register_readers(register: Register) -> None:
    register(Reader("docx", (".docx",), open_docx))
