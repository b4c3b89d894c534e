"""Issue 8 (new-user trial): ``PONDER_MODEL_BACKEND=nope ponder ask …`` exited 1 where
``--backend nope`` exits 2, and a misspelt ``PONDER_*`` variable was silently ignored.

A setting value that cannot be used is misuse whichever way it was given (flag, PONDER_*
variable, config file): exit 2, one line naming the setting, where the value came from and
the values it can take. A PONDER_* variable spelt like a setting it is not draws a warning
naming the closest one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ponder.config import Settings, unknown_environment
from ponder.errors import SettingError
from ponder.store import Library

from ponder_cli import invoke

ENV = {"PONDER_USER": "ann", "PONDER_MEMORY_EMBED": "off"}


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    Library.open(tmp_path / "lib").close()
    return tmp_path / "lib"


def _last(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@pytest.mark.parametrize("args", [("ask", "What is PEP 657?"), ("chat",)], ids=" ".join)
def test_a_bad_backend_from_the_environment_exits_2_as_the_flag_does(
        lib: Path, args: tuple[str, ...]) -> None:
    by_flag = invoke("--library", lib, *args, "--backend", "nope", input="hi\n", env=ENV)
    by_env = invoke("--library", lib, *args, input="hi\n",
                    env={**ENV, "PONDER_MODEL_BACKEND": "nope"})
    assert by_flag.returncode == by_env.returncode == 2, (by_env.returncode, by_env.stderr)
    line = _last(by_env.stderr)
    assert line.startswith("Error: ") and "'nope'" in line and "PONDER_MODEL_BACKEND" in line
    for name in ("auto", "extractive", "llamacpp", "openai"):
        assert name in line
    assert by_env.stdout == ""


def test_a_bad_backend_in_the_config_file_names_the_file(lib: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[model]\nbackend = "nope"\n', encoding="utf-8")
    ran = invoke("--library", lib, "ask", "What is PEP 657?",
                 env={**ENV, "PONDER_CONFIG": str(config)})
    assert ran.returncode == 2, ran.stderr
    assert str(config) in ran.stderr and "model_backend" in ran.stderr


def test_known_backends_from_the_environment_still_work(lib: Path) -> None:
    for name in ("auto", "extractive", "Extractive"):
        ran = invoke("--library", lib, "ask", "What is PEP 657?",
                     env={**ENV, "PONDER_MODEL_BACKEND": name})
        assert ran.returncode == 0, (name, ran.stderr)


def test_a_bad_yes_no_value_is_misuse_too(lib: Path) -> None:
    ran = invoke("--library", lib, "memory", "add", "I prefer short answers",
                 env={**ENV, "PONDER_MEMORY_EMBED": "maybe"})
    assert ran.returncode == 2, ran.stderr
    line = _last(ran.stderr)
    assert "memory_embed" in line and "'maybe'" in line and "PONDER_MEMORY_EMBED" in line
    with pytest.raises(SettingError):
        Settings(env={"PONDER_MODEL_STREAM": "perhaps"}).flag("model_stream")


def test_a_misspelt_environment_variable_is_named_with_the_closest(lib: Path) -> None:
    ran = invoke("--library", lib, "memory", "status",
                 env={**ENV, "PONDER_MODLE_BACKEND": "openai", "PONDER_SHARED": "1"})
    assert ran.returncode == 0, ran.stderr
    warning = ("Warning: unknown environment variable PONDER_MODLE_BACKEND (ignored); "
               "did you mean PONDER_MODEL_BACKEND?")
    assert ran.stderr.count(warning) == 1, ran.stderr
    assert "PONDER_SHARED" not in ran.stderr  # not spelt like a setting: another tool's


def test_unknown_environment() -> None:
    env = {"PONDER_BACKEND": "openai", "PONDER_LIBARY": "/tmp/x", "PONDER_NOW": "2026-01-01",
           "PONDER_CONFIG": "/tmp/c.toml", "PONDER_MODEL_URL": "http://x", "HOME": "/root",
           "PONDER_TEST_FULL_CORPUS": "1", "PONDER_CHATHISTORY": ""}
    assert unknown_environment(env) == [
        "unknown environment variable PONDER_BACKEND (ignored); "
        "did you mean PONDER_MODEL_BACKEND?",
        "unknown environment variable PONDER_LIBARY (ignored); did you mean PONDER_LIBRARY?",
    ]
