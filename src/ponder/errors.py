"""Every error Ponder raises on purpose.

    PonderError                      base: a message fit to show a user
    ├── InputError                   a file or path we were given cannot be used
    │   ├── MissingPathError         the path does not exist
    │   ├── UnreadableFileError      permission denied or an I/O error
    │   ├── EmptyFileError           the file has no bytes / no text
    │   ├── BinaryFileError          the file is binary, not text
    │   ├── DecodeError              no encoding we know decodes it
    │   ├── UnsupportedFormatError   an extension Ponder does not read
    │   ├── CorruptDocumentError     a PDF/DOCX/HTML the parser rejects
    │   └── ArchiveLimitError        a .docx whose parts inflate past Ponder's limits (zip bomb)
    ├── LibraryError                 the library (SQLite file) has a problem
    │   ├── SchemaError              written by a newer Ponder, or damaged
    │   ├── NoLibraryError           no library at that path (a read command creates none)
    │   ├── NotALibraryError         another program's file: refused and left untouched
    │   ├── LibraryReadOnlyError     the file or its folder is not writable: reading only
    │   ├── LibraryBusyError         another process held the write lock too long
    │   ├── StorageError             the disk refused a write (I/O error); nothing half-written
    │   │   └── DiskFullError        the disk is full (or a file size limit was reached)
    │   └── DocumentNotFoundError    no single document matches what was asked for
    │       └── AmbiguousDocumentError   several do (the message lists them)
    ├── SearchError                  a query that cannot be run
    ├── ModelError                   a model backend failed (message names backend/URL)
    │   ├── ModelUnavailableError    refused connection, file missing, extra not installed, 5xx
    │   ├── ModelAuthError           the endpoint refused the key (401/403)
    │   ├── ModelNotFoundError       the endpoint does not serve that model (404)
    │   ├── ModelTimeoutError        no answer within the timeout
    │   ├── ModelRequestError        the request was rejected (400: e.g. prompt too long)
    │   └── ModelResponseError       the answer is malformed (not JSON, no choices, cut off)
    ├── MemoryStoreError             the memory store refused or failed (message says why)
    │   ├── MemoryOffError           memory is off for this user: nothing read or written
    │   ├── MemoryNotFoundError      no memory of this user matches what was asked for
    │   ├── MemoryInputError         a bad user name, kind, tier, text, time or pattern
    │   └── MemoryImportError        not a Ponder memory export, or a bad entry in one
    └── ConfigError                  bad configuration value
        └── SettingError             a setting a flag, PONDER_* or the config file gives a
                                     value it cannot take: misuse, exit 2 like a bad option

Third-party exceptions are converted at the boundary with ``raise ... from``.
"""

from __future__ import annotations

from pathlib import Path


class PonderError(Exception):
    """Base class: ``str(err)`` is a complete message for a user."""


class InputError(PonderError):
    """A file or path given to Ponder cannot be used."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class MissingPathError(InputError):
    pass


class UnreadableFileError(InputError):
    pass


class EmptyFileError(InputError):
    pass


class BinaryFileError(InputError):
    pass


class DecodeError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class CorruptDocumentError(InputError):
    pass


class ArchiveLimitError(InputError):
    """A zip-based document whose parts would inflate past the size or ratio limit."""


class LibraryError(PonderError):
    """The library has a problem."""


class SchemaError(LibraryError):
    pass


class NoLibraryError(LibraryError):
    """No library at the path a read command was given; nothing was created."""


class NotALibraryError(LibraryError):
    """The path holds a file that is not a Ponder library; Ponder left it untouched."""


class LibraryReadOnlyError(LibraryError):
    """A write to a library whose file or folder Ponder may not write."""


class LibraryBusyError(LibraryError):
    """Another process held the library's write lock for longer than Ponder waits."""


class StorageError(LibraryError):
    """The disk refused a write to the library (an I/O error); the write was undone whole."""


class DiskFullError(StorageError):
    """No room left for the library's write: the disk is full, or a file size limit."""


class DocumentNotFoundError(LibraryError):
    pass


class AmbiguousDocumentError(DocumentNotFoundError):
    pass


class SearchError(PonderError):
    pass


class ConfigError(PonderError):
    pass


class SettingError(ConfigError):
    """A setting's value is not one it can take (``PONDER_MODEL_BACKEND=nope``,
    ``memory_embed = "maybe"``): misuse, so the CLI exits 2 as for ``--backend nope``;
    the message names the setting, where the value came from and the values it can take."""


class ModelError(PonderError):
    """A model backend failed; ``str(err)`` says what, where, and what to do."""


class ModelUnavailableError(ModelError):
    pass


class ModelAuthError(ModelError):
    pass


class ModelNotFoundError(ModelError):
    pass


class ModelTimeoutError(ModelError):
    pass


class ModelRequestError(ModelError):
    pass


class ModelResponseError(ModelError):
    pass


class MemoryStoreError(PonderError):
    """The memory store refused or failed; ``str(err)`` says what, for whom, and what to do.

    (Named so as not to shadow the builtin ``MemoryError``.)
    """


class MemoryOffError(MemoryStoreError):
    pass


class MemoryNotFoundError(MemoryStoreError):
    pass


class MemoryInputError(MemoryStoreError):
    pass


class MemoryImportError(MemoryStoreError):
    pass
