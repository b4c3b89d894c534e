"""Part-of-speech tags of Chinese words, by jieba's tagger (loaded once, on first use).

    pos_tags("看到")  -> ["v"]

jieba announces loading its dictionary on a stderr handler of its own ("Building prefix
dict from the default dictionary ...", "Loading model cost 0.6 seconds."). On first use
that handler is replaced by one passing jieba's records on to Ponder's log at debug
level, so a normal run of ``ponder ask`` or ``ponder chat`` prints none of it. Ponder
reaches jieba's tagger only through here.
"""

from __future__ import annotations

import logging
from functools import cache
from types import ModuleType

log = logging.getLogger(__name__)


class _ToLog(logging.Handler):
    """Passes jieba's records on to Ponder's log, at debug level."""

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("jieba: %s", record.getMessage())


@cache
def _posseg() -> ModuleType:
    import jieba
    import jieba.posseg

    logger = logging.getLogger(jieba.__name__)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_ToLog())
    logger.propagate = False
    tagger: ModuleType = jieba.posseg
    return tagger


def pos_tags(text: str) -> list[str]:
    """jieba's part-of-speech flag of each word of ``text``."""
    return [str(w.flag) for w in _posseg().cut(text)]
