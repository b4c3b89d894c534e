"""Configuration: flags, then ``PONDER_*`` environment variables, then a TOML file, then defaults.

The TOML file is ``$PONDER_CONFIG`` or ``<config dir>/config.toml``; its keys are
the same names as the environment variables without the prefix, lower-case,
optionally grouped in tables (``[model] backend = "openai"`` is ``model_backend``).
The known keys are ``KNOWN_SETTINGS``; ``unknown_settings`` words a warning for any other.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .errors import ConfigError

APP = "ponder"

#: Every setting Ponder reads (``Settings.get``), with what it is: the one list of known
#: keys. A config-file key not in it draws a warning naming the closest known key
#: (``tests/cli/test_misuse_cli.py`` checks that every key the code reads is here).
KNOWN_SETTINGS: dict[str, str] = {
    "library": "library directory (or .sqlite file)",
    "user": "whose memory, when --user is not given",
    "memory_embed": "embed memories for recall by meaning (on/off)",
    "model_backend": "auto, extractive, llamacpp, openai, ...",
    "model_url": "base URL of an OpenAI-compatible server",
    "model_name": "model name on that server",
    "model_key": "API key for that server",
    "model_stream": "stream the model's answer (true/false)",
    "model_timeout": "seconds to wait for the model",
    "model_retries": "retries after a failed model request",
    "model_ctx": "context window of the model, in tokens",
    "model_threads": "CPU threads for the local model",
    "model_path": "path of a local model file (GGUF)",
    "eval_corpus_root": "where 'ponder eval' finds the corpora its questions name",
}


def default_library_dir() -> Path:
    """The per-user data directory that holds the default library."""
    return Path(platformdirs.user_data_dir(APP))


def config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    explicit = env.get("PONDER_CONFIG")
    return Path(explicit) if explicit else Path(platformdirs.user_config_dir(APP)) / "config.toml"


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}".lower()
        if isinstance(value, Mapping):
            out.update(_flatten(value, name + "_"))
        else:
            out[name] = str(value)
    return out


def read_toml(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as f:
            return _flatten(tomllib.load(f))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read configuration ({e}); fix or remove the file") from e


def unknown_settings(file: Mapping[str, str], path: Path) -> list[str]:
    """One warning per key of a config file that is not in ``KNOWN_SETTINGS``."""
    warnings = []
    for key in file:
        if key in KNOWN_SETTINGS:
            continue
        close = difflib.get_close_matches(key, KNOWN_SETTINGS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else \
            f"; known settings: {', '.join(KNOWN_SETTINGS)}"
        warnings.append(f"unknown setting {key!r} in {path}{hint}")
    return warnings


@dataclass
class Settings:
    """Resolved settings. ``get`` looks up flags, env, file, defaults in that order."""

    flags: dict[str, str | None] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    file: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, flags: Mapping[str, str | None] | None = None) -> Settings:
        env = dict(os.environ)
        return cls(dict(flags or {}), env, read_toml(config_path(env)))

    def get(self, name: str, default: str | None = None) -> str | None:
        flag = self.flags.get(name)
        if flag is not None:
            return flag
        env_value = self.env.get(f"PONDER_{name.upper()}")
        if env_value:
            return env_value
        return self.file.get(name.lower(), default)

    def library_dir(self) -> Path:
        value = self.get("library")
        return Path(value).expanduser() if value else default_library_dir()
