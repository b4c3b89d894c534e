"""Split repaired text into passages: sentence-aware, speaker- and heading-aware."""

from .passages import Span, segment

__all__ = ["Span", "segment"]
