"""Quick answers you can trust: retrieve once, compose, check every sentence, cite.

    from ponder.answer import ask
    answer = ask(library, "What does PEP 657 add to tracebacks?", settings=settings)

Importing this package registers the model-less ``extractive`` backend.
"""

from .ask import ask, resolve_backend
from .extractive import ExtractiveBackend
from .records import Answer, Citation
from .support import Support, SupportChecker

__all__ = [
    "Answer",
    "Citation",
    "ExtractiveBackend",
    "Support",
    "SupportChecker",
    "ask",
    "resolve_backend",
]
