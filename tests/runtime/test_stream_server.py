"""Stream / AsyncStream against a real HTTP server on 127.0.0.1.

The server is a raw-socket loopback server: each test scripts what it writes (chunked
transfer encoding by hand), so cuts, stalls and disconnects happen on a real TCP connection.
Every test runs with the sync and the async client.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

try:
    from helpers import build_runtime_package
except ImportError:  # tests/runtime imported as a package
    from .helpers import build_runtime_package  # type: ignore[no-redef]


class Choice(pydantic.BaseModel):
    index: int = 0
    delta: dict[str, Any] = {}
    finish_reason: str | None = None


class Chunk(pydantic.BaseModel):
    id: str
    choices: list[Choice]


@pytest.fixture(scope="module")
def rt(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build_runtime_package(tmp_path_factory.mktemp("rt"), name="stream_server_pkg")


@pytest.fixture(scope="module")
def streaming(rt: ModuleType) -> ModuleType:
    return importlib.import_module(f"{rt.__name__}._streaming")


@pytest.fixture(scope="module")
def exc(rt: ModuleType) -> ModuleType:
    return importlib.import_module(f"{rt.__name__}._exceptions")


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- the server -------------------------------------------------------------------------


def event(i: int, finish: str | None = None) -> bytes:
    body = {
        "id": "gen-1",
        "choices": [{"index": 0, "delta": {"content": f"tok{i} "}, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(body).encode() + b"\n\n"


DONE = b"data: [DONE]\n\n"
HEADERS = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: text/event-stream\r\n"
    b"Transfer-Encoding: chunked\r\n"
    b"x-request-id: req_42\r\n"
    b"\r\n"
)


class Conn:
    """One accepted connection, with helpers to write an SSE body chunk by chunk."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self.sock = sock
        self.stop = stop

    def read_request(self) -> None:
        self.sock.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            part = self.sock.recv(65536)
            if not part:
                raise ConnectionError("client went away before sending a request")
            data += part
        # Read the body too: closing a socket with unread input sends RST, not FIN, which
        # would turn a clean end of stream into a connection error on the client.
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            part = self.sock.recv(65536)
            if not part:
                raise ConnectionError("client went away while sending the body")
            body += part

    def start(self) -> None:
        self.sock.sendall(HEADERS)

    def chunk(self, data: bytes) -> None:
        self.sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))

    def end(self) -> None:
        self.sock.sendall(b"0\r\n\r\n")

    def reset(self) -> None:
        # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def client_gone(self, wait: float) -> bool:
        """True once the client has closed its end (recv gives b"" or the socket errors)."""
        self.sock.settimeout(wait)
        try:
            return self.sock.recv(4096) == b""
        except TimeoutError:
            return False
        except OSError:
            return True


Script = Callable[[Conn], None]


@dataclass
class Server:
    script: Script
    sock: socket.socket = field(default_factory=socket.socket)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    def start(self) -> None:
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self._spawn(self._accept_loop)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1/chat/completions"

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self._spawn(self._serve, conn)

    def _serve(self, sock: socket.socket) -> None:
        conn = Conn(sock, self.stop)
        try:
            conn.read_request()
            conn.start()
            self.script(conn)
        except OSError:
            pass  # the client went away: expected in several scenarios
        except BaseException as e:  # surfaced by the fixture
            self.errors.append(e)
        finally:
            sock.close()

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Script], Server]]:
    servers: list[Server] = []

    def start(script: Script) -> Server:
        server = Server(script)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
    for server in servers:
        assert not server.errors, server.errors


# --- the client -------------------------------------------------------------------------


@dataclass
class Result:
    items: list[Any] = field(default_factory=list)
    error: BaseException | None = None
    elapsed: float = 0.0
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)


def consume(
    streaming: ModuleType,
    mode: str,
    url: str,
    *,
    take: int | None = None,
    sentinel: str | None = "[DONE]",
    timeout: httpx.Timeout | None = None,
    after_break: Callable[[], bool] | None = None,
) -> Result:
    """Read the stream at `url` with Stream or AsyncStream, stopping after `take` items."""
    res = Result()
    timeout = timeout or httpx.Timeout(10.0, read=5.0)

    def record(item: Any) -> bool:
        res.items.append(item)
        return take is not None and len(res.items) >= take

    start = time.monotonic()
    if mode == "sync":
        with httpx.Client(timeout=timeout) as client:
            response = client.send(client.build_request("POST", url, json={}), stream=True)
            res.status, res.headers = response.status_code, dict(response.headers)
            try:
                with streaming.Stream(
                    cast_to=Chunk, response=response, client=client, sentinel=sentinel
                ) as stream:
                    for item in stream:
                        if record(item):
                            break
            except Exception as e:
                res.error = e
    else:

        async def main() -> None:
            async with httpx.AsyncClient(timeout=timeout) as client:
                request = client.build_request("POST", url, json={})
                response = await client.send(request, stream=True)
                res.status, res.headers = response.status_code, dict(response.headers)
                try:
                    async with streaming.AsyncStream(
                        cast_to=Chunk,
                        response=response,
                        client=client,
                        sentinel=sentinel,
                    ) as stream:
                        async for item in stream:
                            if record(item):
                                break
                except Exception as e:
                    res.error = e

        asyncio.run(main())
    res.elapsed = time.monotonic() - start
    return res


def ok(res: Result) -> list[Any]:
    if res.error is not None:
        raise res.error
    return res.items


# --- scenarios --------------------------------------------------------------------------


def test_thousand_chunks_in_order(
    streaming: ModuleType, mode: str, serve: Callable[[Script], Server]
) -> None:
    def script(conn: Conn) -> None:
        for i in range(1000):
            raw = event(i, "stop" if i == 999 else None)
            if i % 3 == 0:  # some events cut across HTTP chunks at varying offsets
                cut = i % len(raw)
                conn.chunk(raw[:cut] or raw)
                if raw[cut:] and cut:
                    conn.chunk(raw[cut:])
            else:
                conn.chunk(raw)
        conn.chunk(DONE)
        conn.end()

    server = serve(script)
    res = consume(streaming, mode, server.url)
    items = ok(res)
    assert [c.choices[0].delta["content"] for c in items] == [f"tok{i} " for i in range(1000)]
    assert [c.choices[0].finish_reason for c in items[:-1]] == [None] * 999
    assert items[-1].choices[0].finish_reason == "stop"
    assert res.status == 200 and res.headers["x-request-id"] == "req_42"


def test_keep_alive_comments_between_chunks(
    streaming: ModuleType, mode: str, serve: Callable[[Script], Server]
) -> None:
    def script(conn: Conn) -> None:
        for i in range(10):
            conn.chunk(b": OPENROUTER PROCESSING\n\n")
            time.sleep(0.005)
            conn.chunk(b": keep-alive\r\n\r\n" + event(i, "stop" if i == 9 else None))
        conn.chunk(b": OPENROUTER PROCESSING\n\n" + DONE)
        conn.end()

    items = ok(consume(streaming, mode, serve(script).url))
    assert [c.choices[0].delta["content"] for c in items] == [f"tok{i} " for i in range(10)]


def test_error_event_mid_stream(
    streaming: ModuleType, exc: ModuleType, mode: str, serve: Callable[[Script], Server]
) -> None:
    def script(conn: Conn) -> None:
        for i in range(3):
            conn.chunk(event(i))
        error = {"error": {"code": 502, "message": "Provider returned error"}}
        conn.chunk(b"data: " + json.dumps(error).encode() + b"\n\n")
        conn.chunk(event(3))
        conn.chunk(DONE)
        conn.end()

    res = consume(streaming, mode, serve(script).url)
    assert len(res.items) == 3
    assert isinstance(res.error, exc.APIStreamError)
    assert res.error.code == 502
    assert res.error.message == "Provider returned error"
    assert res.error.payload == {"error": {"code": 502, "message": "Provider returned error"}}


@pytest.mark.parametrize("how", ["reset", "close"])
def test_connection_cut_mid_event(
    streaming: ModuleType,
    exc: ModuleType,
    mode: str,
    serve: Callable[[Script], Server],
    how: str,
) -> None:
    def script(conn: Conn) -> None:
        conn.chunk(event(0))
        conn.chunk(event(1))
        conn.chunk(event(2)[:25])
        time.sleep(0.05)  # let the client read what was sent before the cut
        if how == "reset":
            conn.reset()
        else:
            conn.sock.shutdown(socket.SHUT_RDWR)  # FIN with no chunked terminator

    res = consume(streaming, mode, serve(script).url)
    assert len(res.items) == 2
    assert type(res.error) is exc.APIConnectionError
    assert isinstance(res.error.__cause__, httpx.TransportError)
    assert "stream interrupted after 2 events" in str(res.error)


def test_stream_ended_without_done(
    streaming: ModuleType, exc: ModuleType, mode: str, serve: Callable[[Script], Server]
) -> None:
    def script(conn: Conn) -> None:
        conn.chunk(event(0))
        conn.chunk(event(1))
        conn.end()  # a well-formed body, just without the sentinel

    res = consume(streaming, mode, serve(script).url)
    assert len(res.items) == 2
    assert type(res.error) is exc.APIConnectionError
    assert "stream ended before [DONE]: truncated" in str(res.error)


def test_stream_without_sentinel_ends_at_end_of_body(
    streaming: ModuleType, mode: str, serve: Callable[[Script], Server]
) -> None:
    def script(conn: Conn) -> None:
        conn.chunk(event(0))
        conn.chunk(event(1, "stop"))
        conn.end()

    assert len(ok(consume(streaming, mode, serve(script).url, sentinel=None))) == 2


def _endless(gone: threading.Event) -> Script:
    def script(conn: Conn) -> None:
        # Bounded: at most ~10 s of events; stops as soon as the client has hung up.
        for i in range(2000):
            if conn.stop.is_set():
                return
            try:
                conn.chunk(event(i))
            except OSError:
                gone.set()
                return
            if conn.client_gone(0.005):
                gone.set()
                return

    return script


def test_early_break_closes_the_connection(
    streaming: ModuleType, mode: str, serve: Callable[[Script], Server]
) -> None:
    gone = threading.Event()
    server = serve(_endless(gone))
    res = consume(streaming, mode, server.url, take=3)
    assert len(ok(res)) == 3
    t0 = time.monotonic()
    assert gone.wait(2.0), "the server did not see the client disconnect"
    assert time.monotonic() - t0 < 2.0


def test_break_without_with_block_closes_the_connection(
    streaming: ModuleType, serve: Callable[[Script], Server]
) -> None:
    gone = threading.Event()
    server = serve(_endless(gone))
    with httpx.Client(timeout=httpx.Timeout(10.0, read=5.0)) as client:
        response = client.send(client.build_request("GET", server.url), stream=True)
        # The idiomatic call site: no variable, no with-block, just a loop and a break.
        for n, _ in enumerate(
            streaming.Stream(cast_to=Chunk, response=response, client=client, sentinel="[DONE]")
        ):
            if n == 2:
                break
        assert gone.wait(2.0), "the server did not see the client disconnect"
        assert response.is_closed


def test_async_break_without_with_block_closes_the_connection(
    streaming: ModuleType, serve: Callable[[Script], Server]
) -> None:
    gone = threading.Event()
    server = serve(_endless(gone))

    async def main() -> None:
        async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=5.0)) as client:
            response = await client.send(client.build_request("GET", server.url), stream=True)
            n = 0
            async for _ in streaming.AsyncStream(
                cast_to=Chunk, response=response, client=client, sentinel="[DONE]"
            ):
                n += 1
                if n == 3:
                    break
            # asyncio finalises the abandoned async generator in a task of its own.
            for _ in range(200):
                if gone.is_set():
                    break
                await asyncio.sleep(0.01)
            assert gone.is_set(), "the server did not see the client disconnect"
            assert response.is_closed

    asyncio.run(main())


def test_idle_server_trips_the_idle_timeout(
    streaming: ModuleType, exc: ModuleType, mode: str, serve: Callable[[Script], Server]
) -> None:
    def script(conn: Conn) -> None:
        conn.chunk(event(0))
        conn.stop.wait(5.0)  # silent until the test ends (bounded)

    res = consume(streaming, mode, serve(script).url, timeout=httpx.Timeout(10.0, read=0.5))
    assert len(res.items) == 1
    assert isinstance(res.error, exc.APITimeoutError)
    assert "no data received for 0.5 seconds" in str(res.error)
    assert isinstance(res.error.__cause__, httpx.ReadTimeout)
    assert 0.4 < res.elapsed < 3.0
