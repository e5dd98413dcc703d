"""Helpers shared by the end-to-end tests: generate an SDK, import it, serve HTTP on loopback."""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

from generator.pipeline import GenerateRequest, generate

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"

SEEDS = {
    "openrouter": (
        SPECS / "openrouter-completions.yaml",
        "OpenRouter",
        "https://openrouter.ai/api/v1",
    ),
    "interactive": (SPECS / "interactive-completions.json", "Interactive", ""),
}


def generate_seed(key: str, out: Path, **overrides: object) -> Path:
    """Generate one seed SDK into `out` (with the smoke test) and return `out`."""
    spec, name, base_url = SEEDS[key]
    request = GenerateRequest(spec=str(spec), out_dir=out, name=name, base_url=base_url)
    generate(dataclasses.replace(request, **overrides))  # type: ignore[arg-type]
    return out


def import_package(root: Path, package: str) -> ModuleType:
    """Import `package` from `root`, dropping any earlier import of the same name."""
    for name in list(sys.modules):
        if name == package or name.startswith(package + "."):
            del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(root))


@dataclass
class Recorded:
    """One request the test server saw."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Server:
    """A loopback HTTP server whose answers a test scripts with `handler`."""

    handler: Callable[[Recorded], Reply]
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""


@contextmanager
def serve(handler: Callable[[Recorded], Reply]) -> Iterator[Server]:
    """Run a threaded HTTP server on 127.0.0.1 for the duration of the block."""
    state = Server(handler)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            rec = Recorded(
                self.command, path, query, {k.lower(): v for k, v in self.headers.items()}, body
            )
            state.requests.append(rec)
            status, headers, payload = state.handler(rec)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def json_reply(status: int, payload: object, headers: dict[str, str] | None = None) -> Reply:
    """A JSON answer."""
    return (
        status,
        {"content-type": "application/json", **(headers or {})},
        json.dumps(payload).encode(),
    )


COMPLETION = {
    "id": "cmpl-1",
    "object": "text_completion",
    "created": 1700000000,
    "model": "gpt-test",
    "choices": [
        {"text": "Hello", "index": 0, "logprobs": None, "finish_reason": "stop"},
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
