"""Ponder's ingest and search, side by side with BM25 baselines, on one generated corpus.

    python bench/search.py                      # full run: 100k passages, 200 queries
    python bench/search.py --quick              # smoke run: 2k passages, 40 queries
    python bench/search.py --profile            # also cProfile ingest and search

Prints a table (with PASS/FAIL next to each target) and writes JSON; see
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psutil

import synth
from baselines import Bm25s, Engine, RankBm25
from ponder.search import default_embedder, embed_pending, search
from ponder.search._filters import make_filter
from ponder.search._lexical import lexical_ranking
from ponder.search._query import query_terms
from ponder.search._translate import translate_query
from ponder.store import Library
from ponder.store.add import add_paths
from ponder.store.vectors import STORED_DTYPE, write_vectors
from ponder.text.normalize import index_tokens

ROOT = Path(__file__).resolve().parent.parent
TARGET_LEXICAL_P95_MS = 50.0
TARGET_INGEST_MB_S = 1.0
TARGET_PEAK_RSS_MB = 1000.0
MB = 1_000_000


@dataclass
class Latency:
    """Per-query wall times of one engine."""

    name: str
    seconds: list[float] = field(default_factory=list)
    with_hits: int = 0
    cold_ms: float | None = None

    def ms(self, q: float) -> float:
        return float(np.percentile(np.array(self.seconds) * 1000, q)) if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        times = np.array(self.seconds) * 1000
        return {
            "queries": len(self.seconds),
            "p50_ms": round(self.ms(50), 3),
            "p95_ms": round(self.ms(95), 3),
            "mean_ms": round(float(times.mean()), 3) if times.size else 0.0,
            "max_ms": round(float(times.max()), 3) if times.size else 0.0,
            "with_hits": self.with_hits,
            "cold_first_query_ms": None if self.cold_ms is None else round(self.cold_ms, 1),
        }


_START = time.perf_counter()
LOAD_BY_STAGE: list[tuple[str, float]] = []  # 1-minute load average as each stage starts


def log(message: str) -> None:
    load = os.getloadavg()[0]
    if not message.startswith(" "):
        LOAD_BY_STAGE.append((message, round(load, 2)))
    print(f"[{time.perf_counter() - _START:7.1f}s load {load:5.2f}] {message}", file=sys.stderr,
          flush=True)


def measure(
    name: str,
    queries: Sequence[str],
    run: Callable[[str], int],
    warm: int = 3,
    budget: float | None = None,
) -> Latency:
    """Time ``run`` on every query after ``warm`` unmeasured ones; ``run`` returns the hit count.

    With a ``budget`` (seconds), stop timing once it is spent (the count is reported).
    """
    result = Latency(name)
    deadline = time.perf_counter() + budget if budget else None
    for i, query in enumerate(queries[:warm]):
        started = time.perf_counter()
        run(query)
        if i == 0:
            result.cold_ms = (time.perf_counter() - started) * 1000
    for query in queries:
        started = time.perf_counter()
        hits = run(query)
        result.seconds.append(time.perf_counter() - started)
        result.with_hits += hits > 0
        if deadline is not None and time.perf_counter() > deadline:
            log(f"  {name}: time budget spent after {len(result.seconds)} queries")
            break
    return result


# ---- stages -----------------------------------------------------------------------


def ingest(library: Library, folder: Path, size: int) -> dict[str, Any]:
    started, cpu = time.perf_counter(), time.process_time()
    summary = add_paths(library, [folder])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = library.counts()
    return {
        "files": len(summary.added) + len(summary.updated),
        "failed": summary.failed,
        "bytes": size,
        "seconds": round(seconds, 2),
        "mb_per_s": round(size / MB / seconds, 3),
        "cpu_seconds": round(cpu, 2),
        "mb_per_cpu_s": round(size / MB / cpu, 3),
        "passages": counts["passages"],
        "passages_per_s": round(counts["passages"] / seconds, 1),
        "repairs": counts["repairs"],
        "library_mb": round(_folder_size(library.path.parent) / MB, 1),
    }


def profile_ingest(folder: Path, work: Path, files: int, out: Path) -> None:
    """cProfile adding the first ``files`` corpus files to a fresh library (not timed)."""
    subset = work / "profile-corpus"
    subset.mkdir()
    for path in sorted(folder.glob("*.txt"))[:files]:
        (subset / path.name).symlink_to(path)
    with Library.open(work / "profile-library") as library:
        profiler = cProfile.Profile()
        profiler.enable()
        add_paths(library, [subset])
        profiler.disable()
    _write_profile(profiler, out)


def fill_vectors(library: Library, sample: int, seed: int) -> dict[str, Any]:
    """Embed ``sample`` real passages with the shipped model; random unit vectors for the rest."""
    started = time.perf_counter()
    embedder = default_embedder()
    load_seconds = time.perf_counter() - started
    ids = np.array([r[0] for r in library.db.execute("SELECT id FROM passages ORDER BY id")])
    rng = np.random.default_rng(seed)
    real = set(rng.choice(ids, size=min(sample, ids.size), replace=False).tolist())
    rest = np.array([i for i in ids.tolist() if i not in real], dtype=np.int64)
    started = time.perf_counter()
    for start in range(0, rest.size, 10_000):
        part = rest[start : start + 10_000]
        vecs = rng.standard_normal((part.size, embedder.dim)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        blobs = vecs.astype(STORED_DTYPE)
        write_vectors(library, embedder.name, [
            (int(pid), blobs[j].tobytes()) for j, pid in enumerate(part.tolist())
        ])
    random_seconds = time.perf_counter() - started
    stats = embed_pending(library, batch=32, embedder=embedder)
    return {
        "model": embedder.name,
        "dim": embedder.dim,
        "model_load_s": round(load_seconds, 2),
        "random_vectors": int(rest.size),
        "random_fill_s": round(random_seconds, 2),
        "embedded": stats.embedded,
        "reused": stats.reused,
        "skipped": stats.skipped,
        "embed_seconds": round(stats.seconds, 2),
        "passages_per_s": round(stats.passages_per_second, 2),
        "model_passages_per_s": round(stats.model_passages_per_second, 2),
    }


def peak_rss(folder: Path, vocab: synth.Vocabulary, size: int, seed: int,
             timeout: float) -> dict[str, Any]:
    """Add one big generated file with the CLI in a child process; poll its RSS every 0.1 s."""
    path = folder / "big.txt"
    started = time.perf_counter()
    written = synth.write_big_file(vocab, path, size=size, seed=seed)
    log(f"  wrote {written / MB:.1f} MB in {time.perf_counter() - started:.1f}s; adding it")
    library = folder / "library"
    command = [sys.executable, "-m", "ponder", "--library", str(library), "add", "--no-embed",
               str(path)]
    out = folder / "add.log"
    peak = hwm = samples = 0
    with out.open("wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT)
        proc = psutil.Process(child.pid)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:  # exited: wait4 also gives the kernel's high-water mark for it
                break
            try:
                rss = proc.memory_info().rss
                rss += sum(c.memory_info().rss for c in proc.children(recursive=True))
                hwm = max(hwm, _vm_hwm(child.pid))
            except (psutil.NoSuchProcess, OSError):  # exited between wait4 and here
                time.sleep(0.01)
                continue
            peak, samples = max(peak, rss), samples + 1
            if time.perf_counter() - started > timeout and not timed_out:
                timed_out = True
                child.kill()
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    code = child.returncode
    cpu_seconds = usage.ru_utime + usage.ru_stime
    tail = out.read_text(errors="replace").strip().splitlines()[-3:]
    return {
        "file_mb": round(written / MB, 1),
        "command": " ".join(command[1:]),
        "exit_code": code,
        "timed_out": timed_out,
        "seconds": round(seconds, 1),
        "mb_per_s": round(written / MB / seconds, 3),
        "peak_rss_mb": round(peak / MB, 1),
        "vm_hwm_mb": round(hwm / MB, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "mb_per_cpu_s": round(written / MB / cpu_seconds, 3) if cpu_seconds else None,
        "samples": samples,
        "output_tail": tail,
    }


def tokenise_passages(library: Library) -> tuple[list[int], list[list[str]], float]:
    rows = library.db.execute("SELECT id, text FROM passages ORDER BY id").fetchall()
    started = time.perf_counter()
    tokens = [index_tokens(str(text)) for _, text in rows]
    return [int(r[0]) for r in rows], tokens, time.perf_counter() - started


def ponder_lexical_parts(library: Library, queries: Sequence[str]) -> dict[str, Latency]:
    """Where a lexical query's time goes: the FTS5 query alone, and the CEDICT translation."""
    filt = make_filter(library.db, None, None)
    fts = measure("ponder FTS5 query only",
                  queries, lambda q: len(lexical_ranking(library.db, query_terms(q), filt, 50)))
    translate = measure("ponder query translation", queries,
                        lambda q: len(translate_query(q).terms))
    return {"fts_only": fts, "translation": translate}


# ---- report -----------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: dict[str, Any]) -> str:
    lines: list[str] = []
    add = lines.append
    cfg, ing, lat = results["config"], results["ingest"], results["latency"]
    add(f"Ponder search benchmark — {ing['passages']:,} passages stored from "
        f"{cfg['passages']:,} generated, {cfg['queries']} queries"
        + ("  [QUICK: not the target scale]" if cfg["quick"] else ""))
    add(f"machine: {cfg['cpus']} cores, load average {cfg['load_before']} before, "
        f"{results['load_after']} after; python {cfg['python']}")
    src = cfg["source"]
    add(f"code: commit {src['commit']} + {len(src['changed'])} changed files in src/ "
        f"(src digest {src['src_sha256']})")
    add(f"corpus: {ing['files']} files, {ing['bytes'] / MB:.1f} MB, "
        f"{cfg['zh_share']:.0%} zh passages; English words from {cfg['en_source']}")
    add("")
    add(f"{'target':<44}{'measured':>22}  {'goal':<12}")
    p95 = lat["ponder_lexical"]["p95_ms"]
    add(f"{'lexical search p95':<44}{p95:>19.1f} ms  {'≤ 50 ms':<12}"
        f"{verdict(p95 <= TARGET_LEXICAL_P95_MS)}")
    add(f"{'ingest without embeddings (add_paths)':<44}{ing['mb_per_s']:>17.2f} MB/s  "
        f"{'≥ 1 MB/s':<12}{verdict(ing['mb_per_s'] >= TARGET_INGEST_MB_S)}")
    add(f"{'  the same per CPU second (an idle core)':<44}{ing['mb_per_cpu_s']:>17.2f} MB/s  "
        f"{'≥ 1 MB/s':<12}{verdict(ing['mb_per_cpu_s'] >= TARGET_INGEST_MB_S)} (CPU basis)")
    rss = results.get("rss")
    if rss:
        peak = max(rss["peak_rss_mb"], rss["vm_hwm_mb"])
        ok = peak <= TARGET_PEAK_RSS_MB and rss["exit_code"] == 0
        add(f"{'peak RSS adding a ' + str(rss['file_mb']) + ' MB file (CLI)':<44}"
            f"{peak:>19.1f} MB  {'≤ 1000 MB':<12}{verdict(ok)}")
    add("")
    add(f"{'search latency (warm)':<34}{'p50 ms':>9}{'p95 ms':>9}{'mean':>9}{'max':>9}"
        f"{'queries':>9}{'w/ hits':>9}{'cold ms':>9}")
    for key, label in (("ponder_lexical", "ponder lexical"),
                       ("ponder_hybrid", "ponder hybrid"),
                       ("ponder_fts_only", "  of which FTS5 query only"),
                       ("ponder_translation", "  of which CEDICT translation"),
                       ("bm25s", "bm25s retrieve()"),
                       ("bm25s_scores", "bm25s get_scores() + top-k"),
                       ("rank_bm25", "rank_bm25 (BM25Okapi)")):
        row = lat.get(key)
        if row:
            cold = row["cold_first_query_ms"]
            add(f"{label:<34}{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}{row['mean_ms']:>9.2f}"
                f"{row['max_ms']:>9.1f}{row['queries']:>9}{row['with_hits']:>9}"
                f"{'' if cold is None else f'{cold:.0f}':>9}")
    add("")
    add("ratios (Ponder / baseline, lower is better for Ponder):")
    for mode in ("ponder_lexical", "ponder_hybrid"):
        for base in ("bm25s", "bm25s_scores", "rank_bm25"):
            if mode in lat and base in lat and lat[base]["p50_ms"] > 0:
                r50 = lat[mode]["p50_ms"] / lat[base]["p50_ms"]
                r95 = lat[mode]["p95_ms"] / lat[base]["p95_ms"]
                label = f"{mode.replace('_', ' ')} / {base}"
                add(f"  {label:<30} p50 {r50:8.2f}x   p95 {r95:8.2f}x")
    add("")
    add("index build:")
    add(f"  ponder (read+repair+segment+tokenise+FTS5)  {ing['seconds']:>8.1f} s   "
        f"{ing['passages_per_s']:,.0f} passages/s, library {ing['library_mb']} MB")
    add(f"    CPU time {ing['cpu_seconds']} s = {ing['mb_per_cpu_s']} MB per CPU second "
        "(what an idle core would do)")
    base = results.get("baselines", {})
    if base:
        add(f"  tokenise all passages (index_tokens)       {base['tokenise_s']:>8.1f} s   "
            "(shared by both baselines)")
        for name in ("bm25s", "rank_bm25"):
            if name in base:
                add(f"  {name:<42} {base[name]['build_s']:>8.1f} s   "
                    f"(+ tokenise = {base[name]['build_s'] + base['tokenise_s']:.1f} s)")
    emb = results.get("embedding")
    if emb:
        add("")
        add(f"embedding ({emb['model']}, dim {emb['dim']}): {emb['embedded']} real passages "
            f"in {emb['embed_seconds']} s = {emb['passages_per_s']} passages/s "
            f"({emb['model_passages_per_s']}/s inside the model); model load "
            f"{emb['model_load_s']} s")
        add(f"  the other {emb['random_vectors']:,} vectors are random unit vectors in the "
            "same format (dense cost does not depend on their values)")
    if rss:
        add("")
        add(f"big-file add: {rss['file_mb']} MB in {rss['seconds']} s = {rss['mb_per_s']} MB/s, "
            f"exit {rss['exit_code']}{' (TIMED OUT)' if rss['timed_out'] else ''}; "
            f"peak RSS polled {rss['peak_rss_mb']} MB, high-water (VmHWM) "
            f"{rss['vm_hwm_mb']} MB; {rss['cpu_seconds']} CPU s = "
            f"{rss['mb_per_cpu_s']} MB per CPU second")
    add(f"total wall time {results['wall_seconds']:.0f} s")
    return "\n".join(lines)


# ---- driver -----------------------------------------------------------------------


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--passages", type=int, default=100_000, help="passages to generate")
    p.add_argument("--queries", type=int, default=200, help="queries to time per engine")
    p.add_argument("--per-file", type=int, default=100, help="passages per generated file")
    p.add_argument("--rank-bm25-queries", type=int, default=30,
                   help="queries timed on rank_bm25 (O(N) per query)")
    p.add_argument("--hybrid-budget", type=float, default=480,
                   help="stop timing hybrid queries after this many seconds")
    p.add_argument("--embed-sample", type=int, default=300,
                   help="passages embedded with the real model")
    p.add_argument("--rss-mb", type=float, default=200, help="size of the big file (MB)")
    p.add_argument("--rss-timeout", type=float, default=900, help="give up on the big file after")
    p.add_argument("--seed", type=int, default=20240519)
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                   help="real corpus whose English word counts are used (read only)")
    p.add_argument("--workdir", type=Path, default=None, help="where temporary files go")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "search.json")
    p.add_argument("--quick", action="store_true", help="small smoke run")
    p.add_argument("--profile", action="store_true",
                   help="also cProfile ingest (50 files) and queries, apart from the timed\n"
                   "runs; top functions go beside --out")
    p.add_argument("--skip", action="append", default=[],
                   choices=["hybrid", "baselines", "rank_bm25", "rss"], help="leave a stage out")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = p.parse_args(argv)
    if args.quick:
        args.passages = min(args.passages, 2000)
        args.queries = min(args.queries, 40)
        args.rank_bm25_queries = min(args.rank_bm25_queries, 10)
        args.embed_sample = min(args.embed_sample, 40)
        args.rss_mb = min(args.rss_mb, 8)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    wall = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="ponder-bench-", dir=args.workdir))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    profile_dir = args.out.parent if args.profile else None
    results: dict[str, Any] = {"config": {
        "passages": args.passages, "queries": args.queries, "seed": args.seed,
        "quick": args.quick, "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source_version(),
    }, "latency": {}}
    try:
        run(args, work, results, profile_dir)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    results["load_by_stage"] = LOAD_BY_STAGE
    results["wall_seconds"] = round(time.perf_counter() - wall, 1)
    table = report(results)
    results["table"] = table.splitlines()
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(table)
    print(f"\nJSON: {args.out}")
    return 0


def run(args: argparse.Namespace, work: Path, results: dict[str, Any],
        profile_dir: Path | None) -> None:
    cfg, lat = results["config"], results["latency"]
    log("building the vocabulary")
    vocab = synth.load_vocabulary(args.corpus)
    cfg["en_source"] = vocab.en_source
    cfg["vocabulary"] = {"zh": len(vocab.zh.words), "en": len(vocab.en.words)}

    log(f"writing {args.passages:,} passages")
    folder = work / "corpus"
    size, passages = synth.write_corpus(vocab, folder, passages=args.passages,
                                        per_file=args.per_file, seed=args.seed)
    cfg["zh_share"] = sum(lang == "zh" for lang, _ in passages) / max(1, len(passages))
    queries = synth.make_queries(vocab, passages, count=args.queries, seed=args.seed + 1)
    cfg["query_list"] = queries
    del passages

    log(f"ingesting {size / MB:.1f} MB with add_paths")
    library = Library.open(work / "library")
    results["ingest"] = ingest(library, folder, size)
    log(f"  {results['ingest']['mb_per_s']} MB/s, {results['ingest']['passages']:,} passages")
    if profile_dir:
        log("profiling the ingest of 50 files")
        profile_ingest(folder, work, 50, profile_dir / "profile-ingest.txt")

    log("ponder lexical search")
    lexical = measure("ponder lexical", queries,
                      lambda q: len(search(library, q, mode="lexical", limit=10)))
    lat["ponder_lexical"] = lexical.to_json()
    for key, part in ponder_lexical_parts(library, queries).items():
        lat[f"ponder_{key}"] = part.to_json()
    if profile_dir:
        _profile_queries(profile_dir / "profile-lexical.txt", queries,
                         lambda q: search(library, q, mode="lexical", limit=10))

    if "hybrid" not in args.skip:
        log(f"vectors: {args.embed_sample} real, the rest random")
        results["embedding"] = fill_vectors(library, args.embed_sample, args.seed + 2)
        log("ponder hybrid search")
        lat["ponder_hybrid"] = measure(
            "ponder hybrid", queries,
            lambda q: len(search(library, q, mode="hybrid", limit=10)),
            budget=args.hybrid_budget).to_json()
        if profile_dir:
            _profile_queries(profile_dir / "profile-hybrid.txt", queries,
                             lambda q: search(library, q, mode="hybrid", limit=10))

    if "baselines" not in args.skip:
        log("tokenising passages for the baselines")
        _, tokens, tokenise_s = tokenise_passages(library)
        base: dict[str, Any] = {"tokenise_s": round(tokenise_s, 2)}
        results["baselines"] = base
        engines: list[tuple[Engine, int]] = []
        log("bm25s index")
        bm25s = Bm25s.build(tokens)
        engines += [(bm25s, args.queries), (bm25s.scoring_only(), args.queries)]
        if "rank_bm25" not in args.skip:
            log("rank_bm25 index")
            engines.append((RankBm25.build(tokens), args.rank_bm25_queries))
        del tokens
        for engine, count in engines:
            log(f"{engine.name} queries")
            base.setdefault(engine.name.split("_scores")[0],
                            {"build_s": round(engine.build_seconds, 2)})
            lat[engine.name] = measure(engine.name, queries[:count], _hit_count(engine)).to_json()
        del engines
    library.close()

    if "rss" not in args.skip:
        log(f"peak RSS: {args.rss_mb:.0f} MB file through the CLI")
        big = work / "rss"
        big.mkdir()
        results["rss"] = peak_rss(big, vocab, int(args.rss_mb * MB), args.seed + 3,
                                  args.rss_timeout)


# ---- helpers ----------------------------------------------------------------------


def _hit_count(engine: Engine) -> Callable[[str], int]:
    return lambda query: len(engine.top(query, 10))


def _profile_queries(path: Path, queries: Sequence[str], run: Callable[[str], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries:
        run(q)
    profiler.disable()
    _write_profile(profiler, path)


def _write_profile(profiler: cProfile.Profile, path: Path) -> None:
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)
    path.write_text(buf.getvalue())
    log(f"  profile written to {path}")


def source_version() -> dict[str, Any]:
    """Which code was measured: the commit, files changed since, and a digest of src/ponder."""
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30, check=False)
        except OSError:
            return ""
        return done.stdout.rstrip()

    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "ponder").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed": git("status", "--porcelain", "--", "src").splitlines(),
        "src_sha256": digest.hexdigest()[:16],
    }


def _vm_hwm(pid: int) -> int:
    """The kernel's peak resident size of ``pid`` since its exec (catches spikes between polls)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


if __name__ == "__main__":
    sys.exit(main())
