"""Decoding a text file as a stream: bounded memory whatever the file size."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ponder.errors import DecodeError, EmptyFileError
from ponder.ingest.encoding import SAMPLE_BYTES, BadBytes, Encoding, cut_tail, settle

READ_BLOCK = 1 << 20
WINDOW_BEFORE = 1024
WINDOW_AFTER = 64 * 1024


def read_head(path: Path, limit: int = SAMPLE_BYTES) -> bytes:
    with path.open("rb") as f:
        return f.read(limit)


def read_window(path: Path, offset: int) -> bytes:
    """Bytes from a little before ``offset`` to 64 KB after it."""
    with path.open("rb") as f:
        start = max(0, offset - WINDOW_BEFORE)
        f.seek(start)
        return f.read(offset - start + WINDOW_AFTER)


@dataclass
class CutTail:
    """The bytes of a character the file ends before (decoded as U+FFFD), once read."""

    data: bytes = b""


def decoded_blocks(path: Path, enc: Encoding, cut: CutTail | None = None) -> Iterator[str]:
    """The file decoded strictly, block by block; raises :class:`BadBytes` at a bad byte.

    A UTF-8 file that ends part-way through a character ends in U+FFFD instead (its
    bytes are kept in ``cut``): the rest of the file is good text.
    """
    decoder = codecs.getincrementaldecoder(enc.codec)("strict")
    with path.open("rb") as f:
        f.seek(enc.skip)
        consumed = enc.skip
        while True:
            block = f.read(READ_BLOCK)
            pending = len(decoder.getstate()[0])
            if not block and pending and cut_tail(decoder.getstate()[0], enc.codec) == pending:
                if cut is not None:
                    cut.data = decoder.getstate()[0]
                yield "\ufffd"
                return
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError as err:
                offset = consumed - pending + err.start
                raise BadBytes(enc.codec, offset, err.object[err.start]) from None
            consumed += len(block)
            if text:
                yield text
            if not block:
                return


class StreamCheck:
    """Verifies that a whole file decodes, noting whether it holds any non-space text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.has_text = False

    def __call__(self, enc: Encoding) -> None:
        self.has_text = False
        for text in decoded_blocks(self.path, enc):
            if not self.has_text and not text.isspace():
                self.has_text = True


def settle_stream(path: Path, size: int) -> tuple[Encoding, str]:
    """The verified encoding of a text file and its first ~1 MB decoded (for the title)."""
    head = read_head(path)
    check = StreamCheck(path)
    enc = settle(str(path), head, len(head) >= size, check, lambda off: read_window(path, off))
    if not check.has_text:
        raise EmptyFileError(path, "contains only whitespace; there is no text to add")
    decoder = codecs.getincrementaldecoder(enc.codec)("replace")
    return enc, decoder.decode(head[enc.skip :], final=len(head) >= size)


def stream_text(path: Path, enc: Encoding, cut: CutTail | None = None) -> Iterator[str]:
    """Decoded blocks of a file already verified; a changed file gives :class:`DecodeError`."""
    try:
        yield from decoded_blocks(path, enc, cut)
    except BadBytes as bad:
        raise DecodeError(
            path,
            f"the file changed while it was read (undecodable byte at offset {bad.offset}); "
            "add it again",
        ) from None
