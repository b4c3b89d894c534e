"""Bad paths and the reader registry: every failure names the file, the reason, the fix."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.errors import (
    EmptyFileError,
    InputError,
    MissingPathError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from ponder.ingest import SourceChunk, open_source, supported_suffixes
from ponder.ingest.readers import Opened, Reader, ReaderRegistry, default_registry, discover
from ponder.ingest.source import os_errors
from ponder.text.offsets import OffsetMap

ALL_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


def test_supported_suffixes():
    assert supported_suffixes() == ALL_SUFFIXES


def test_missing_path(tmp_path: Path):
    with pytest.raises(MissingPathError) as info:
        open_source(tmp_path / "nope.txt")
    assert str(info.value) == f"{tmp_path / 'nope.txt'}: no such file or directory; check the path"


def test_dangling_symlink(tmp_path: Path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(MissingPathError, match=r"link\.txt: is a symbolic link to .*gone\.txt"):
        open_source(link)


def test_directory(tmp_path: Path):
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    with pytest.raises(UnreadableFileError, match="is a directory, not a file"):
        open_source(folder)


def test_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(
        UnreadableFileError, match=r"pipe\.txt: is not a regular file \(it is a named pipe\)"
    ):
        open_source(fifo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_permission_denied_for_real(tmp_path: Path):
    path = tmp_path / "secret.txt"
    path.write_text("hidden")
    path.chmod(0)
    with pytest.raises(UnreadableFileError, match="permission denied"):
        open_source(path)


def test_permission_denied_when_open_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "secret.txt"
    path.write_text("hidden text")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(UnreadableFileError) as info:
        open_source(path)
    assert str(info.value) == (
        f"{path}: permission denied; make the file readable (e.g. chmod u+r) and try again"
    )


def test_io_error_while_reading_chunks(tmp_path: Path):
    with pytest.raises(UnreadableFileError, match="Input/output error"), os_errors(tmp_path):
        raise OSError(5, "Input/output error")


def test_unsupported_format(tmp_path: Path):
    path = tmp_path / "sheet.xyz"
    path.write_text("a,b")
    with pytest.raises(UnsupportedFormatError) as info:
        open_source(path)
    message = str(info.value)
    assert message.startswith(f"{path}: unsupported format '.xyz'; Ponder reads ")
    assert all(s in message for s in ALL_SUFFIXES)


def test_suffix_is_case_insensitive(tmp_path: Path):
    path = tmp_path / "LOUD.TXT"
    path.write_text("hello\n")
    assert open_source(path).format == "txt"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  \n"], ids=["empty", "whitespace"])
def test_empty_files(tmp_path: Path, data: bytes):
    path = tmp_path / "e.md"
    path.write_bytes(data)
    with pytest.raises(
        EmptyFileError, match=r"e\.md: (the file is empty|contains only whitespace)"
    ):
        open_source(path)


def test_every_input_error_reads_path_reason_fix(tmp_path: Path):
    with pytest.raises(InputError) as info:
        open_source(tmp_path / "x.pdf")
    path, _, rest = str(info.value).partition(": ")
    assert path == str(tmp_path / "x.pdf") and "; " in rest


# -- registry ---------------------------------------------------------------------


def _csv_chunks() -> Iterator[SourceChunk]:
    yield SourceChunk("a,b", OffsetMap.identity(3), [])


def test_a_new_format_registers_like_the_builtins(tmp_path: Path):
    registry = discover(ReaderRegistry())
    registry.register(
        Reader("csv", (".csv",), lambda path, size: Opened("utf-8", "t", _csv_chunks))
    )
    path = tmp_path / "data.CSV"
    path.write_text("a,b")
    source = open_source(path, registry)
    assert source.format == "csv"
    assert [c.text for c in source.chunks()] == ["a,b"]
    assert ".csv" in supported_suffixes(registry) and ".csv" not in supported_suffixes()


def test_builtin_readers_are_discovered_as_modules():
    formats = {default_registry().for_suffix(s).format for s in ALL_SUFFIXES}  # type: ignore[union-attr]
    assert formats == {"txt", "md", "html", "pdf", "docx"}


def test_a_suffix_cannot_be_claimed_twice():
    registry = discover(ReaderRegistry())
    with pytest.raises(ValueError, match="already read by 'txt'"):
        registry.register(
            Reader("other", (".txt",), lambda path, size: Opened(None, "", _csv_chunks))
        )
