"""Export (a JSON-able dict, or Markdown for reading) and import of one user's memories.

The export holds every memory with its history and provenance, and the deny list.
Import writes into the importing user (whoever exported it), skips what that user's
deny list refuses and what is already stored, keeps history as history, and lets
the newer of two memories on the same subject and slot be the current one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from ..errors import MemoryImportError, MemoryInputError
from .clock import parse_time, stamp
from .deny import DenyPattern
from .records import KINDS, TIERS, Kind, Memory, Provenance
from .text import clean_text
from .write import Draft

FORMAT = "ponder-memory-export"
VERSION = 1
HEADINGS: dict[Kind, str] = {
    "preference": "Preferences", "fact": "Facts", "lesson": "Lessons",
    "reminder": "Reminders", "topic": "Topics",
}


def export_dict(
    user: str, now: str, memories: Sequence[Memory], deny: Sequence[DenyPattern],
    flags: tuple[bool, bool],
) -> dict[str, object]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "user": user,
        "exported_at": now,
        "settings": {"memory_enabled": flags[0], "learning_enabled": flags[1]},
        "deny_list": [{"pattern": d.pattern, "created_at": d.created_at} for d in deny],
        "memories": [m.to_json() for m in memories],
    }


def _safe(text: str) -> str:
    """Text for one Markdown line: escape sequences and control characters removed (rows
    stored before ``clean_text`` existed may hold them), line breaks as spaces."""
    return " ".join(clean_text(text).split())


def _line(m: Memory) -> str:
    p = m.provenance
    source = [f"by {p.extractor}"]
    if p.conversation_id is not None:
        turn = f", turn {p.turn_id}" if p.turn_id else ""
        source.append(f"conversation {p.conversation_id}{turn}")
    if p.quote:
        source.append(f"quote “{_safe(p.quote)}”")
    until = (m.valid_to or "")[:10]
    when = f"since {m.valid_from[:10]}" if m.current else f"{m.valid_from[:10]} → {until}"
    extra = f"; due {m.due_at}" + (" (done)" if m.done else "") if m.kind == "reminder" else ""
    replaced = f"; replaced by #{m.superseded_by}" if m.superseded_by else ""
    return (f"- **#{m.id}** {_safe(m.text)} — {m.tier}, {_safe(m.reason)}; "
            f"{'; '.join(source)}; "
            f"{when}{extra}{replaced}")


def export_markdown(data: Mapping[str, object], memories: Sequence[Memory]) -> str:
    settings = cast(Mapping[str, bool], data["settings"])
    memory = "on" if settings["memory_enabled"] else "off"
    learning = "on" if settings["learning_enabled"] else "off"
    lines = [
        f"# Memories of {data['user']}", "",
        f"Exported {data['exported_at']}. Memory is {memory}; learning is {learning}.",
    ]
    for kind in KINDS:
        chosen = [_line(m) for m in memories if m.current and m.kind == kind]
        if chosen:
            lines += ["", f"## {HEADINGS[kind]}", "", *chosen]
    history = [_line(m) for m in memories if not m.current]
    if history:
        lines += ["", "## History (superseded)", "", *history]
    deny = cast(list[Mapping[str, str]], data["deny_list"])
    if deny:
        lines += ["", "## Never remember", "", *(f"- `{_safe(d['pattern'])}`" for d in deny)]
    return "\n".join(lines) + "\n"


def _text(entry: Mapping[str, object], name: str, where: str, required: bool = False) -> str | None:
    value = entry.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise MemoryImportError(f"{where}: '{name}' must be a non-empty string")
    return value


def _time(entry: Mapping[str, object], name: str, where: str) -> str | None:
    value = _text(entry, name, where)
    if value is None:
        return None
    try:
        return stamp(parse_time(value, what=f"'{name}'"))
    except MemoryInputError as e:
        raise MemoryImportError(f"{where}: {e}") from e


def _int(entry: Mapping[str, object], name: str, where: str) -> int | None:
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise MemoryImportError(f"{where}: '{name}' must be a whole number")
    return value


def draft_from(entry: object, index: int) -> tuple[int | None, int | None, Draft]:
    """(old id, old superseded_by, the draft) for one exported memory, or MemoryImportError."""
    where = f"memory {index + 1}"
    if not isinstance(entry, Mapping):
        raise MemoryImportError(f"{where}: expected an object, got {type(entry).__name__}")
    kind = _text(entry, "kind", where, required=True)
    tier = _text(entry, "tier", where) or "saved"
    if kind not in KINDS or tier not in TIERS:
        raise MemoryImportError(f"{where}: kind {kind!r} or tier {tier!r} is not known")
    provenance = Provenance(
        extractor=_text(entry, "extractor", where) or "import",
        conversation_id=_int(entry, "conversation_id", where),
        turn_id=_int(entry, "turn_id", where),
        quote=_text(entry, "quote", where),
    )
    draft = Draft(
        text=cast(str, _text(entry, "text", where, required=True)),
        kind=kind, tier=tier,
        reason=_text(entry, "reason", where) or "imported",
        subject=_text(entry, "subject", where), slot=_text(entry, "slot", where),
        provenance=provenance, due_at=_time(entry, "due_at", where),
        valid_from=_time(entry, "valid_from", where), created_at=_time(entry, "created_at", where),
        valid_to=_time(entry, "valid_to", where), done=bool(entry.get("done", False)),
        mentions=_int(entry, "mentions", where) or 1,
    )
    return _int(entry, "id", where), _int(entry, "superseded_by", where), draft


def parse(data: object) -> tuple[list[tuple[int | None, int | None, Draft]], list[str]]:
    """The drafts (in time order) and deny patterns of an export, or MemoryImportError."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise MemoryImportError(f"not a Ponder memory export (expected \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise MemoryImportError(f"memory export version {data.get('version')!r} is not {VERSION}")
    entries = data.get("memories")
    if not isinstance(entries, list):
        raise MemoryImportError("the export has no 'memories' list")
    drafts = [draft_from(e, i) for i, e in enumerate(entries)]
    drafts.sort(key=lambda d: (d[2].valid_from or "", d[0] or 0))
    deny = data.get("deny_list", [])
    patterns = [str(d["pattern"]) for d in deny if isinstance(d, Mapping) and "pattern" in d] \
        if isinstance(deny, list) else []
    return drafts, patterns
