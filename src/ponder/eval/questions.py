"""A question set: one JSON object per line (format in ``shared/eval/README.md``).

:func:`load_questions` reads a ``.jsonl`` file and raises an :class:`InputError` that names
the file, the line and what is wrong (invalid JSON, a missing or mistyped field, a
duplicate id) rather than letting a bad line turn into a misleading score.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import DecodeError, EmptyFileError, InputError, MissingPathError

DEFAULT_CORPUS = "altman-interviews"
KINDS = ("lookup", "number", "date", "attribution", "why", "comparison", "synthesis",
         "temporal", "mojibake", "abstain")
LANGS = ("zh", "en")
REQUIRED = ("id", "lang", "question", "kind", "must_include", "sources", "abstain")


@dataclass(frozen=True)
class GoldSource:
    """Gold evidence: ``quote`` is an exact substring of ``file`` in the corpus folder."""

    file: str
    quote: str


@dataclass(frozen=True)
class Question:
    """One question of a set, with the line it came from (for error messages)."""

    id: str
    lang: str
    question: str
    kind: str
    must_include: tuple[tuple[str, ...], ...]
    sources: tuple[GoldSource, ...]
    abstain: bool
    answer: str = ""
    corpus: str = DEFAULT_CORPUS
    near_miss: bool = False  # unanswerable although the documents discuss the topic
    line: int = 0


class _BadLine(Exception):
    """Why one line is not a question (turned into an InputError with file and line)."""


def load_questions(path: Path) -> list[Question]:
    """Every question in ``path``, in file order; blank lines are skipped."""
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, line in _lines(path):
        try:
            question = parse_question(json.loads(line), number)
        except json.JSONDecodeError as e:
            reason = f"line {number}: invalid JSON ({e.msg} at column {e.colno})"
            raise InputError(path, reason) from None
        except _BadLine as e:
            raise InputError(path, f"line {number}: {e}") from None
        if question.id in seen:
            raise InputError(path, f"line {number}: duplicate id '{question.id}' "
                                   f"(first on line {seen[question.id]})")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise EmptyFileError(path, "no questions (expected one JSON object per line)")
    return questions


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingPathError(path, "no such question file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder; give a .jsonl question file") from None
    except OSError as e:
        raise InputError(path, f"cannot read ({e.strerror})") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DecodeError(path, f"not UTF-8 (byte {e.start}); save it as UTF-8") from e
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield number, line


def parse_question(data: object, line: int = 0) -> Question:
    """A :class:`Question` from one decoded JSON value; ``_BadLine`` says what is wrong."""
    if not isinstance(data, Mapping):
        raise _BadLine(f"expected a JSON object, got {type(data).__name__}")
    missing = [name for name in REQUIRED if name not in data]
    if missing:
        raise _BadLine("missing field" + ("s " if len(missing) > 1 else " ") + ", ".join(missing))
    return Question(
        id=_text(data, "id"),
        lang=_choice(data, "lang", LANGS),
        question=_text(data, "question"),
        kind=_choice(data, "kind", KINDS),
        must_include=_groups(data["must_include"]),
        sources=_sources(data["sources"]),
        abstain=_flag(data, "abstain"),
        answer=_text(data, "answer") if "answer" in data else "",
        corpus=_text(data, "corpus") if "corpus" in data else DEFAULT_CORPUS,
        near_miss=_flag(data, "near_miss") if "near_miss" in data else False,
        line=line,
    )


def _text(data: Mapping[str, object], name: str) -> str:
    value = data[name]
    if not isinstance(value, str) or not value.strip():
        raise _BadLine(f"field '{name}' must be a non-empty string")
    return value


def _choice(data: Mapping[str, object], name: str, allowed: tuple[str, ...]) -> str:
    value = _text(data, name)
    if value not in allowed:
        raise _BadLine(f"field '{name}' is '{value}'; expected one of {', '.join(allowed)}")
    return value


def _flag(data: Mapping[str, object], name: str) -> bool:
    value = data[name]
    if not isinstance(value, bool):
        raise _BadLine(f"field '{name}' must be true or false")
    return value


def _groups(value: object) -> tuple[tuple[str, ...], ...]:
    shape = "field 'must_include' must be a list of lists of non-empty strings"
    if not isinstance(value, list):
        raise _BadLine(shape)
    groups: list[tuple[str, ...]] = []
    for group in value:
        if not isinstance(group, list) or not group:
            raise _BadLine(shape)
        if not all(isinstance(alt, str) and alt for alt in group):
            raise _BadLine(shape)
        groups.append(tuple(group))
    return tuple(groups)


def _sources(value: object) -> tuple[GoldSource, ...]:
    shape = "field 'sources' must be a list of {\"file\": ..., \"quote\": ...} objects"
    if not isinstance(value, list):
        raise _BadLine(shape)
    sources: list[GoldSource] = []
    for item in value:
        if not isinstance(item, Mapping) or "file" not in item or "quote" not in item:
            raise _BadLine(shape)
        sources.append(GoldSource(_text(item, "file"), _text(item, "quote")))
    return tuple(sources)
