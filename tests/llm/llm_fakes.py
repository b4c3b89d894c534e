"""A small OpenAI-like HTTP server that misbehaves on purpose, for the fault tests."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler


def sse(*events: object) -> bytes:
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events)


def chunk(text: str, finish: str | None = None) -> dict[str, object]:
    return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]}


GOOD_STREAM = sse(chunk("Hello"), chunk(", world"), chunk("", "stop")) + b"data: [DONE]\n\n"


@dataclass
class FakeAPI:
    """Scenario = first path segment: ``http://127.0.0.1:port/<scenario>/v1``."""

    port: int
    release: threading.Event = field(default_factory=threading.Event)
    hits: dict[str, int] = field(default_factory=dict)
    headers: list[dict[str, str]] = field(default_factory=list)
    bodies: list[dict[str, object]] = field(default_factory=list)

    def url(self, scenario: str) -> str:
        return f"http://127.0.0.1:{self.port}/{scenario}/v1"


def make_handler(api: FakeAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def reply(self, status: int, body: bytes, ctype: str = "application/json",
                  extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            scenario, _, rest = self.path.lstrip("/").partition("/")
            if scenario == "hang":
                api.release.wait(10)
            if scenario == "auth":
                self.reply(401, b'{"error": {"message": "Incorrect API key provided"}}')
            elif rest == "v1/models" and scenario == "garbage":
                self.reply(200, b"<html>not an API</html>", "text/html")
            elif rest == "v1/models":
                self.reply(200, json.dumps({"data": [{"id": "real-model"}]}).encode())
            else:
                self.reply(404, b'{"detail": "Not Found"}')

        def do_POST(self) -> None:
            scenario, _, rest = self.path.lstrip("/").partition("/")
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            api.hits[scenario] = api.hits.get(scenario, 0) + 1
            api.headers.append(dict(self.headers))
            api.bodies.append(body)
            if rest != "v1/chat/completions":
                self.reply(404, b'{"detail": "Not Found"}')
            elif scenario == "ok":
                if body.get("stream"):
                    self.reply(200, GOOD_STREAM, "text/event-stream")
                else:
                    msg = {"choices": [{"message": {"role": "assistant", "content": "Hi."}}]}
                    self.reply(200, json.dumps(msg).encode())
            elif scenario == "auth":
                self.reply(401, b'{"error": {"message": "Incorrect API key provided"}}')
            elif scenario == "nomodel":
                err = {"error": {"message": f"The model `{body.get('model')}` does not exist.",
                                 "code": "model_not_found"}}
                self.reply(404, json.dumps(err).encode())
            elif scenario == "garbage":
                self.reply(200, b"<html>Welcome to nginx</html>", "text/html")
            elif scenario == "garbagesse":
                self.reply(200, b"data: {not json\n\n", "text/event-stream")
            elif scenario == "nochoices":
                self.reply(200, b'{"object": "chat.completion"}')
            elif scenario == "cut":
                self.reply(200, sse(chunk("Hel")), "text/event-stream")
            elif scenario == "toolong":
                self.reply(400, b'{"error": {"message": "prompt exceeds context length"}}')
            elif scenario == "flaky" and api.hits[scenario] % 3 != 0:
                self.reply(503, b'{"error": "loading model"}')
            elif scenario == "flaky":
                self.reply(200, GOOD_STREAM, "text/event-stream")
            elif scenario == "busy":
                self.reply(429, b'{"error": "slow down"}', extra={"Retry-After": "0"})
            elif scenario == "hang":
                api.release.wait(10)
                self.reply(200, GOOD_STREAM, "text/event-stream")
            else:
                self.reply(500, b"unknown scenario")

    return Handler
