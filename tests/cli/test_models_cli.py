"""``ponder models`` marks the backend ``ponder ask`` would use, by the same rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ponder.answer import resolve_backend
from ponder.cli.model_cmds import models
from ponder.config import Settings


def run(tmp_path: Path, *args: str, **env: str) -> str:
    environ = {"PONDER_CONFIG": str(tmp_path / "none.toml"), "COLUMNS": "200", **env}
    result = CliRunner().invoke(models, ["--library", str(tmp_path / "lib"), *args], env=environ)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("env", "active"),
    [
        ({}, "extractive"),
        ({"PONDER_MODEL_BACKEND": "scripted"}, "scripted"),
        ({"PONDER_MODEL_URL": "http://127.0.0.1:9/v1"}, "openai"),
    ],
)
def test_models_and_ask_agree(tmp_path: Path, env: dict[str, str], active: str) -> None:
    rows = json.loads(run(tmp_path, "--json", **env))
    assert [r["name"] for r in rows if r["active"]] == [active]
    assert f"Active: {active} (" in run(tmp_path, **env)
    settings = Settings(flags={}, env=env, file={})
    backend, notes = resolve_backend(settings, None)  # builds it; nothing is asked yet
    assert backend.name == active and not notes
