"""Issue 8 (new-user trial): "remember that I like \\x1b[31mred\\x1b[0m … \\x00" was stored as
typed, and ``memory list`` printed the escapes to the terminal. Escape sequences and
control characters (but a tab and a line break) are removed before a memory or a turn is
stored (``ponder.memory.text.clean_text``), and the Markdown export is safe even for rows
stored before that."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ponder.memory.text import clean_text

from ponder_cli import Ran, invoke

NOW = "2026-12-01T09:00:00+00:00"
TYPED = ("remember that I like \x1b[31mred\x1b[0m and \x07bells \x00nul \x9b2J"
         "\u202etxet\x1b]0;pwned\x07 tea")
BAD = ["\x1b", "\x00", "\x07", "\x9b", "\u202e", "pwned"]


def _run(lib: Path, *args: str, stdin: str | None = None) -> Ran:
    return invoke("--library", lib, *args, input=stdin,
                  env={"PONDER_USER": None, "PONDER_NOW": NOW, "PONDER_MEMORY_EMBED": "off"})


@pytest.mark.parametrize(("text", "clean"), [
    ("I like \x1b[31mred\x1b[0m", "I like red"),
    ("tab\tand\nline", "tab\tand\nline"),
    ("a\r\nb\rc", "a\nb\nc"),
    ("nul\x00 bell\x07 del\x7f c1\x85", "nul bell del c1"),
    ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
    ("\u202eevil\u2066", "evil"),
    ("中文 é 😀", "中文 é 😀"),
])
def test_clean_text(text: str, clean: str) -> None:
    assert clean_text(text) == clean


def test_chat_stores_no_control_characters(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    assert _run(lib, "memory", "add", "I drink water", "--user", "sam").returncode == 0
    ran = _run(lib, "chat", "--user", "dana", "--json", stdin=TYPED + "\n")
    assert ran.returncode == 0, ran.stderr
    listed = _run(lib, "memory", "list", "--user", "dana", "--json")
    [memory] = json.loads(listed.stdout)
    assert memory["text"].startswith("I like red and bells nul")
    human = _run(lib, "memory", "list", "--user", "dana").stdout
    markdown = _run(lib, "memory", "export", "--user", "dana", "--format", "markdown").stdout
    [path] = list(lib.rglob("*.sqlite"))
    db = sqlite3.connect(path)
    stored = [str(r[0]) for sql in ("SELECT text FROM memories", "SELECT quote FROM memories",
                                    "SELECT text FROM turns") for r in db.execute(sql)]
    db.close()
    assert any("I like red" in text for text in stored)
    for out in (memory["text"], json.dumps(memory, ensure_ascii=False), human, markdown,
                *stored):
        found = [bad for bad in BAD if bad in out]
        assert not found, (found, out[:300])


def test_markdown_export_is_safe_for_rows_stored_raw(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    ran = _run(lib, "memory", "add", "I like tea", "--user", "dana")
    assert ran.returncode == 0, ran.stderr
    [path] = [p for p in lib.rglob("*.sqlite")]
    db = sqlite3.connect(path)
    db.execute("UPDATE memories SET text = ?", ("I like \x1b[31mred\x1b[0m\x07 tea",))
    db.commit()
    db.close()
    markdown = _run(lib, "memory", "export", "--user", "dana", "--format", "markdown").stdout
    assert "I like red tea" in markdown
    assert "\x1b" not in markdown and "\x07" not in markdown
