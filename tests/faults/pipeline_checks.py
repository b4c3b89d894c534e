"""The invariants a fuzzed input must keep, checked on the real ingest stages.

An input either fails with a clear error from Ponder's hierarchy (a :class:`PonderError`
whose message is one line naming the file), or is read into passages whose offsets hold:

- each passage is exactly its span of the document's repaired text;
- its source span lies inside the file's source text (the decoded file; for PDF and DOCX
  the extracted text), in order with the passages before it;
- every character that no stage replaced maps back to the very same character of the
  source, so a quote taken from a passage is found in the original file;
- every recorded repair points at what it replaced and what replaced it.

The stages are the ones ``ponder add`` runs (``open_source`` → ``repair`` →
``chunk_passages``), without a library: the fuzz loop stays fast. The crash and disk-full
tests go through the real command and a real library file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from ingest.ingest_helpers import read_all
from ponder.errors import PonderError
from ponder.ingest import SourceFile, open_source
from ponder.ingest.encoding import sniff_bom
from ponder.records import Passage
from ponder.store.add import chunk_passages
from ponder.text.offsets import Edit, OffsetMap, apply_edits
from ponder.text.repair import Repaired, compose, repair

IDENTITY_FORMATS = ("txt", "md", "pdf", "docx")


@dataclass
class Ingested:
    """What the stages made of one file."""

    source: SourceFile
    source_text: str
    text: str
    passages: list[Passage]


def clear_error(err: BaseException, path: Path) -> None:
    """``err`` is one of Ponder's errors, with a one-line message naming the file."""
    assert isinstance(err, PonderError), f"{type(err).__name__} escaped: {err!r}"
    message = str(err)
    assert message.startswith(f"{path}: ") or message.startswith(f"{path.resolve()}: "), message
    assert "\n" not in message and len(message) < 600, message
    assert "Traceback" not in message, message


def ingest(path: Path) -> Ingested | None:
    """The passages of ``path`` with every invariant checked; None when it is refused
    with a clear error."""
    try:
        source = open_source(path)
        text, chunks = read_all(source)
    except Exception as err:  # every failure must be one of Ponder's, said clearly
        clear_error(err, path)
        return None
    source_text = _source_text(path, source, text)
    document: list[str] = []
    passages: list[Passage] = []
    offset = 0
    for chunk in chunks:
        repaired = repair(chunk.text, html=source.format == "html")
        check_repaired(chunk.text, repaired)
        assert isinstance(chunk.map, OffsetMap)  # fuzz inputs stay under one chunk (1 MB)
        check_map(compose(chunk.map, repaired.map), repaired.text, source_text)
        passages += chunk_passages(chunk, repaired, offset)
        document.append(repaired.text)
        offset += len(repaired.text)
    whole = "".join(document)
    check_passages(passages, whole, source_text)
    return Ingested(source, source_text, whole, passages)


def _source_text(path: Path, source: SourceFile, text: str) -> str:
    """The text source offsets index: the decoded file, or the extracted text."""
    if source.format in ("pdf", "docx"):
        return text
    assert source.encoding is not None
    data = path.read_bytes()
    bom = sniff_bom(data)
    codec = codecs.lookup(source.encoding).name
    return data[bom.skip if bom else 0 :].decode(codec, "replace")  # a cut tail is replaced


def check_repaired(before: str, r: Repaired) -> None:
    """Repairs point at their text, rebuild the output, and the map runs forward."""
    for x in r.repairs:
        assert r.text[x.start : x.end] == x.after, x
        assert before[x.source_start : x.source_end] == x.before, x
    edits = [Edit(x.source_start, x.source_end, x.after, x.kind) for x in r.repairs]
    assert apply_edits(before, edits)[0] == r.text
    check_map(r.map, r.text, before)


def check_map(omap: OffsetMap, text: str, source: str) -> None:
    """A map from ``text`` to ``source``: monotonic, in bounds, copied spans equal."""
    previous = 0
    out = 0
    for seg in omap.segments:
        assert seg.out_start == out, "segments leave a gap in the output"
        out = seg.out_end
        assert previous <= seg.in_start <= seg.in_end <= len(source), seg
        previous = seg.in_end
        if seg.copied:
            assert text[seg.out_start : seg.out_end] == source[seg.in_start : seg.in_end], seg
    assert out == len(text)


def check_passages(passages: list[Passage], text: str, source: str) -> None:
    """Each passage is its span of ``text`` and maps into ``source``, in order."""
    end = 0
    source_start = 0
    for p in passages:
        assert text[p.start : p.end] == p.text, p
        assert p.text.strip(), p
        assert end <= p.start < p.end <= len(text), p
        assert source_start <= p.source_start <= p.source_end <= len(source), p
        end, source_start = p.end, p.source_start


def quoted_back(ingested: Ingested) -> int:
    """How many passages read exactly as their source span (no stage changed them)."""
    return sum(
        ingested.source_text[p.source_start : p.source_end] == p.text for p in ingested.passages
    )
