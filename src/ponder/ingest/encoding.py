"""Which text encoding a file is in, decided from its bytes.

Order of evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. an encoding the document declares (HTML ``<meta charset>``), if it decodes cleanly;
3. strict UTF-8;
4. a legacy encoding: GB18030 (a superset of GBK/GB2312), Big5 or cp1252.  Each candidate
   must decode the sample strictly; charset-normalizer ranks the survivors.

Bytes that are *almost* UTF-8 -- most non-ASCII sequences valid, a few not -- are a damaged
UTF-8 file, never silently cp1252: that is a :class:`DecodeError` naming the first bad byte.
Legacy text is rarely valid UTF-8 by chance (GBK Chinese: about one sequence in six), so
the share of valid multi-byte sequences tells the two apart.

Callers verify the choice over the whole file (see :func:`settle`); when a later byte
disproves it, :func:`settle` asks for the next candidate.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

from ponder.errors import BinaryFileError, DecodeError
from ponder.records import Repair

SAMPLE_BYTES = 1 << 20
BINARY_PROBE = 64 * 1024
LEGACY = ("gb18030", "big5", "cp1252")
#: a file whose non-ASCII sequences are at least this share valid UTF-8 is damaged UTF-8
DAMAGED_UTF8_SHARE = 0.8
CONTROL_SHARE = 0.10

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "iso8859-1": "cp1252", "ascii": "cp1252"}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_ESCAPED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Encoding:
    """How to decode a file: ``codec`` applied to the bytes after ``skip`` BOM bytes."""

    codec: str
    skip: int = 0

    @property
    def label(self) -> str:
        """The name reported to users (``utf-8-sig`` when a UTF-8 BOM was skipped)."""
        return "utf-8-sig" if self.codec == "utf-8" and self.skip else self.codec


class BadBytes(Exception):
    """``codec`` cannot decode the byte at absolute ``offset`` (internal signal)."""

    def __init__(self, codec: str, offset: int, byte: int) -> None:
        super().__init__(f"{codec} cannot decode byte 0x{byte:02x} at {offset}")
        self.codec = codec
        self.offset = offset
        self.byte = byte


def sniff_bom(head: bytes) -> Encoding | None:
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, len(bom))
    return None


def normalize_name(name: str) -> str | None:
    """A codec name Python knows, with legacy aliases widened (GBK → GB18030)."""
    try:
        codec = codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return None
    return _ALIASES.get(codec, codec)


def check_not_binary(path: str, head: bytes) -> None:
    """Raise :class:`BinaryFileError` if the first 64 KB look like a binary file."""
    probe = head[:BINARY_PROBE]
    nul = probe.find(b"\x00")
    if nul >= 0:
        raise BinaryFileError(
            path,
            f"looks like a binary file (NUL byte at offset {nul}); Ponder reads text, "
            "PDF and DOCX files — if this is UTF-16 text, re-save it with a byte-order mark",
        )
    controls = len(_CONTROL.findall(probe))
    if probe and controls / len(probe) > CONTROL_SHARE:
        raise BinaryFileError(
            path,
            f"looks like a binary file ({controls} control bytes in the first "
            f"{len(probe)}); Ponder reads text, PDF and DOCX files",
        )


def strict_decodes(data: bytes, codec: str, complete: bool) -> bool:
    """Whether ``data`` decodes strictly (a cut final sequence is fine unless ``complete``).

    A codec that cannot even start on ``data`` (UTF-16 or UTF-32 without a byte-order mark
    raises a bare :class:`UnicodeError`, not a decode error) does not decode it either.
    """
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(data, final=complete)
    except UnicodeError:  # UnicodeDecodeError, and the BOM-less UTF-16/32 stream error
        return False
    return True


def utf8_validity(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 characters, invalid bytes) in ``data``."""
    text = data.decode("utf-8", "surrogateescape")
    invalid = len(_ESCAPED.findall(text))
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - invalid, invalid


def trim_partial(data: bytes, leading: bool = True) -> bytes:
    """``data`` without a cut UTF-8 sequence at its end (and start, if ``leading``)."""
    start = 0
    while leading and start < min(3, len(data)) and 0x80 <= data[start] < 0xC0:
        start += 1
    end = len(data)
    while end > max(start, len(data) - 3) and 0x80 <= data[end - 1] < 0xC0:
        end -= 1
    if end > start and data[end - 1] >= 0xC0:
        end -= 1
    return data[start:end]


def cut_tail(data: bytes, codec: str = "utf-8") -> int:
    """How many bytes at the end of ``data`` begin a character the data ends before
    (0 when it ends cleanly, or when ``codec`` is not UTF-8).

    A file cut off mid-character (a download stopped, a ``head -c``) is not damaged
    throughout: its text decodes, and the cut tail becomes U+FFFD, recorded as a repair.
    """
    if codec != "utf-8" or not data or data[-1] < 0x80:
        return 0
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return 0
    return len(decoder.getstate()[0])


def looks_damaged_utf8(data: bytes) -> bool:
    """Whether most non-ASCII sequences are valid UTF-8 but some bytes are not."""
    valid, invalid = utf8_validity(data)
    return invalid > 0 and valid / (valid + invalid) >= DAMAGED_UTF8_SHARE


def first_utf8_error(data: bytes, base: int = 0) -> BadBytes | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return BadBytes("utf-8", base + err.start, data[err.start])
    return None


def _line_aligned(sample: bytes) -> bytes:
    """Cut at the last newline so no multi-byte character is split (0x0A is never a trail)."""
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > len(sample) // 2 else sample


def rank_legacy(sample: bytes, candidates: list[str]) -> list[str]:
    """Order legacy candidates, most likely first (charset-normalizer, then mess ratio)."""
    if len(candidates) < 2:
        return candidates
    import charset_normalizer

    aligned = _line_aligned(sample)
    best = charset_normalizer.from_bytes(aligned, cp_isolation=candidates).best()
    first = normalize_name(best.encoding) if best is not None else None
    if first not in candidates:
        first = min(candidates, key=lambda c: _mess(aligned, c))
    return [first, *(c for c in candidates if c != first)]


def _mess(sample: bytes, codec: str) -> float:
    from charset_normalizer.md import mess_ratio

    text = sample.decode(codec, "replace")
    return float(mess_ratio(text, maximum_threshold=1.0)) + text.count("\ufffd")


def candidates(head: bytes, complete: bool, declared: str | None = None) -> list[str]:
    """Encodings to try, in order, for a file without a BOM that starts with ``head``."""
    order: list[str] = []
    utf8 = strict_decodes(head, "utf-8", complete)
    if utf8 and not head.isascii():
        order.append("utf-8")  # valid non-ASCII UTF-8 by chance is rare: trust it over a label
    name = normalize_name(declared) if declared else None
    if name and strict_decodes(head, name, complete):
        order.append(name)
    if utf8:
        order.append("utf-8")
    legacy = [c for c in LEGACY if c not in order and strict_decodes(_line_aligned(head), c, False)]
    order.extend(rank_legacy(head, legacy))
    return list(dict.fromkeys(order))


def decode_error(path: str, bad: BadBytes, damaged_utf8: bool) -> DecodeError:
    where = f"byte 0x{bad.byte:02x} at byte offset {bad.offset}"
    if damaged_utf8:
        return DecodeError(
            path,
            f"invalid UTF-8 ({where}) in a file that is otherwise UTF-8 — the file is "
            "damaged; repair or remove those bytes, or re-save the file as UTF-8",
        )
    return DecodeError(
        path,
        f"cannot decode the text ({where}): not valid UTF-8, and GB18030, Big5 and cp1252 "
        "do not explain it either; re-save the file as UTF-8",
    )


Verifier = Callable[[Encoding], None]
WindowReader = Callable[[int], bytes]


def settle(
    path: str,
    head: bytes,
    complete: bool,
    verify: Verifier,
    window: WindowReader,
    declared: str | None = None,
) -> Encoding:
    """Choose the encoding for a file and verify it over the whole file.

    ``head`` is the file's first bytes (``complete`` if that is all of it).  ``verify``
    decodes the whole file strictly, raising :class:`BadBytes` at the first bad byte;
    ``window(offset)`` returns bytes from a little before ``offset`` onwards (about 64 KB),
    to judge a late failure.
    """
    bom = sniff_bom(head)
    if bom is not None:
        _verify_or_raise(path, bom, verify)
        return bom
    check_not_binary(path, head)
    if complete and cut_tail(head):  # the file ends mid-character: judge the text before it
        head = head[: len(head) - cut_tail(head)]
    order = candidates(head, complete, declared)
    probe = head if complete else trim_partial(head, leading=False)
    first_bad = first_utf8_error(probe)
    if first_bad is not None and looks_damaged_utf8(probe):
        raise decode_error(path, first_bad, damaged_utf8=True)
    tried: list[str] = []
    while order:
        codec = order.pop(0)
        tried.append(codec)
        try:
            verify(Encoding(codec))
            return Encoding(codec)
        except BadBytes as bad:
            if codec == "utf-8":
                first_bad = first_bad or bad
                order = _after_utf8_failure(path, head, bad, window(bad.offset), tried)
    raise decode_error(path, first_bad or BadBytes("utf-8", 0, head[0]), damaged_utf8=False)


def _after_utf8_failure(
    path: str, head: bytes, bad: BadBytes, around: bytes, tried: list[str]
) -> list[str]:
    """UTF-8 failed late in the file: damaged UTF-8 (raise) or which legacy codecs to try.

    ``around`` holds the bytes from a little before the bad byte onwards; the candidates
    are ranked on it, since the head may be plain ASCII.
    """
    if looks_damaged_utf8(trim_partial(head) + b"\n" + trim_partial(around)):
        raise decode_error(path, bad, damaged_utf8=True)
    sample = _line_aligned(_from_line_start(around))
    legacy = [c for c in LEGACY if c not in tried and strict_decodes(sample, c, False)]
    return rank_legacy(sample, legacy)


def _from_line_start(data: bytes) -> bytes:
    cut = data.find(b"\n")
    return data[cut + 1 :] if 0 <= cut < len(data) // 2 else data


def _verify_or_raise(path: str, enc: Encoding, verify: Verifier) -> None:
    try:
        verify(enc)
    except BadBytes as bad:
        raise DecodeError(
            path,
            f"invalid {enc.codec} (byte 0x{bad.byte:02x} at byte offset {bad.offset}) in a "
            "file whose byte-order mark promises it; the file is damaged — re-save it",
        ) from None


def verify_bytes(data: bytes) -> Verifier:
    """A verifier for a file held in memory."""

    def verify(enc: Encoding) -> None:
        body = data[enc.skip :]
        try:
            body[: len(body) - cut_tail(body, enc.codec)].decode(enc.codec)
        except UnicodeDecodeError as err:
            raise BadBytes(enc.codec, enc.skip + err.start, data[enc.skip + err.start]) from None

    return verify


def decode_whole(data: bytes, enc: Encoding) -> tuple[str, bytes]:
    """``data`` decoded (already verified), and the bytes of a character cut off at its end
    (decoded as U+FFFD), if any."""
    body = data[enc.skip :]
    cut = cut_tail(body, enc.codec)
    if not cut:
        return body.decode(enc.codec), b""
    return body[: len(body) - cut].decode(enc.codec) + "\ufffd", body[len(body) - cut :]


def cut_repair(text: str, cut: bytes) -> Repair:
    """The repair that records a cut final character: U+FFFD at the end of ``text``."""
    at = len(text) - 1
    shown = "".join(f"\\x{b:02x}" for b in cut)
    return Repair("cut-character", at, at + 1, at, at + 1, shown, "\ufffd")
