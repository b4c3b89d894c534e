"""Fixtures for the llm tests: the shipped model, a real llama.cpp server, a fault server."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ponder.llm.backends.llamacpp import LlamaCppBackend, shipped_model

from .llm_fakes import FakeAPI, make_handler
from markers import local_extra_missing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def gguf() -> Path:
    """The shipped SmolLM2 model; tests that use it skip without the ``local`` extra."""
    missing = local_extra_missing()
    if missing:
        pytest.skip(missing)
    path = shipped_model()
    assert path is not None
    return path


@pytest.fixture(scope="session")
def llama(gguf: Path) -> LlamaCppBackend:
    return LlamaCppBackend(gguf, n_ctx=2048, n_threads=2)


@pytest.fixture(scope="session")
def llama_server(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` on a free loopback port; yields the /v1 base URL."""
    pytest.importorskip("llama_cpp.server.app",
                        reason="llama_cpp.server needs llama-cpp-python's 'server' extra")
    port = free_port()
    log = tmp_path_factory.mktemp("llama_server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host",
           "127.0.0.1", "--port", str(port), "--n_threads", "2", "--n_ctx", "2048"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                tail = log.read_text()[-2000:]
                pytest.fail(f"llama_cpp.server exited {proc.returncode}:\n{tail}")
            try:
                if httpx.get(f"{base}/models", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server not up after 60 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out or hang up on purpose are expected here


@pytest.fixture
def fake_api() -> Iterator[FakeAPI]:
    """A fresh fault server per test (so hit counts start at zero)."""
    api = FakeAPI(0)
    server = QuietServer(("127.0.0.1", 0), make_handler(api))
    api.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield api
    api.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"
