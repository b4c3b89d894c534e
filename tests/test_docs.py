"""Docs live beside the code: every command is documented, and the reference is current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click
import pytest

from ponder.cli import cli

REPO = Path(__file__).resolve().parents[1]


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_docs", REPO / "tools" / "cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    generated = load_generator().render()
    current = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == generated, "docs/cli.md is stale: run python tools/cli_docs.py"


def test_settings_reference_is_current() -> None:
    """docs/settings.md is the typed settings schema, every known key in it."""
    generated = load_generator().render_settings()
    current = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    assert current == generated, "docs/settings.md is stale: run python tools/cli_docs.py"
    from ponder.config import KNOWN_SETTINGS

    for name, spec in KNOWN_SETTINGS.items():
        assert f"| `{name}` | `PONDER_{name.upper()}` | {spec.kind}" in current


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme_with_help(name: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"ponder {name}" in readme
    command = cli.commands[name]
    ctx = click.Context(command, info_name=name)
    text = command.get_help(ctx)
    assert "Examples:" in text, f"'ponder {name} --help' has no examples"
