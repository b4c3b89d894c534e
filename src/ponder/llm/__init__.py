"""Talking to a model: one protocol, many backends.

    from ponder.llm import Message, complete, load_backend
    backend = load_backend(settings)          # from model_backend, model_path, model_url, ...
    for piece in backend.generate([Message("user", "Hi")]):
        print(piece, end="")
    choose_backend(settings)                  # BackendChoice(name="extractive", reason="...")

Backends register with ``@register("name")``; see ``_registry`` for where they come
from and the one rule by which ``choose_backend`` picks (no model configured:
``extractive``, which ``ponder.answer`` registers). Errors are ``ponder.errors.ModelError``.
"""

from ._base import (
    Availability,
    Backend,
    BackendInfo,
    Message,
    complete,
    estimate_tokens,
)
from ._registry import (
    BackendChoice,
    BackendType,
    backend_names,
    choose_backend,
    list_backends,
    load_backend,
    register,
)
from .backends.scripted import Call, ScriptedBackend

__all__ = [
    "Availability",
    "Backend",
    "BackendChoice",
    "BackendInfo",
    "BackendType",
    "Call",
    "Message",
    "ScriptedBackend",
    "backend_names",
    "choose_backend",
    "complete",
    "estimate_tokens",
    "list_backends",
    "load_backend",
    "register",
]
