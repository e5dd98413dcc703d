"""Helpers of the runtime tests: mock clients, scripted loopback servers, `run` for coroutines.

A module of its own (not conftest.py) so test modules can import it by a unique name."""

from __future__ import annotations

import asyncio
import socket
import struct
import sys
import threading
import time
import types
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

_T = TypeVar("_T")

BASE_URL = "https://api.example.com/v1"


def run(coro: Awaitable[_T]) -> _T:
    """Run a coroutine to completion (the async tests need no pytest plugin)."""

    async def main() -> _T:
        return await coro

    return asyncio.run(main())


class Recorder:
    """A MockTransport handler that answers from a script and records every request."""

    def __init__(
        self, *responses: httpx.Response | Callable[[httpx.Request], httpx.Response]
    ):
        self.responses = list(responses) or [httpx.Response(200, json={})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        index = min(len(self.requests), len(self.responses)) - 1
        answer = self.responses[index]
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        # A fresh copy each time: an httpx.Response can only be consumed once.
        return httpx.Response(
            answer.status_code, headers=answer.headers, content=answer.content
        )

    @property
    def count(self) -> int:
        return len(self.requests)


def make_sync(
    rt: types.ModuleType, recorder: Recorder, **kwargs: Any
) -> tuple[Any, list[float]]:
    """A SyncAPIClient over a MockTransport; returns it and the list of (mocked) sleeps."""
    sleeps: list[float] = []
    kwargs.setdefault("base_url", BASE_URL)
    client = rt._base_client.SyncAPIClient(
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs
    )
    client._sleep = sleeps.append
    return client, sleeps


def make_async(
    rt: types.ModuleType, recorder: Recorder, **kwargs: Any
) -> tuple[Any, list[float]]:
    """An AsyncAPIClient over a MockTransport; returns it and the list of (mocked) sleeps."""
    sleeps: list[float] = []
    kwargs.setdefault("base_url", BASE_URL)

    async def handler(request: httpx.Request) -> httpx.Response:
        return recorder(request)

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client = rt._base_client.AsyncAPIClient(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **kwargs
    )
    client._sleep = fake_sleep
    return client, sleeps


# ------------------------------------------------------------------------------------------
# A scripted HTTP/1.1 server on 127.0.0.1 for fault injection.
# ------------------------------------------------------------------------------------------


@dataclass
class Step:
    """What the server does for one request.

    kind: "respond" (status/headers/body, after `delay` seconds), "drop" (close the
    connection with a TCP reset before any response).
    """

    kind: str = "respond"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"{}"
    delay: float = 0.0


def respond(
    status: int = 200,
    body: bytes | str = b"{}",
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> Step:
    """A step that answers with a full response."""
    data = body.encode() if isinstance(body, str) else body
    hdrs = {"Content-Type": "application/json"}
    hdrs.update(headers or {})
    return Step("respond", status, hdrs, data, delay)


def drop() -> Step:
    """A step that resets the connection without answering."""
    return Step("drop")


@dataclass
class Seen:
    """One request the server received."""

    method: str
    target: str
    headers: dict[str, str]
    at: float


class ScriptedServer:
    """Answers request n with step n (the last step repeats); records every request.

    One thread per connection; every loop is bounded by `stop` and socket timeouts.
    """

    def __init__(self, steps: list[Step]) -> None:
        self.steps = steps
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    @property
    def count(self) -> int:
        return len(self.seen)

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests."""
        times = [s.at for s in self.seen]
        return [b - a for a, b in itertools.pairwise(times)]

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _read_request(self, conn: socket.socket) -> Seen | None:
        data = b""
        while b"\r\n\r\n" not in data:
            if self._stop.is_set() or len(data) > 1_000_000:
                return None
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(rest) < length and not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            rest += chunk
        return Seen(method, target, headers, time.monotonic())

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        try:
            seen = self._read_request(conn)
            if seen is None:
                return
            with self._lock:
                self.seen.append(seen)
                step = self.steps[min(len(self.seen), len(self.steps)) - 1]
            if step.kind == "drop":
                # SO_LINGER 0: close() sends RST instead of FIN.
                conn.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                return
            if step.delay and self._stop.wait(step.delay):
                return
            reason = {200: "OK"}.get(step.status, "Status")
            head = [
                f"HTTP/1.1 {step.status} {reason}",
                f"Content-Length: {len(step.body)}",
            ]
            head += [f"{k}: {v}" for k, v in step.headers.items()]
            head.append("Connection: close")
            payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + step.body
            conn.sendall(payload)
        except OSError:
            pass  # the client gave up (timeout) and closed its end
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=2)
        for thread in self._threads:
            thread.join(timeout=2)
        self._sock.close()
