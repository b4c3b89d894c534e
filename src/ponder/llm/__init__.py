"""Talking to a model: one protocol, many backends.

    from ponder.llm import Message, complete, load_backend
    backend = load_backend(settings)          # from model_backend, model_path, model_url, ...
    for piece in backend.generate([Message("user", "Hi")]):
        print(piece, end="")

Backends register with ``@register("name")``; see ``_registry`` for where they come
from and how ``model_backend = "auto"`` chooses. Errors are ``ponder.errors.ModelError``.
"""

from ._base import (
    Availability,
    Backend,
    BackendInfo,
    Message,
    complete,
    estimate_tokens,
)
from ._registry import BackendType, backend_names, list_backends, load_backend, register
from .backends.scripted import Call, ScriptedBackend

__all__ = [
    "Availability",
    "Backend",
    "BackendInfo",
    "BackendType",
    "Call",
    "Message",
    "ScriptedBackend",
    "backend_names",
    "complete",
    "estimate_tokens",
    "list_backends",
    "load_backend",
    "register",
]
