"""Adding files to the library: read → repair → segment, date → stage → publish, per file.

A file whose content hash is unchanged is left alone; a changed file is staged in
bounded transactions and replaces the old version in one small one (readers see old
or new, never a mix, and no other writer waits long); a file that cannot be read is
reported with the reason and the rest go on.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError, LibraryError, PonderError, UnsupportedFormatError
from ..ingest import SourceChunk, SourceFile, open_source, supported_suffixes
from ..ingest.dates import metadata_dates, primary_date, text_dates
from ..records import DocumentDate, Passage, Repair
from ..segment import segment
from ..text.normalize import index_tokens
from ..text.repair import Repaired, repair
from ..text.script import detect_language, detect_script
from .library import Library
from .writer import DocumentMeta, DocumentWriter, StagedDocument

log = logging.getLogger(__name__)


@dataclass
class AddSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    passages: int = 0
    bytes: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": self.skipped,
            "failed": self.failed,
        }


@dataclass
class Progress:
    """Callbacks the CLI uses to draw progress; all optional."""

    on_file: Callable[[Path], None] = lambda path: None
    on_bytes: Callable[[int], None] = lambda n: None
    on_passages: Callable[[int], None] = lambda n: None


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; a path that cannot even be looked at (a folder on the
    way is not searchable) is not one, and reading it reports why, for that file only."""
    try:
        return path.is_dir()
    except OSError:
        return False


def discover(paths: Iterable[Path], summary: AddSummary, skip: Path | None = None) -> list[Path]:
    """Files to read under ``paths`` (folders recursively; hidden entries ignored)."""
    found: list[Path] = []
    suffixes = supported_suffixes()
    skip_folder = os.path.realpath(skip.parent) if skip is not None else None
    for path in paths:
        if _is_dir(path):
            for root, dirs, files in os.walk(path, onerror=_unreadable_folder(summary)):
                dirs[:] = _walked_folders(Path(root), dirs, summary)
                in_skip_folder = skip_folder is not None and os.path.realpath(root) == skip_folder
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if in_skip_folder and skip is not None and name.startswith(skip.name):
                        continue  # the library's own file and its -wal, -shm
                    _consider(Path(root) / name, suffixes, summary, found)
        else:
            found.append(path)  # named explicitly: errors are reported for it
    return found


def _unreadable_folder(summary: AddSummary) -> Callable[[OSError], None]:
    """Report a folder ``os.walk`` cannot list: a failure (exit 1), never silence."""

    def report(err: OSError) -> None:
        reason = err.strerror or str(err)
        summary.failed.append({
            "path": str(err.filename),
            "reason": f"cannot read the folder ({reason}); the files in it were not added — "
                      "make it readable (e.g. chmod u+rx) and add it again",
        })

    return report


def _walked_folders(root: Path, dirs: list[str], summary: AddSummary) -> list[str]:
    """The subfolders to walk, sorted: hidden ones ignored, links to folders reported."""
    walked = []
    for name in sorted(dirs):
        if name.startswith("."):
            continue
        if (root / name).is_symlink():
            summary.skipped.append({
                "path": str(root / name),
                "reason": "a link to a folder, not followed (links can loop); "
                          "add the folder it points to by its own path",
            })
            continue
        walked.append(name)
    return walked


def _consider(path: Path, suffixes: set[str], summary: AddSummary, found: list[Path]) -> None:
    if path.suffix.lower() in suffixes:
        found.append(path)
    else:
        reason = f"unsupported format '{path.suffix or 'no extension'}'"
        summary.skipped.append({"path": str(path), "reason": reason})


def add_paths(
    library: Library, paths: Iterable[Path], progress: Progress | None = None
) -> AddSummary:
    """Add every file under ``paths``; a file that fails is reported and the rest go on."""
    summary = AddSummary()
    progress = progress or Progress()
    for path in discover(paths, summary, skip=library.path):
        progress.on_file(path)
        try:
            _add_source(library, open_source(path), summary, progress)
        except UnsupportedFormatError as e:
            summary.skipped.append({"path": str(path), "reason": e.reason})
        except InputError as e:
            summary.failed.append({"path": str(path), "reason": e.reason})
        except (LibraryError, sqlite3.Error):
            raise  # the library failed, not this file: stop
        except PonderError as e:
            summary.failed.append({"path": str(path), "reason": str(e)})
        except PermissionError:
            summary.failed.append({"path": str(path), "reason": (
                "permission denied (the file, or a folder on its way, cannot be read); "
                "make it readable and try again")})
        except Exception as e:  # the per-file boundary: report any failure, go on
            log.debug("unexpected failure adding %s", path, exc_info=True)
            summary.failed.append({"path": str(path), "reason": unexpected_reason(e)})
    return summary


def unexpected_reason(err: BaseException) -> str:
    """A reason for a failure no reader foresaw: what was raised, and what to do."""
    detail = str(err).strip()
    what = f"{type(err).__name__}: {detail}" if detail else type(err).__name__
    return (
        f"unexpected error while reading it ({what}); the other files were added — "
        "please report this with the file if you can share it"
    )


#: a file whose text is at most this many characters, replacing a version of at most
#: IN_PLACE_PASSAGES passages, is written in one transaction and keeps its document id;
#: anything larger is staged (each transaction stays well under a second either way)
IN_PLACE_CHARS = 250_000
IN_PLACE_PASSAGES = 1_000


@dataclass
class _Prepared:
    """One chunk, read, repaired and segmented outside any transaction."""

    start: int
    text: str
    passages: list[tuple[Passage, str]]
    repairs: list[Repair]


def _add_source(
    library: Library, source: SourceFile, summary: AddSummary, progress: Progress
) -> None:
    """Write a new or changed file: small ones in one transaction, large ones staged in
    bounded transactions and published in one small one."""
    key = str(source.path)
    existing = library.document_by_path(key)
    if (
        existing is not None
        and existing.content_hash == source.content_hash
        and library.dates_read(existing.id)  # else added before dates were read: read them
    ):
        summary.unchanged.append(key)
        progress.on_bytes(source.size)
        return
    library.collect_garbage()  # what a killed add or an earlier update left
    in_place = existing is None or existing.passages <= IN_PLACE_PASSAGES
    try:
        written = _write_chunks(library, source, progress, in_place=in_place)
    except InputError as e:
        summary.failed.append({"path": key, "reason": e.reason})
        return
    library.collect_garbage()  # the old version, if publishing retired it
    if written is None:
        summary.unchanged.append(key)  # the same content was published meanwhile
        return
    (summary.updated if existing else summary.added).append(key)
    summary.passages += written
    summary.bytes += source.size


def _meta(source: SourceFile) -> DocumentMeta:
    title = repair(source.title).text.strip() or source.path.name  # no pinyin or mojibake
    return DocumentMeta(
        path=str(source.path), title=title, format=source.format,
        encoding=source.encoding, language="", script="",
        content_hash=source.content_hash, size=source.size,
    )


def _write_chunks(
    library: Library, source: SourceFile, progress: Progress, *, in_place: bool
) -> int | None:
    """Read, repair and segment each chunk outside any transaction, then write it: kept
    for one transaction while the text stays small (and ``in_place``), else staged.

    Returns the passages written, or None when another process published the same
    content meanwhile. A failure discards what was staged and re-raises.
    """
    meta = _meta(source)
    held: list[_Prepared] = []
    staged: StagedDocument | None = None
    offset = 0
    sample = ""
    dates = metadata_dates(source.dates)
    try:
        for chunk in source.chunks():
            repaired = repair(chunk.text, html=source.format == "html")
            passages = [(p, _tokens(p)) for p in chunk_passages(chunk, repaired, offset)]
            held.append(_Prepared(offset, repaired.text, passages,
                                  list(_shift_repairs(repaired, chunk, offset))))
            dates += chunk_dates(chunk, repaired, offset)
            if len(sample) < 20000:
                sample += repaired.text[:20000]
            offset += len(repaired.text)
            if staged is None and (offset > IN_PLACE_CHARS or not in_place):
                staged = StagedDocument(library, meta)
            if staged is not None:
                for item in held:
                    staged.write(item.start, item.text, item.passages, item.repairs)
                held.clear()
            progress.on_bytes(len(chunk.text.encode("utf-8", "surrogatepass")))
            progress.on_passages(len(passages))
        language, script = detect_language(sample), detect_script(sample)
        if staged is not None:
            published = staged.publish(dates, primary_date(dates), offset,
                                       language=language, script=script)
            return staged.passages if published else None
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    with library.transaction() as db:
        writer = DocumentWriter(db, meta)
        for item in held:
            writer.add_text(item.start, item.text)
            writer.add_passages(item.passages)
            writer.add_repairs(item.repairs)
        writer.add_dates(dates, primary_date(dates))
        writer.finish(offset, language=language, script=script)
    return writer.passages


def chunk_dates(chunk: SourceChunk, repaired: Repaired, offset: int) -> list[DocumentDate]:
    """Dates written in one repaired chunk, with document and source offsets."""
    source = repaired.map.then(chunk.map)
    found = []
    for d in text_dates(repaired.text, base=offset):
        start, end = (d.start or 0) - offset, (d.end or 0) - offset
        found.append(replace(d, source_start=source.to_source(start, "start"),
                             source_end=source.to_source(end, "end")))
    return found


def chunk_passages(chunk: SourceChunk, repaired: Repaired, offset: int) -> Iterator[Passage]:
    """Passages of one repaired chunk, with document and source offsets."""
    mapped = [
        (repaired.map.to_output(s), repaired.map.to_output(e), h) for s, e, h in chunk.headings
    ]
    headings = [(s, e, h) for s, e, h in mapped if e > s]  # else repair removed it
    cuts = [repaired.map.to_output(c) for c in chunk.cuts]
    source = repaired.map.then(chunk.map)
    text = repaired.text
    for span in segment(text, headings, cuts=cuts):
        yield Passage(
            text=text[span.start : span.end],
            start=offset + span.start,
            end=offset + span.end,
            source_start=source.to_source(span.start, "start"),
            source_end=source.to_source(span.end, "end"),
            speaker=span.speaker,
            heading=span.heading,
        )


def _tokens(passage: Passage) -> str:
    context = " ".join(x for x in (passage.speaker, passage.heading) if x)
    return " ".join(index_tokens(f"{context}\n{passage.text}" if context else passage.text))


def _shift_repairs(repaired: Repaired, chunk: SourceChunk, offset: int) -> Iterator[Repair]:
    """The chunk's repairs in document and source offsets: the reader's (a cut final
    character), then the text repairs."""
    for r in chunk.repairs:
        yield Repair(
            kind=r.kind, start=offset + repaired.map.to_output(r.start),
            end=offset + repaired.map.to_output(r.end),
            source_start=chunk.map.to_source(r.source_start, "start"),
            source_end=chunk.map.to_source(r.source_end, "end"),
            before=r.before, after=r.after,
        )
    for r in repaired.repairs:
        yield Repair(
            kind=r.kind, start=r.start + offset, end=r.end + offset,
            source_start=chunk.map.to_source(r.source_start, "start"),
            source_end=chunk.map.to_source(r.source_end, "end"),
            before=r.before, after=r.after,
        )
