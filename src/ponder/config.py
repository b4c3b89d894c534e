"""Configuration: flags, then ``PONDER_*`` environment variables, then a TOML file, then defaults.

The TOML file is ``$PONDER_CONFIG`` or ``<config dir>/config.toml``; its keys are
the same names as the environment variables without the prefix, lower-case,
optionally grouped in tables (``[model] backend = "openai"`` is ``model_backend``).
The known keys are ``KNOWN_SETTINGS``; ``unknown_settings`` words a warning for any other
key of the file, and ``unknown_environment`` for a ``PONDER_*`` variable that looks like a
misspelt setting. A value a setting cannot take is a ``SettingError`` (exit 2) naming the
setting, where the value came from and what it can be.
"""

from __future__ import annotations

import difflib
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import platformdirs

from .errors import ConfigError, SettingError

APP = "ponder"

Kind = Literal["bool", "int", "float", "str", "path"]


@dataclass(frozen=True)
class Setting:
    """One known setting: its type, its default (None: unset, or decided where noted) and
    what it is. ``docs/settings.md`` is generated from these by ``tools/cli_docs.py``."""

    kind: Kind
    default: bool | int | float | str | None
    help: str
    minimum: float | None = None


#: Every setting Ponder reads (``Settings.get``/``flag``/``number``/``integer``), typed, with
#: its default: the one schema of known keys. A config-file key not in it draws a warning
#: naming the closest known key (``tests/cli/test_misuse_cli.py`` checks that every key the
#: code reads is here).
KNOWN_SETTINGS: dict[str, Setting] = {
    "library": Setting("path", None, "library directory (or .sqlite file); "
                       "unset: a per-user data directory"),
    "user": Setting("str", None, "whose memory, when --user is not given; unset: the OS user"),
    "memory_embed": Setting("bool", True, "embed memories for recall by meaning"),
    "chat_history": Setting("bool", True, "keep the lines typed in 'ponder chat' on a terminal "
                            "for line editing, per user (forget, clear and deny erase them)"),
    "model_backend": Setting("str", "auto", "auto, extractive, llamacpp, openai, ..."),
    "model_url": Setting("str", None, "base URL of an OpenAI-compatible server"),
    "model_name": Setting("str", None, "model name on that server"),
    "model_key": Setting("str", None, "API key for that server (else OPENAI_API_KEY)"),
    "model_stream": Setting("bool", True, "stream the model's answer"),
    "model_timeout": Setting("float", 120.0, "seconds to wait for the model", minimum=0.01),
    "model_retries": Setting("int", 2, "retries after a failed model request", minimum=0),
    "model_ctx": Setting("int", None, "context window of the model, in tokens; "
                         "unset: 2048 local, 4096 server", minimum=64),
    "model_threads": Setting("int", 2, "CPU threads for the local model", minimum=1),
    "model_path": Setting("path", None, "path of a local model file (GGUF)"),
    "eval_corpus_root": Setting("path", None, "where 'ponder eval' finds the corpora its "
                                "questions name; unset: ../corpus beside the questions"),
}

#: ``PONDER_*`` variables that are not settings (no config-file key)
ENVIRONMENT_ONLY = {
    "config": "path of the config file",
    "now": "a fixed clock (ISO 8601), for tests",
    "cache_dir": "where derived, rebuildable data (the dictionary index) is kept",
}

#: the spellings of yes and no that ``Settings.flag`` accepts, in any case
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


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


def unknown_environment(env: Mapping[str, str]) -> list[str]:
    """One warning per ``PONDER_*`` variable that is not a setting but is spelt like one
    (``PONDER_MODLE_BACKEND``, ``PONDER_BACKEND``). Variables not close to any known name
    are left alone: other tools and test suites use the prefix too."""
    known = [*KNOWN_SETTINGS, *ENVIRONMENT_ONLY]
    warnings = []
    for var in sorted(env):
        if not var.startswith("PONDER_") or not env[var]:
            continue
        key = var.removeprefix("PONDER_").lower()
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        if close:
            warnings.append(f"unknown environment variable {var} (ignored); "
                            f"did you mean PONDER_{close[0].upper()}?")
    return warnings


@dataclass
class Settings:
    """Resolved settings. ``get`` looks up flags, env, file, defaults in that order."""

    flags: dict[str, str | None] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    file: dict[str, str] = field(default_factory=dict)
    file_path: Path | None = None

    @classmethod
    def load(cls, flags: Mapping[str, str | None] | None = None) -> Settings:
        env = dict(os.environ)
        path = config_path(env)
        return cls(dict(flags or {}), env, read_toml(path), path)

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

    def source(self, name: str) -> str:
        """Where ``get(name)`` found its value: a flag, an environment variable or the file."""
        if self.flags.get(name) is not None:
            return "a command-line flag"
        if self.env.get(f"PONDER_{name.upper()}"):
            return f"PONDER_{name.upper()}"
        return str(self.file_path) if self.file_path else "the config file"

    def _bad(self, name: str, raw: str, wanted: str) -> SettingError:
        return SettingError(f"setting {name} must be {wanted}, not {raw!r} "
                            f"(from {self.source(name)}); fix or unset it")

    def unknown_choice(self, name: str, raw: str, choices: list[str]) -> SettingError:
        """``raw`` is not one of ``choices`` for ``name`` (``PONDER_MODEL_BACKEND=nope``)."""
        return SettingError(f"unknown {name} {raw!r} (from {self.source(name)}); choose one "
                            f"of: {', '.join(choices)}; fix or unset it")

    def _schema(self, name: str, kind: tuple[Kind, ...]) -> Setting:
        spec = KNOWN_SETTINGS[name]
        assert spec.kind in kind, f"{name} is a {spec.kind} setting"
        return spec

    def flag(self, name: str) -> bool:
        """A yes/no setting: true/yes/on/1 or false/no/off/0 in any case; unset is the
        schema's default; anything else is a ConfigError naming key, value and source."""
        spec = self._schema(name, ("bool",))
        raw = self.get(name)
        if raw is None or raw.strip() == "":
            return bool(spec.default)
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise self._bad(name, raw, "one of " + "/".join(TRUE_WORDS + FALSE_WORDS))

    def number(self, name: str, default: float | None = None) -> float:
        """A numeric setting at least the schema's minimum; ``default`` when the schema's
        default is None (decided by the caller)."""
        spec = self._schema(name, ("float", "int"))
        raw = self.get(name)
        fallback = spec.default if spec.default is not None else default
        if raw is None or raw.strip() == "":
            if fallback is None:
                raise ConfigError(f"setting {name} has no default; set it")
            return float(fallback)
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        minimum = spec.minimum if spec.minimum is not None else -math.inf
        if not value >= minimum:  # also catches NaN
            raise self._bad(name, raw, f"a number >= {minimum:g}")
        return value

    def integer(self, name: str, default: int | None = None) -> int:
        """A whole-number setting, as ``number``."""
        self._schema(name, ("int",))
        value = self.number(name, default)
        if value != int(value):
            raise self._bad(name, self.get(name) or "", "a whole number")
        return int(value)
