"""Where the gold quotes are: character spans in the original corpus files.

A gold quote is an exact substring of its corpus file's decoded text (for HTML: the raw
page, markup included), so every occurrence is found with ``str.find`` and kept as a
:class:`GoldSpan`. Citations carry ``source_start``/``source_end`` in the same coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..errors import InputError
from .questions import GoldSource, Question


@dataclass(frozen=True)
class GoldSpan:
    """One occurrence of a gold quote: ``text(corpus/file)[start:end] == quote``."""

    corpus: str
    file: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """``corpus/file``: what a cited path must end with to be the same file."""
        return f"{self.corpus}/{self.file}"

    def overlaps(self, path: str, start: int, end: int) -> bool:
        """Whether the span ``[start, end)`` of the file at ``path`` overlaps this one."""
        return same_file(path, self.key) and start < self.end and self.start < end


GoldIndex = Mapping[str, Sequence[GoldSpan]]
"""Question id → the spans of its gold quotes (empty for abstain questions)."""


def same_file(path: str, key: str) -> bool:
    """Whether ``path`` (as a library stores it) names the corpus file ``key``."""
    given = PurePath(path).as_posix()
    return given == key or given.endswith("/" + key)


def find_all(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, overlapping occurrences included."""
    found: list[int] = []
    at = text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def default_corpus_root(question_file: Path, cwd: Path) -> Path | None:
    """``<question file's folder>/../corpus``, else ``<cwd>/../shared/corpus``, if either exists."""
    for candidate in (question_file.parent / ".." / "corpus", cwd / ".." / "shared" / "corpus"):
        if candidate.is_dir():
            return candidate.resolve()
    return None


class CorpusFiles:
    """Decoded corpus files under ``root`` (``root/<corpus>/<file>``), read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: dict[str, str] = {}

    def text(self, corpus: str, file: str) -> str:
        key = f"{corpus}/{file}"
        if key not in self._texts:
            self._texts[key] = (self.root / corpus / file).read_bytes().decode("utf-8-sig")
        return self._texts[key]


def locate_gold(
    questions: Iterable[Question], root: Path | None, source: Path
) -> dict[str, tuple[GoldSpan, ...]]:
    """The gold spans of every question; ``source`` (the question file) names errors."""
    files = CorpusFiles(root) if root is not None else None
    index: dict[str, tuple[GoldSpan, ...]] = {}
    for q in questions:
        index[q.id] = ()
        if not q.sources:
            continue
        if files is None:
            raise InputError(source, f"line {q.line}: cannot find the corpus folder for its "
                                     "gold quotes; give --corpus-root DIR")
        index[q.id] = tuple(span for s in q.sources for span in _spans(q, s, files, source))
    return index


def _spans(q: Question, gold: GoldSource, files: CorpusFiles, source: Path) -> list[GoldSpan]:
    where = f"line {q.line} ({q.id})"
    name = f"{q.corpus}/{gold.file}"
    try:
        text = files.text(q.corpus, gold.file)
    except OSError as e:
        raise InputError(source, f"{where}: cannot read gold file {files.root / name} "
                                 f"({e.strerror}); check --corpus-root") from e
    except UnicodeDecodeError as e:
        raise InputError(source, f"{where}: gold file {name} is not UTF-8") from e
    starts = find_all(text, gold.quote)
    if not starts:
        raise InputError(source, f"{where}: quote {gold.quote[:40]!r} is not in {name}")
    return [GoldSpan(q.corpus, gold.file, at, at + len(gold.quote)) for at in starts]


def missing_files(gold: GoldIndex, paths: Iterable[str]) -> list[str]:
    """Gold files (``corpus/file``) that no path in the library names."""
    paths = list(paths)
    keys = sorted({span.key for spans in gold.values() for span in spans})
    return [key for key in keys if not any(same_file(p, key) for p in paths)]
