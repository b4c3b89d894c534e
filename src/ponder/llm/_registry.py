"""Which backends exist, and building the one the settings ask for.

Every backend registers the same way: a module decorates a class with
``@register("name")``. The class provides ``from_settings(settings) -> Backend`` and
``probe(settings) -> Availability`` (cheap: no model load; a configured remote
endpoint may be asked for its model list).

Where registrations come from, loaded on first use, in this order:

1. every module in ``ponder.llm.backends`` (built-ins: adding one = adding a module);
2. modules named by the ``ponder.backends`` entry-point group, e.g. in pyproject::

       [project.entry-points."ponder.backends"]
       extractive = "ponder.answer.extractive"

3. any module that calls ``register`` before ``load_backend`` (tests, scripts).

``model_backend = "auto"`` (the default) picks, in order: ``openai`` when ``model_url``
is set, ``llamacpp`` when llama-cpp-python and a model file are present, else
``extractive`` when it is registered. ``load_backend`` never returns None: the model-less
``extractive`` backend is an ordinary registered backend (callers check ``.name``).
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Protocol, TypeVar

from ..config import Settings
from ..errors import ConfigError, ModelUnavailableError
from ._base import Availability, Backend, BackendInfo

ENTRY_POINT_GROUP = "ponder.backends"
AUTO_ORDER = ("llamacpp", "extractive")


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
            try:
                ep.load()
            except ImportError as e:
                raise ConfigError(
                    f"model backend plugin {ep.name!r} ({ep.value}) cannot be imported: {e}; "
                    "reinstall it or the package that provides it"
                ) from e
        _discovered = True


def backend_names() -> list[str]:
    """Registered backend names, sorted."""
    _discover()
    return sorted(_backends)


def _choose(settings: Settings) -> str:
    chosen = (settings.get("model_backend") or "auto").strip().lower()
    if chosen != "auto":
        return chosen
    if settings.get("model_url"):
        return "openai"
    for name in AUTO_ORDER:
        kind = _backends.get(name)
        if kind is not None and kind.probe(settings).available:
            return name
    raise ModelUnavailableError(
        "no model backend is available: install the local model with "
        "pip install 'ponder[local]', or set model_url to an OpenAI-compatible server"
    )


def load_backend(settings: Settings) -> Backend:
    """Build the backend named by ``model_backend`` (default ``auto``, see module doc)."""
    _discover()
    name = _choose(settings)
    kind = _backends.get(name)
    if kind is None:
        raise ConfigError(
            f"unknown model_backend {name!r}; choose one of: auto, {', '.join(sorted(_backends))}"
        )
    return kind.from_settings(settings)


def list_backends(settings: Settings) -> list[BackendInfo]:
    """Every registered backend with whether it can run and which one is active."""
    _discover()
    try:
        active: str | None = _choose(settings)
    except ModelUnavailableError:
        active = None
    rows = []
    for name in sorted(_backends):
        a = _backends[name].probe(settings)
        rows.append(BackendInfo(name, a.available, a.reason, name == active, a.model, a.local))
    return rows
