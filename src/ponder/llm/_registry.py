"""Which backends exist, which one the settings choose, and building it.

Every backend registers the same way: a module decorates a class with
``@register("name")``. The class provides ``from_settings(settings) -> Backend`` and
``probe(settings) -> Availability`` (cheap: no model load; a configured remote
endpoint may be asked for its model list).

Where registrations come from, loaded on first use, in this order:

1. every module in ``ponder.llm.backends`` (built-ins: adding one = adding a module);
2. modules of other packages named by the ``ponder.backends`` entry-point group, e.g. in
   their pyproject::

       [project.entry-points."ponder.backends"]
       mine = "ponder_mine.backend"

   (an entry point into ``ponder`` itself is skipped: ``llm`` never imports the parts
   after it);
3. any module that calls ``register``: importing ``ponder.answer`` registers the
   model-less ``extractive`` backend; tests and scripts register their own.

Which backend answers is one rule, :func:`choose_backend`, shared by ``load_backend``,
``ponder models`` and ``ponder ask``; it loads and probes nothing (it imports the backend
modules to check a configured ``model_backend`` names one):

1. the backend asked for by name (``--backend``), else ``model_backend`` unless it is
   ``auto`` (the default);
2. ``openai`` when ``model_url`` is set;
3. ``llamacpp`` when ``model_path`` is set;
4. else ``extractive``: with no model configured, answers are extractive (installing
   ``ponder[local]`` alone does not switch to its model; set ``model_backend = "llamacpp"``).
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Protocol, TypeVar

from ..config import Settings
from ..errors import ConfigError, ModelUnavailableError
from ._base import Availability, Backend, BackendInfo

ENTRY_POINT_GROUP = "ponder.backends"
EXTRACTIVE = "extractive"
_PACKAGE = __name__.partition(".")[0]


class BackendType(Protocol):
    """What ``register`` accepts: usually a backend class with two classmethods."""

    def from_settings(self, settings: Settings) -> Backend: ...

    def probe(self, settings: Settings) -> Availability: ...


T = TypeVar("T", bound=BackendType)

_backends: dict[str, BackendType] = {}
_discovered = False
_discovery_lock = threading.Lock()


def register(name: str) -> Callable[[T], T]:
    """Class decorator: make ``name`` a value of ``model_backend``."""

    def decorate(kind: T) -> T:
        _backends[name] = kind
        return kind

    return decorate


def _discover() -> None:
    global _discovered
    with _discovery_lock:
        if _discovered:
            return
        from . import backends

        for info in pkgutil.iter_modules(backends.__path__, backends.__name__ + "."):
            importlib.import_module(info.name)
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if _own(ep):
                continue
            try:
                ep.load()
            except ImportError as e:
                raise ConfigError(
                    f"model backend plugin {ep.name!r} ({ep.value}) cannot be imported: {e}; "
                    "reinstall it or the package that provides it"
                ) from e
        _discovered = True


def _own(ep: EntryPoint) -> bool:
    """An entry point into this package (an old install may still list one)."""
    return ep.module.partition(".")[0] == _PACKAGE


def backend_names() -> list[str]:
    """Registered backend names, sorted."""
    _discover()
    return sorted(_backends)


@dataclass(frozen=True)
class BackendChoice:
    """The backend that answers, and why, in words for ``ponder models``."""

    name: str
    reason: str


def choose_backend(settings: Settings, requested: str | None = None) -> BackendChoice:
    """The backend the settings choose (``requested``: a name given for this call, such
    as ``--backend``; ``auto`` applies the rule). The rule is in the module doc."""
    name = (requested or settings.get("model_backend") or "auto").strip().lower()
    if name != "auto" and not requested:
        _discover()
        if name not in _backends and name != EXTRACTIVE:  # a SettingError: exit 2
            raise settings.unknown_choice("model_backend", settings.get("model_backend") or "",
                                          ["auto", *sorted({EXTRACTIVE, *_backends})])
    if name != "auto":
        return BackendChoice(name, "asked for" if requested else "model_backend is set")
    if settings.get("model_url"):
        return BackendChoice("openai", "model_url is set")
    if settings.get("model_path"):
        return BackendChoice("llamacpp", "model_path is set")
    return BackendChoice(
        EXTRACTIVE, "no model is configured; set model_backend, model_url or model_path to use one"
    )


def load_backend(settings: Settings) -> Backend:
    """Build the backend :func:`choose_backend` names."""
    _discover()
    name = choose_backend(settings).name
    kind = _backends.get(name)
    if kind is None and name == EXTRACTIVE:
        raise ModelUnavailableError(
            "no model is configured and the model-less 'extractive' backend is not "
            "registered (importing ponder.answer registers it); set model_url to an "
            "OpenAI-compatible server, or model_backend = \"llamacpp\" with 'ponder[local]'"
        )
    if kind is None:
        raise ConfigError(
            f"unknown model_backend {name!r}; choose one of: auto, {', '.join(sorted(_backends))}"
        )
    return kind.from_settings(settings)


def list_backends(settings: Settings) -> list[BackendInfo]:
    """Every registered backend with whether it can run and which one is active."""
    _discover()
    active = choose_backend(settings).name
    rows = []
    for name in sorted(_backends):
        a = _backends[name].probe(settings)
        rows.append(BackendInfo(name, a.available, a.reason, name == active, a.model, a.local))
    return rows
