"""Misuse exits 2 with one line naming the option and why; config-file typos are named
(issue 8, defect 7)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ponder.config import KNOWN_SETTINGS
from ponder.memory import MemoryStore
from ponder.store import Library

from ponder_cli import invoke

SRC = Path(__file__).resolve().parents[2] / "src" / "ponder"


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@pytest.mark.parametrize(
    ("args", "option", "why"),
    [
        (("ask", "what is PEP 657?", "--backend", "nope"), "--backend", "'nope'"),
        (("chat", "--backend", "nope"), "--backend", "'nope'"),
        (("memory", "add", "Call the dentist", "--kind", "reminder", "--due", "Friday"),
         "--due", "'Friday' is not an ISO 8601 date or time"),
        (("search", "-k", "0", "compute"), "-k", "0"),
        (("search", "--limit", "-3", "compute"), "--limit", "-3"),
    ],
)
def test_misuse_exits_2_naming_the_option(tmp_path: Path, args: tuple[str, ...], option: str,
                                          why: str) -> None:
    result = invoke("--library", tmp_path / "lib", *args, env={"PONDER_USER": "ann"})
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert option in result.stderr and why in result.stderr
    assert one_line(result.stderr).startswith("Error: Invalid value for")


def test_backend_names_still_accepted(tmp_path: Path) -> None:
    """A known backend passes the check (the missing library is what stops it, exit 1)."""
    for name in ("auto", "extractive", "Extractive"):
        result = invoke("--library", tmp_path / "none", "ask", "hello?", "--backend", name)
        assert result.returncode == 1 and "--backend" not in result.stderr, result.stderr


def test_empty_review_in_a_script_is_not_misuse(tmp_path: Path) -> None:
    Library.open(tmp_path / "lib").close()  # review reads first: it never creates a library
    result = invoke("--library", tmp_path / "lib", "memory", "review", "--user", "ann", input="")
    assert result.returncode == 0, result.stderr
    assert "nothing to review" in result.stdout
    with Library.open(tmp_path / "lib") as library:
        MemoryStore(library).add("ann", "Ann likes sailing", tier="inferred", reason="said twice")
    waiting = invoke("--library", tmp_path / "lib", "memory", "review", "--user", "ann", input="")
    assert waiting.returncode == 2 and "--keep-all or --drop-all" in waiting.stderr


def test_unknown_config_key_warns_once_with_the_closest(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('modle_backend = "openai"\n[memory]\nembed = "off"\n', encoding="utf-8")
    Library.open(tmp_path / "lib").close()  # a read command never creates one (issue 9)
    result = invoke("--library", tmp_path / "lib", "memory", "status", "--user", "ann",
                    env={"PONDER_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    warning = (f"unknown setting 'modle_backend' in {config}; "
               "did you mean 'model_backend'?")
    assert result.stderr.count(warning) == 1, result.stderr
    assert "memory_embed" not in result.stderr  # a known key, written as a table


def test_known_settings_cover_every_key_the_code_reads() -> None:
    """Every ``….get("name")`` (and ``flag``/``number``/``integer``) on a Settings names a
    key in ``KNOWN_SETTINGS``, the one schema of known keys, with the matching type."""
    read: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            first = node.args[0]
            if not (isinstance(func, ast.Attribute) and func.attr in TYPED
                    and _is_settings(func.value, path)):
                continue
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                read.add(first.value)
                kinds = TYPED[func.attr]
                assert first.value not in KNOWN_SETTINGS or \
                    KNOWN_SETTINGS[first.value].kind in kinds, (path, first.value, func.attr)
    assert {"library", "model_backend", "model_url", "memory_embed", "user"} <= read
    assert read - set(KNOWN_SETTINGS) == set()


#: the Settings accessors and the schema types each may read: yes/no settings only by flag
TYPED: dict[str, set[str]] = {"get": {"str", "path"}, "flag": {"bool"}, "number": {"float", "int"},
                              "integer": {"int"}}


def _is_settings(receiver: ast.expr, path: Path) -> bool:
    if isinstance(receiver, ast.Call):  # settings(None).get(...)
        return isinstance(receiver.func, ast.Name) and receiver.func.id == "settings"
    if isinstance(receiver, ast.Name):
        return receiver.id in {"settings", "config"} or (
            receiver.id == "self" and path.name == "config.py")
    return False
