"""Which document a user means by a selector (``--doc``, ``sources --repairs``, ``remove``).

Rules, in order; the first rule that matches anything decides:

1. an exact id, written in canonical decimal (``7``; ``007`` is not an id);
2. an exact path (as stored, or as given relative to the working directory);
3. a file-name prefix, ignoring case (``001`` → ``001_bc75….txt``); a selector with a
   ``/`` is a prefix of the path's tail (``library/path`` → ``…/library/pathlib.html``);
4. a fragment of the title, in matching form (case, width and script folded, so
   ``專訪`` finds ``专访``).

A rule that matches more than one document is an error that lists them.  A selector
that can name no document — empty, blank, or only a path root such as ``/``, ``.`` or
``~`` (which rule 3 would match against every path) — is refused before any rule runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..errors import AmbiguousDocumentError, DocumentNotFoundError
from ..text.normalize import matching_form

#: candidates listed in an ambiguity error
SHOWN = 10
#: a selector made only of these is a path root or the current folder, not a document
ROOT_CHARACTERS = frozenset("/\\.~")
HOW_TO_SELECT = "give an id, a file name or part of a title; list them with 'ponder sources'"


@dataclass(frozen=True)
class Candidate:
    id: int
    path: str
    title: str


def is_id(selector: str) -> bool:
    """Canonical decimal: digits with no leading zero (``"7"``, not ``"007"``)."""
    return selector.isascii() and selector.isdigit() and selector == str(int(selector))


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` can name no document (empty, blank, a path root), else None."""
    text = selector.strip()
    if not text:
        return f"no document given (the selector is empty or blank); {HOW_TO_SELECT}"
    if set(text) <= ROOT_CHARACTERS:
        return f"'{text}' is a path root or folder, not a document; {HOW_TO_SELECT}"
    if text.startswith(("/", "~", "./", "../")) and _is_folder(text):
        return f"'{text}' is a folder, not a document; {HOW_TO_SELECT}"
    return None


def _is_folder(text: str) -> bool:
    try:
        return Path(text).expanduser().is_dir()
    except OSError:
        return False


def _path_tails(path: str) -> list[str]:
    """Every tail of ``path`` that starts after a ``/`` ("a/b/c" → "b/c", "c"), casefolded."""
    folded = path.casefold()
    return [folded[i + 1 :] for i, ch in enumerate(folded) if ch == "/"]


def _exact_path(selector: str) -> Callable[[Candidate], bool]:
    given = {selector, str(Path(selector).expanduser().resolve())}
    return lambda c: c.path in given


def _name_prefix(selector: str) -> Callable[[Candidate], bool]:
    wanted = selector.casefold()
    if "/" in wanted:
        return lambda c: c.path.casefold().startswith(wanted) or any(
            tail.startswith(wanted) for tail in _path_tails(c.path)
        )
    return lambda c: PurePath(c.path).name.casefold().startswith(wanted)


def _title_fragment(selector: str) -> Callable[[Candidate], bool]:
    wanted = matching_form(selector)
    return lambda c: wanted in matching_form(c.title)


def select(selector: str, candidates: Sequence[Candidate]) -> Candidate:
    """The one candidate ``selector`` means, by the rules above."""
    problem = selector_problem(selector)
    if problem is not None:
        raise DocumentNotFoundError(problem)
    text = selector.strip()
    if is_id(text):
        found = [c for c in candidates if c.id == int(text)]
        if found:
            return found[0]
    for rule in (_exact_path, _name_prefix, _title_fragment):
        matches = list(filter(rule(text), candidates))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousDocumentError(_ambiguous(text, matches))
    raise DocumentNotFoundError(f"no document matches '{text}'; list them with 'ponder sources'")


def _ambiguous(selector: str, matches: Sequence[Candidate]) -> str:
    lines = [f"  {c.id}  {PurePath(c.path).name}  {c.title[:60]}" for c in matches[:SHOWN]]
    if len(matches) > SHOWN:
        lines.append(f"  … and {len(matches) - SHOWN} more")
    return (
        f"'{selector}' matches several documents ({len(matches)}); "
        "give an id or more of the name:\n"
        + "\n".join(lines)
    )
