"""Fixtures for the search tests.

``small_lib``: a hand-written library (a few passages in simplified and
traditional Chinese and English), fresh per test.

``corpus_lib`` / ``embedded_lib``: one library holding both shared corpora, built
once and cached under ``.cache/`` (or ``$PONDER_TEST_CACHE``), keyed by the
corpus bytes and the source code that shapes it, then copied per session,
because embedding it takes 10–20 minutes on two cores. A rebuild after a code
change copies the vectors of unchanged passages from the previous build.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ponder.store import Library

from .search_fixtures import small_library
from corpus import ALTMAN, PYDOCS, REPO

CACHE = Path(os.environ.get("PONDER_TEST_CACHE", REPO / ".cache"))  # outside the repo: kept
STALE_BUILD = 3 * 3600  # seconds after which a half-built library is a killed run's
SRC = REPO / "src" / "ponder"
INGEST_PARTS = ("text/", "ingest/", "segment/", "store/", "records.py", "errors.py")
NOT_INGEST = ("store/vectors.py", "store/check.py")


@pytest.fixture(scope="session", autouse=True)
def shared_cache_dir() -> Iterator[None]:
    """Keep the CC-CEDICT tables built once across test runs."""
    if "PONDER_CACHE_DIR" in os.environ:
        yield
        return
    os.environ["PONDER_CACHE_DIR"] = str(CACHE / "user-cache")
    yield
    os.environ.pop("PONDER_CACHE_DIR", None)


@pytest.fixture
def small_lib(tmp_path: Path) -> Iterator[Library]:
    lib = small_library(tmp_path / "small")
    yield lib
    lib.close()


def _digest(paths: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(base)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def corpus_key() -> str:
    corpus = [p for root in (ALTMAN, PYDOCS) for p in root.rglob("*") if p.is_file()]
    code = [
        p for p in SRC.rglob("*")
        if p.is_file() and p.suffix in {".py", ".txt", ".json"}
        and str(p.relative_to(SRC)).startswith(INGEST_PARTS)
        and str(p.relative_to(SRC)) not in NOT_INGEST
    ]
    data = hashlib.sha256(
        (_digest(corpus, ALTMAN.parent) + _digest(code, SRC)).encode()
    ).hexdigest()[:16]
    return data


def embed_key() -> str:
    """What decides the stored vectors: the model input recipe, the model, the format."""
    from ponder.search import _embed
    from ponder.search._embedder import E5Embedder
    from ponder.store.vectors import STORED_DTYPE

    recipe = (_embed.passage_input, _embed.context_tail, _embed.worth_embedding, E5Embedder)
    parts = [inspect.getsource(x) for x in recipe]
    parts += [str(_embed.CONTEXT_WEIGHT), str(STORED_DTYPE)]
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:16]


def _build(target: Path, make: object) -> Path:
    """Build into a temporary folder beside ``target`` and move it in place when done."""
    if (target / "library.sqlite").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(".building-*"):
        if time.time() - old.stat().st_mtime > STALE_BUILD:
            shutil.rmtree(old, ignore_errors=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=".building-"))
    try:
        assert callable(make)
        make(work)
        with Library.open(work) as lib:  # fold the WAL into the main file
            lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            os.replace(work, target)
        except OSError:  # another test session finished the same build first
            if not (target / "library.sqlite").exists():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _ingest(work: Path) -> None:
    from ponder.store.add import add_paths

    with Library.open(work) as lib:
        summary = add_paths(lib, [ALTMAN, PYDOCS])
        assert not summary.failed, summary.failed


def cached_corpus() -> Path:
    return _build(CACHE / f"test-library-{corpus_key()}", _ingest)


def cached_embedded() -> Path:
    base = cached_corpus()

    def embed(work: Path) -> None:
        from ponder.search import embed_pending

        shutil.copy2(base / "library.sqlite", work / "library.sqlite")
        with Library.open(work) as lib:
            reused = _seed_vectors(lib)
            started = time.perf_counter()
            stats = embed_pending(lib, on_progress=_progress)
            print(f"\nembedded test library ({reused} vectors from an older build): "
                  f"{stats.to_json()} "
                  f"in {time.perf_counter() - started:.0f}s", file=sys.stderr)
            (work / "embed-stats.json").write_text(str(stats.to_json()))

    return _build(CACHE / f"test-library-{corpus_key()}-emb-{embed_key()}", embed)


def _seed_vectors(lib: Library) -> int:
    """Copy vectors for unchanged passages from older builds with the same embedding code."""
    before = lib.counts()["vectors"]
    for old in sorted(CACHE.glob(f"test-library-*-emb-{embed_key()}/library.sqlite")):
        lib.db.execute("ATTACH DATABASE ? AS old", (str(old),))
        try:
            with lib.transaction() as db:
                db.execute(
                    "INSERT OR IGNORE INTO vectors (passage_id, model, vec) "
                    "SELECT p.id, v.model, v.vec FROM passages p "
                    "LEFT JOIN passages q ON q.doc_id = p.doc_id AND q.seq = p.seq - 1 "
                    "JOIN old.passages op ON op.text_hash = p.text_hash "
                    "AND op.heading IS p.heading "
                    "LEFT JOIN old.passages oq ON oq.doc_id = op.doc_id AND oq.seq = op.seq - 1 "
                    "JOIN old.vectors v ON v.passage_id = op.id "
                    "WHERE q.text_hash IS oq.text_hash"
                )
        finally:
            lib.db.execute("DETACH DATABASE old")
    return lib.counts()["vectors"] - before


def _progress(done: int, total: int) -> None:
    if done == total or done % 320 == 0:
        print(f"  embedding {done}/{total}", file=sys.stderr)


def _copy(source: Path, dest: Path) -> Library:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "library.sqlite", dest / "library.sqlite")
    return Library.open(dest)


@pytest.fixture(scope="session")
def corpus_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = _copy(cached_corpus(), tmp_path_factory.mktemp("corpus"))
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def embedded_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = _copy(cached_embedded(), tmp_path_factory.mktemp("embedded"))
    yield lib
    lib.close()
